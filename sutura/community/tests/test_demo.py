"""The community part of the demo opens the three communities through the services, once."""

from __future__ import annotations

import pytest

from sutura.accounts.roles import Role
from sutura.community.demo import seed_step
from sutura.community.models import Community
from sutura.core.registry import DemoContext
from sutura.geo.reference import seed_locations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_opens_kayes_gao_and_mopti_once(org_b: object) -> None:
    seed_locations(["ML"])
    UserFactory.create(organisation=org_b, roles=[Role.PROTECTION_OFFICER], username="protection")
    # (the other parts of the demo say what they added after it)
    assert seed_step(DemoContext(persons=0)).startswith("3 communities")
    assert seed_step(DemoContext(persons=0)) == ""
    assert list(
        Community.objects.order_by("location__iso_code").values_list(
            "location__iso_code", flat=True
        )
    ) == [
        "ML-1",
        "ML-5",
        "ML-7",
    ]
