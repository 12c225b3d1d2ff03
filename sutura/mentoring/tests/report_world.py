"""What the tests of peer groups, reports and check-ins share: the access world (its side A:
a mentor with a returnee, their focal point, a programme manager), a second mentor of A with
the same focal point, and a second focal point of A supervising a third mentor."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.test import Client

from sutura.accounts.roles import Role
from sutura.meetings.reference import ensure_reference_data
from sutura.mentoring.services import volunteers
from tests.factories import UserFactory
from tests.worlds import World, build_world


@dataclass
class Cast:
    world: World
    mentor: Any
    focal: Any
    manager: Any
    case_manager: Any
    me_officer: Any
    mentor2: Any  # same focal point
    focal2: Any  # another focal point of A
    mentor3: Any  # supervised by focal2

    @property
    def part(self) -> dict[str, Any]:
        return self.world.parts["mentoring_reports"]["a"]


def _mentor(world: World, name: str, focal: Any) -> Any:
    user = UserFactory.create(
        organisation=world.a.organisation, roles=[Role.COMMUNITY_MENTOR], username=name
    )
    volunteers.create_volunteer(
        actor=focal, user=user, focal_point=focal, starts_on=datetime.date(2025, 10, 1)
    )
    return user


def build_cast() -> Cast:
    ensure_reference_data()
    world = build_world()
    users = world.a.users
    focal = users[Role.MHPSS_FOCAL_POINT]
    focal2 = UserFactory.create(
        organisation=world.a.organisation, roles=[Role.MHPSS_FOCAL_POINT], username="a-focal2"
    )
    return Cast(
        world=world,
        mentor=users[Role.COMMUNITY_MENTOR],
        focal=focal,
        manager=users[Role.PROGRAMME_MANAGER],
        case_manager=users[Role.CASE_MANAGER],
        me_officer=users[Role.ME_OFFICER],
        mentor2=_mentor(world, "a-mentor2", focal),
        focal2=focal2,
        mentor3=_mentor(world, "a-mentor3", focal2),
    )


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
