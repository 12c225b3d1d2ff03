"""The access world (tests/worlds.py, with its returns part), built once per test module."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction

from sutura.accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, seed_test_locations
from tests.world_fixture import SharedWorlds
from tests.worlds import World, build_world


@pytest.fixture(scope="module")
def world(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_worlds.use("world", build_world, django_db_blocker)


@pytest.fixture(scope="module")
def offices(django_db_setup: None, django_db_blocker: Any) -> Iterator[SimpleNamespace]:
    """A departure office (in Mali, for the tests' locations) and a receiving office (Senegal),
    a case manager each and the receiving programme manager, built once per module."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            places = seed_test_locations()
            departure = OrganisationFactory.create(
                name="Bureau de départ", acronym="DEP", country=places["ML"]
            )
            receiving = OrganisationFactory.create(
                name="Bureau d'accueil", acronym="ACC", country=places["SN"]
            )

            def user(organisation: Any, role: Role, name: str) -> Any:
                return UserFactory.create(organisation=organisation, roles=[role], username=name)

            yield SimpleNamespace(
                departure=departure,
                receiving=receiving,
                sender=user(departure, Role.CASE_MANAGER, "dep-cm"),
                receiver=user(receiving, Role.CASE_MANAGER, "acc-cm"),
                manager=user(receiving, Role.PROGRAMME_MANAGER, "acc-pm"),
                me=user(receiving, Role.ME_OFFICER, "acc-me"),
                places=places,
            )
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
