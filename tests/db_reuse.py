"""The test databases: migrated once, copied for each test process, and kept between runs.

Migrating a new database takes 80 s or more (Django re-renders the related models' state after
each operation). So the migrations are applied once, to a template (`test_<name>_migrated`),
and each xdist worker's test database (test_<name>_gw0, _gw1...) is a copy of it (`CREATE
DATABASE ... TEMPLATE`, a second or two). The first worker to set up builds the template while
the others wait on a file lock, then each copies it. pytest-django then finds the database
already there (`--reuse-db`) with nothing to migrate. The template is also the pristine copy
that the demo's and the worlds' databases are made from (tests/demo_fixture.py): nobody ever
connects to it, so a copy never waits for, nor cuts, another connection.

`--reuse-db` made safe: pytest-django keeps the test databases between runs (`--reuse-db` in
pyproject.toml) and applies new migrations to them, but a migration edited after it was applied
would go unnoticed. So each database (the template, each worker's) gets a stamp under
var/test-db/: a digest of our migrations and of uv.lock (the installed apps' migrations come
with the locked versions). A stale template is rebuilt, a stale test database copied again. A
run interrupted before a worker built its database leaves that database's stamp as it was, so
the next run still rebuilds it. `--create-db` rebuilds the template once per run (the stamp
names the run) and copies it afresh for every worker.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


def template_name(test_database: str) -> str:
    """The migrated template of a test database: the same for every xdist worker's."""
    return re.sub(r"_gw\d+$", "", test_database) + "_migrated"


def _stamp_file(db: dict[str, Any], name: str) -> Path:
    server = hashlib.sha256(f"{db['HOST']}:{db['PORT']}".encode()).hexdigest()[:12]
    return STAMPS / f"{name}@{server}"


def _test_name(db: dict[str, Any]) -> str:
    return str(db["TEST"].get("NAME") or f"test_{db['NAME']}")


def stamp_files() -> dict[str, Path]:
    """Each test database's stamp, by alias. Call it before the databases are set up: set-up
    renames the connections to the test databases."""
    databases = {alias: connections[alias].settings_dict for alias in connections}
    return {alias: _stamp_file(db, _test_name(db)) for alias, db in databases.items()}


def is_stale(stamp: Path, run: str = "") -> bool:
    """Made by other migrations, or (given `run`, under --create-db) by another run."""
    if not stamp.exists():
        return True
    digest, _, made_by = stamp.read_text().partition("\n")
    return digest != migrations_digest() or bool(run and made_by != run)


def write(stamp: Path, run: str = "") -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(migrations_digest() + (f"\n{run}" if run else ""))


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_suffix(".lock").open("w") as file:
        fcntl.flock(file, fcntl.LOCK_EX)  # released when the file is closed
        yield


def _exists(connection: Any, name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _build_template(connection: Any, name: str) -> None:
    """Django's own set-up of a test database (create, migrate, cache table), under the
    template's name; then the connection is pointed back where it was and closed."""
    db = connection.settings_dict
    saved_name, saved_test_name = db["NAME"], db["TEST"].get("NAME")
    db["TEST"]["NAME"] = name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        connection.close()
        db["NAME"] = saved_name
        db["TEST"]["NAME"] = saved_test_name


def copy_from_template(alias: str, *, copy: bool, run: str) -> None:
    """Make sure the migrated template is there and current (built by the first process that
    asks, under a lock), then, if `copy`, make the test database of `alias` again from it.
    `run` is the run's id under --create-db (the template is rebuilt once in that run), else
    empty."""
    connection = connections[alias]
    db = connection.settings_dict
    test_database = _test_name(db)
    template = template_name(test_database)
    stamp = _stamp_file(db, template)
    with _lock(stamp):
        if is_stale(stamp, run) or not _exists(connection, template):
            stamp.unlink(missing_ok=True)  # a build cut short leaves no stamp
            _build_template(connection, template)
            write(stamp, run)
        if copy:
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{test_database}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{test_database}" TEMPLATE "{template}"')


def main() -> None:
    """`python -m tests.db_reuse`: make sure every test database's migrated template is there
    and current, as the first pytest worker would (tests/run.py runs it beside the lint and
    type checks, so that no worker waits for the migrations)."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sutura.settings.test")
    django.setup()
    for alias in connections:
        copy_from_template(alias, copy=False, run="")
        connections[alias].close()


if __name__ == "__main__":
    main()
