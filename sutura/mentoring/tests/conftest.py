"""The cast of the peer group, report and check-in tests (report_world.py), built once per
test process as the access world is (tests/world_fixture.py): each test gets its own copy of
the objects, and its own transaction, rolled back at its end, over the cast as built."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from sutura.mentoring.tests.report_world import Cast, build_cast
from tests.world_fixture import SharedWorlds


@pytest.fixture(scope="module")
def _built_cast(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[Cast]:
    yield from shared_worlds.use("mentoring_cast", build_cast, django_db_blocker)


@pytest.fixture
def cast(_built_cast: Cast, db: None) -> Cast:
    return copy.deepcopy(_built_cast)
