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
    # Each part adds its own summary after the communities (risks, structures, partners).
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


def test_the_demo_gives_mopti_a_partner_cbo_workplan_and_a_visit_to_follow_up_once(
    org_b: object,
) -> None:
    from sutura.community.models import CommunityPartner, MonitoringVisit, Workplan

    seed_locations(["ML"])
    UserFactory.create(organisation=org_b, roles=[Role.PROTECTION_OFFICER], username="protection")
    seed_step(DemoContext(persons=0))
    seed_step(DemoContext(persons=0))
    workplan = Workplan.objects.get()
    assert workplan.partner.type == "cbo"
    assert CommunityPartner.objects.filter(
        organisation=workplan.partner, community__name="Mopti Bas-Fonds"
    ).exists()
    assert workplan.activities.filter(progress__isnull=False).distinct().count() == 3
    visit = MonitoringVisit.objects.get()
    assert visit.findings and visit.answers.count() == 7
    assert visit.recommendations.filter(follow_up_status="open").count() == 2
