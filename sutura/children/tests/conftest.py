"""A small world for the children tests, built once per test module (not per package: the
seeded demo is made between modules, outside any open transaction): two organisations (A
shows its case managers only their assigned cases, B all), a user in the roles the rules name,
and on each side a child's case built by the access world's children part
(`tests/world_parts/children.py`: A's BID decided, B's a draft). A's child has A's mentor."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction

from sutura.accounts.roles import Role
from sutura.cases.services.lifecycle import set_mentor
from tests.factories import OrganisationFactory, UserFactory, seed_test_locations
from tests.world_parts import children as part

ROLES = (
    Role.PROGRAMME_MANAGER,
    Role.CASE_MANAGER,
    Role.COMMUNITY_MENTOR,
    Role.ME_OFFICER,
    Role.MHPSS_FOCAL_POINT,
)


@dataclass
class Side:
    organisation: Any
    users: dict[Role, Any]
    colleague: Any


@dataclass
class Children:
    a: Side
    b: Side
    parts: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.parts[name]


def _side(prefix: str, country: Any, all_cases: bool) -> Side:
    organisation = OrganisationFactory.create(
        name=f"Organisation {prefix.upper()}",
        acronym=f"CH-{prefix.upper()}",
        country=country,
        case_managers_see_all_cases=all_cases,
    )
    users = {
        role: UserFactory.create(
            organisation=organisation, roles=[role], username=f"ch{prefix}-{role}"
        )
        for role in ROLES
    }
    colleague = UserFactory.create(
        organisation=organisation, roles=[Role.CASE_MANAGER], username=f"ch{prefix}-colleague"
    )
    return Side(organisation, users, colleague)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[Children]:
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            places = seed_test_locations()
            found = Children(_side("a", places["SN"], False), _side("b", places["ML"], True))
            found.parts = {
                **part.child_case(found.a, "a", decided=True),
                **part.child_case(found.b, "b", decided=False),
            }
            set_mentor(case=found["child_case_a"], mentor=found.a.users[Role.COMMUNITY_MENTOR])
            found["child_case_a"].refresh_from_db()
            yield found
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
