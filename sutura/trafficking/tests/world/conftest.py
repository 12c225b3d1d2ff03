"""The access world (tests/worlds.py, with its trafficking part), built once per test module
(two modules: the rules and sharing, the records' services and pages)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from tests.world_fixture import SharedWorlds
from tests.worlds import World, build_world


@pytest.fixture(scope="module")
def world(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_worlds.use("world", build_world, django_db_blocker)


@pytest.fixture
def rolled_back() -> Iterator[None]:
    """What a test writes is undone after it (the world stays as built)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
