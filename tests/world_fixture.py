"""The worlds of tests/worlds.py, built once per test process instead of once per module.

A module's `world` fixture used to build the world (two organisations with everything on file:
five seconds) inside a transaction rolled back at the module's end; some thirty modules did so
in every run. Now the first module of a process that asks for a kind of world builds it, as
the demo is made (tests/demo_fixture.py): in a database of its own, a copy of the migrated
test database (`<test database>_<kind>`), where the world's rows are committed as the building left
them (its on-commit hooks dropped, as when it was rolled back). Each module asking for it then
points the connection at that database, inside a transaction rolled back at its end, and gets
its own copy of the world's objects (a module that changes one in memory changes nobody
else's). So each module finds the world exactly as built, and the test database is never
touched. Browser tests cannot use it: their live server reads the test database.

    @pytest.fixture(scope="module")
    def world(shared_worlds, django_db_blocker):
        yield from shared_worlds.use("world", build_world, django_db_blocker)
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.db import connections, transaction

from tests.demo_fixture import _recreate, _use, pristine_name

W = TypeVar("W")  # a world (tests/worlds.py), or what a module's tests build around one


class SharedWorlds:
    def __init__(self) -> None:
        self.built: dict[str, Any] = {}
        self.databases: list[str] = []

    def use(self, kind: str, build: Callable[[], W], blocker: Any) -> Iterator[W]:
        connection = connections["default"]
        test_database = connection.settings_dict["NAME"]
        name = f"{test_database}_{kind}"
        with blocker.unblock():
            if kind not in self.built:
                assert not connection.in_atomic_block, "a world is made between test modules"
                _recreate(connection, name, template=pristine_name(test_database))
                self.databases.append(name)
                _use(connection, name)
                try:
                    with transaction.atomic():
                        world = build()
                        connection.run_on_commit = []  # as when rolled back: no hook ran
                finally:
                    _use(connection, test_database)
                self.built[kind] = world
            _use(connection, name)
            block = transaction.atomic()
            block.__enter__()
            try:
                yield copy.deepcopy(self.built[kind])
            finally:
                transaction.set_rollback(True)
                block.__exit__(None, None, None)
                _use(connection, test_database)

    def drop(self) -> None:
        connection = connections["default"]
        for name in self.databases:
            _recreate(connection, name, template=None)
        self.databases.clear()
        self.built.clear()


@pytest.fixture(scope="session")
def shared_worlds(django_db_setup: None, django_db_blocker: Any) -> Iterator[SharedWorlds]:
    worlds = SharedWorlds()
    yield worlds
    with django_db_blocker.unblock():
        worlds.drop()
