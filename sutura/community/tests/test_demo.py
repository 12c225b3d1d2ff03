"""The community part of the demo opens the three communities through the services, once."""

from __future__ import annotations

from typing import Any

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


def test_the_demo_gives_the_communities_case_trends_with_numbers_and_small_cells_once(
    org_b: object, client: Any
) -> None:
    """PSF's screened cases in Kayes, Gao and Mopti: the officer's trend page shows counts of
    5 and more and "<5" for the small ones, never a count from 1 to 4 and never a name."""
    from django.urls import reverse

    from sutura.access.community import SUPPRESSED
    from sutura.cases.models import Case
    from sutura.community.selectors.trends import trend_for

    seed_locations(["ML"])
    officer = UserFactory.create(
        organisation=org_b, roles=[Role.PROTECTION_OFFICER], username="protection"
    )
    # Without PSF's case manager (the accounts demo makes her) the trends stay empty.
    assert "screened cases" not in seed_step(DemoContext(persons=0))
    assert not Case.objects.exists()
    UserFactory.create(organisation=org_b, roles=[Role.CASE_MANAGER], username="casemanager.psf")
    assert "27 screened cases" in seed_step(DemoContext(persons=0))
    assert Case.objects.count() == 27
    assert seed_step(DemoContext(persons=0)) == ""
    assert Case.objects.count() == 27
    for community in Community.objects.all():
        cells = [v for row in trend_for(officer, community).rows for v in row.cells]
        assert any(isinstance(v, int) and v >= 5 for v in cells), community.name
        assert SUPPRESSED in cells, community.name
        assert not [v for v in cells if isinstance(v, int) and 0 < v < 5]
    mopti = Community.objects.get(name="Mopti Bas-Fonds")
    client.force_login(officer)
    page = client.get(reverse("community:case_trends", args=[mopti.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "&lt;5" in text or "<5" in text
    for person in Case.objects.select_related("person").values_list(
        "person__family_name", "number"
    ):
        assert person[0] not in text and person[1] not in text
