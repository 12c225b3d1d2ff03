"""The risks part of the demo: Kayes N'Di analysed twice (a new risk, one gone, one priority
up), its assets on the map, its plan validated at a consultation and in progress; Gao Château
analysed with a draft plan; nothing added the second time."""

from __future__ import annotations

import pytest

from sutura.accounts.roles import Role
from sutura.community.demo import seed_step
from sutura.community.models import ActionPlan, Asset, RiskAnalysis
from sutura.community.selectors.risks import progress_of
from sutura.community.services.risks import compare_analyses
from sutura.core.registry import DemoContext
from sutura.geo.reference import seed_locations
from sutura.meetings.models import Decision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_analyses_maps_and_plans_kayes_and_gao_once(org_b: object) -> None:
    seed_locations(["ML"])
    officer = UserFactory.create(
        organisation=org_b, roles=[Role.PROTECTION_OFFICER], username="protection"
    )
    said = seed_step(DemoContext(persons=0))
    assert "2 risk analyses" in said and "a draft action plan" in said
    counts = (RiskAnalysis.objects.count(), Asset.objects.count(), Decision.objects.count())
    assert seed_step(DemoContext(persons=0)) == ""
    assert (RiskAnalysis.objects.count(), Asset.objects.count(), Decision.objects.count()) == counts

    before, after = RiskAnalysis.objects.filter(community__name="Kayes N'Di").order_by("held_on")
    changed = compare_analyses(actor=officer, before=before, after=after)
    assert (len(changed.new), len(changed.gone), len(changed.up)) == (1, 1, 1)
    assert Asset.objects.filter(community__name="Kayes N'Di", latitude__isnull=False).count() >= 5

    kayes = ActionPlan.objects.get(community__name="Kayes N'Di")
    assert kayes.status == "validated" and kayes.decision is not None
    assert kayes.decision.meeting == kayes.validated_at
    progress = progress_of(list(kayes.recommendations.all()))
    assert progress.overdue >= 1 and 0 < progress.done_percent < 100
    gao = ActionPlan.objects.get(community__name="Gao Château")
    assert gao.status == "draft" and gao.recommendations.count() == 2
