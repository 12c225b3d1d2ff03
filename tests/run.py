"""`make test`'s Django steps: `makemigrations --check`, then pytest with the given arguments.

    .venv/bin/python -m tests.run [PYTEST_ARGUMENTS...]

Without DATABASE_URL, loading the settings starts the embedded PostgreSQL under var/ and
leaves it running. This runner stops it at the end when it was not running before, whatever
the end: tests failed, Ctrl-C, SIGTERM or SIGHUP. With DATABASE_URL set it starts and stops
nothing.

Each step may write compiled files (`__pycache__/`, ignored by git) even where
PYTHONDONTWRITEBYTECODE is set, as it is on CI machines: otherwise each of the run's processes
(pytest, each xdist worker, each command a test starts) compiles the project and rewrites every
test module again, 21 s of collection per process instead of 7.

Each step runs in a process group of its own, so that a signal reaches the runner first: it
interrupts the whole step (pytest and its xdist workers) as Ctrl-C would, waits for it to end,
then stops the server. A second signal kills the step outright. (So a step cannot read the
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

_step: subprocess.Popen[bytes] | None = None  # the step running now
_interrupted = False


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    global _interrupted
    if _step is None or _step.poll() is not None:
        raise SystemExit(128 + signum)
    with contextlib.suppress(ProcessLookupError):  # the step has just ended
        os.killpg(_step.pid, signal.SIGKILL if _interrupted else signal.SIGINT)
    _interrupted = True


def _run(*arguments: str) -> int:
    global _step
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    _step = subprocess.Popen(  # noqa: S603
        [sys.executable, *arguments], process_group=0, env=environment
    )
    try:
        code = _step.wait()
    finally:
        _step = None
    if _interrupted:
        raise SystemExit(130)  # as an interrupted shell command: no further step
    return 128 - code if code < 0 else code  # killed by a signal: the shell's convention


def main(pytest_arguments: list[str]) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "sutura.settings.test"
    ours_to_stop = not os.environ.get("DATABASE_URL") and not embedded_db.is_running()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _on_signal)
    try:
        code = _run("manage.py", "makemigrations", "--check", "--dry-run")
        if code == 0:
            code = _run("-m", "pytest", *pytest_arguments)
        return code
    finally:
        if ours_to_stop and embedded_db.is_running():
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, signal.SIG_IGN)  # let the server stop cleanly
            embedded_db.stop()
            print("Embedded PostgreSQL stopped (this run started it).", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
