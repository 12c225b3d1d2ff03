"""The access tests' world (tests/worlds.py), built once per test module, and a signed-in
client per user of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from sutura.access.tests.url_matrix import build_matrix_world, signed_in_clients
from tests.worlds import World


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            yield build_matrix_world()
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(world: World, django_db_blocker: Any) -> dict[str, tuple[Any, Client]]:
    with django_db_blocker.unblock():
        return signed_in_clients(world)
