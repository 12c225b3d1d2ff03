"""`make demo`: prepare the database, load the demo data and serve the app.

Two processes serve the demo: the web server and one background worker (`manage.py db_worker`,
the queue of sutura.core.tasks: duplicate searches…). Ctrl-C stops both — the worker is asked
to stop, then killed if a job holds it — then the embedded PostgreSQL (when this command started
it). No process is left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys

HOST_PORT = os.environ.get("SUTURA_DEMO_ADDRESS", "127.0.0.1:8000")
# Seconds a process gets to stop on its own before it is killed.
STOP_SECONDS = 10


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)  # noqa: S603


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "manage.py", *args])  # noqa: S603


def worker_command() -> list[str]:
    """Every queue, polled each second, no code reloading (a job must not be cut by a reload)."""
    return ["db_worker", "--queue-name", "*", "--interval", "1", "--no-reload", "-v", "0"]


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """Ask a process to stop (SIGTERM), wait, then kill it: it never outlives the demo."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sutura.settings.demo")
    embedded = not os.environ.get("DATABASE_URL")
    server = worker = None
    try:
        manage("migrate", "--no-input", "-v", "0")
        manage("seed_demo")
        worker = start(*worker_command())
        print(f"\nSutura is served on http://{HOST_PORT}/ — press Ctrl-C to stop.\n", flush=True)
        server = start("runserver", HOST_PORT, "--noreload")
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        # The worker first: a job it was running is marked interrupted while the database is up.
        stop(worker)
        stop(server)
        if embedded:
            from sutura import embedded_db

            embedded_db.stop()
            print("Embedded PostgreSQL stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
