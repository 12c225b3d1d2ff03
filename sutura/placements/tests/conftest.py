"""The placement tests' world (`world`): see helpers.py."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.placements.tests.helpers import make_employer, post, with_plan
from sutura.referrals.tests.helpers import referable_case


@pytest.fixture
def world(users_a: dict[Role, Any], users_b: dict[Role, Any], locations: dict[str, Any]) -> Any:
    manager = users_a[Role.CASE_MANAGER]
    economic = with_plan(
        referable_case(manager, given_names="Awa", family_name="Diallo", phone="+221770000001"),
        manager,
        "economic",
        "social",
    )
    social_only = with_plan(referable_case(manager, given_names="Binta"), manager, "social")
    no_plan = referable_case(manager, given_names="Coumba")
    employer = make_employer(locations)
    offer = post(employer.agent, employer.service, locations["SN-TH"])
    return SimpleNamespace(
        a=users_a,
        b=users_b,
        manager=manager,
        coordinator=users_a[Role.NRM_COORDINATOR],
        economic=Case.objects.get(pk=economic.pk),
        social_only=Case.objects.get(pk=social_only.pk),
        no_plan=Case.objects.get(pk=no_plan.pk),
        employer=employer,
        offer=offer,
        locations=locations,
    )


@pytest.fixture
def english(client: Any, settings: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
