"""`make demo`: prepare the database, load the demo data and serve the app.

Ctrl-C stops the web server, then the embedded PostgreSQL (when this command started it).
"""

from __future__ import annotations

import os
import subprocess
import sys

HOST_PORT = os.environ.get("SUTURA_DEMO_ADDRESS", "127.0.0.1:8000")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)  # noqa: S603


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sutura.settings.demo")
    embedded = not os.environ.get("DATABASE_URL")
    server = None
    try:
        manage("migrate", "--no-input", "-v", "0")
        manage("seed_demo")
        print(f"\nSutura is served on http://{HOST_PORT}/ — press Ctrl-C to stop.\n", flush=True)
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", HOST_PORT, "--noreload"]
        )
        return server.wait()
    except KeyboardInterrupt:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        return 0
    finally:
        if embedded:
            from sutura import embedded_db

            embedded_db.stop()
            print("Embedded PostgreSQL stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
