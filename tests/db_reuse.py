"""`--reuse-db` made safe: a test database is rebuilt when the migrations changed since it was.

pytest-django keeps the test databases between runs (`--reuse-db` in pyproject.toml) and
applies new migrations to them, but a migration edited after it was applied would go
unnoticed. So each test database gets a stamp under var/test-db/: a digest of our migrations
and of uv.lock (the installed apps' migrations come with the locked versions). The root
conftest asks `is_stale` before a database is set up and `write`s its stamp once it is.

The stamp is per database (server, port and name), not per run: each xdist worker has its own
database (test_<name>_gw0, _gw1...), and a run interrupted before a worker built its database
leaves that database's stamp as it was, so the next run still rebuilds it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parents[1]
STAMPS = Path(settings.VAR_DIR) / "test-db"


def migrations_digest() -> str:
    digest = hashlib.sha256()
    for path in [*sorted(ROOT.glob("sutura/*/migrations/*.py")), ROOT / "uv.lock"]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def stamp_files() -> dict[str, Path]:
    """Each test database's stamp, by alias. Call it before the databases are set up: set-up
    renames the connections to the test databases."""
    files = {}
    for alias in connections:
        db = connections[alias].settings_dict
        name = db["TEST"].get("NAME") or f"test_{db['NAME']}"
        server = hashlib.sha256(f"{db['HOST']}:{db['PORT']}".encode()).hexdigest()[:12]
        files[alias] = STAMPS / f"{name}@{server}"
    return files


def is_stale(stamp: Path) -> bool:
    return not stamp.exists() or stamp.read_text() != migrations_digest()


def write(stamp: Path) -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(migrations_digest())
