"""The access world (tests/worlds.py, with its parts) for the tests that need it, built once
per test module; each test runs in a savepoint rolled back after it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.world_fixture import SharedWorlds
from tests.worlds import World, build_world


@pytest.fixture(scope="module")
def world(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_worlds.use("world", build_world, django_db_blocker)
