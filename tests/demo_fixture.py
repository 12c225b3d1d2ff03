"""`seeded_demo`: the demo (DEMO_PERSONS people) for tests that check what the demo contains.
Loaded as a plugin by the root conftest.

The demo is seeded once per test process, into a database of its own: a copy of the migrated
test database (`<test database>_demo`, see below for its template) where the seeded rows are
committed, exactly as the seeding left them (its on-commit hooks dropped, as they were when each
module seeded it inside a transaction that was rolled back). A module using the fixture points
the connection at that database for the rest of the module, inside a transaction rolled back at
its end, so each module finds the demo as seeded, and the test database itself is never touched.

A test about seeding itself (idempotence, scaling up) runs `seed_demo` once more on top of it,
inside its own transaction. Browser tests cannot use it: their live server reads the test
database.

Copies are made from the migrated template the test databases are copied from
(`test_<name>_migrated`, tests/db_reuse.py), not from the test database itself: nobody ever
connects to it, so making a copy never waits for, nor cuts, another connection (the live
server's threads, a test's own); and each copy starts from the migrated state, whatever the
earlier tests of the process did to the test database (a transactional test empties it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connections, transaction

from tests import db_reuse

DEMO_PERSONS = 200


def pristine_name(test_database: str) -> str:
    return db_reuse.template_name(test_database)


def _recreate(connection: Any, name: str, template: str | None) -> None:
    """Drop `name` and make it again (from `template`), connected to the maintenance database:
    neither may have another connection open, so `connection` is closed first."""
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if template is not None:
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def _use(connection: Any, name: str) -> None:
    """Point the connection at database `name`. The content types' ids are cached by the
    process: a transactional test's flush makes them again in the test database under new ids,
    so the demo database's (copied earlier) are read afresh, and the other way back."""
    connection.close()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def _demo_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The seeded demo's database: its name."""
    connection = connections["default"]
    test_database = connection.settings_dict["NAME"]
    demo_database = f"{test_database}_demo"
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block, "the demo is made between test modules"
        _recreate(connection, demo_database, template=pristine_name(test_database))
        _use(connection, demo_database)
        try:
            with transaction.atomic():
                call_command("seed_demo", persons=DEMO_PERSONS, quiet_logins=True)
                connection.run_on_commit = []  # as when rolled back: no hook ever ran
        finally:
            _use(connection, test_database)
    yield demo_database
    with django_db_blocker.unblock():
        _recreate(connection, demo_database, template=None)


@pytest.fixture(scope="module")
def seeded_demo(_demo_database: str, django_db_blocker: Any) -> Iterator[None]:
    connection = connections["default"]
    test_database = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        _use(connection, _demo_database)
        block = transaction.atomic()
        block.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
            _use(connection, test_database)
