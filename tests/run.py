"""`make test`'s steps after the install: `makemigrations --check`; then the lint, type and
audit checks (`make lint typecheck audit`) while the test databases' migrated template is
built beside them (`python -m tests.db_reuse`); then pytest with the given arguments.

    .venv/bin/python -m tests.run [PYTEST_ARGUMENTS...]

Migrating a new database takes most of a minute of one core, and mypy another minute and a
half of the other: side by side, on a fresh clone, they cost the run the longer of the two
instead of both, and no pytest worker sits waiting for the migrations while another builds
them. `SUTURA_SKIP_CHECKS=1` leaves the checks out (pytest alone, as when iterating).

Without DATABASE_URL, loading the settings starts the embedded PostgreSQL under var/ and
leaves it running. This runner stops it at the end when it was not running before, whatever
the end: tests failed, Ctrl-C, SIGTERM or SIGHUP. With DATABASE_URL set it starts and stops
nothing.

Each step may write compiled files (`__pycache__/`, ignored by git) even where
PYTHONDONTWRITEBYTECODE is set, as it is on CI machines: otherwise each of the run's processes
(pytest, each xdist worker, each command a test starts) compiles the project and rewrites every
test module again, 21 s of collection per process instead of 7.

Each step runs in a process group of its own, so that a signal reaches the runner first: it
interrupts every step running (pytest and its xdist workers; the checks and the template's
build) as Ctrl-C would, waits for them to end, then stops the server. A second signal kills
them outright. (So a step cannot read the
terminal: for `--pdb`, run pytest itself.)
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from types import FrameType

from sutura import embedded_db

_steps: list[subprocess.Popen[bytes]] = []  # the steps running now
_interrupted = False


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    global _interrupted
    running = [step for step in _steps if step.poll() is None]
    if not running:
        raise SystemExit(128 + signum)
    for step in running:
        with contextlib.suppress(ProcessLookupError):  # the step has just ended
            os.killpg(step.pid, signal.SIGKILL if _interrupted else signal.SIGINT)
    _interrupted = True


def _start(*command: str) -> subprocess.Popen[bytes]:
    """A step in a process group of its own (a Python module or script unless `command`
    starts with "make")."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if command[0] != "make":
        command = (sys.executable, *command)
    step = subprocess.Popen(command, process_group=0, env=environment)  # noqa: S603
    _steps.append(step)
    return step


def _wait(step: subprocess.Popen[bytes]) -> int:
    try:
        code = step.wait()
    finally:
        if _interrupted:  # the others were interrupted too: let them end first
            for other in _steps:
                other.wait()
        _steps.remove(step)
    if _interrupted:
        raise SystemExit(130)  # as an interrupted shell command: no further step
    return 128 - code if code < 0 else code  # killed by a signal: the shell's convention


def _run(*command: str) -> int:
    return _wait(_start(*command))


def main(pytest_arguments: list[str]) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "sutura.settings.test"
    ours_to_stop = not os.environ.get("DATABASE_URL") and not embedded_db.is_running()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _on_signal)
    try:
        code = _run("manage.py", "makemigrations", "--check", "--dry-run")
        if code != 0:
            return code
        if os.environ.get("SUTURA_SKIP_CHECKS") != "1":
            # The template is built (or found current) beside the checks; pytest's workers then
            # only copy it. The checks' own DATABASE_URL never connects (see the Makefile).
            template = _start("-m", "tests.db_reuse")
            checks = _run("make", "--no-print-directory", "lint", "typecheck", "audit")
            built = _wait(template)
            if checks != 0:
                return checks
            if built != 0:
                print("The test databases' template could not be built.", flush=True)
                return built
        return _run("-m", "pytest", *pytest_arguments)
    finally:
        if ours_to_stop and embedded_db.is_running():
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, signal.SIG_IGN)  # let the server stop cleanly
            embedded_db.stop()
            print("Embedded PostgreSQL stopped (this run started it).", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
