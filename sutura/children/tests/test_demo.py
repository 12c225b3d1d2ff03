"""The demo's two children (AIM-SN, by "casemanager"): Fatou Diouf, unaccompanied, in a centre
then a foster family, assessed, her reunification decided — her case past the guard, at the
plan; Moussa Camara, separated, assessed, his determination under way — his case held at the
assessment. A second run adds nothing."""

from __future__ import annotations

import pytest

from sutura.access import visible
from sutura.accounts.models import User
from sutura.cases.models import Case
from sutura.children import demo
from sutura.children.models import (
    BestInterestsAssessment,
    BestInterestsDetermination,
    CareArrangement,
    ChildProfile,
)
from sutura.children.selectors import has_decided_bid
from sutura.core.registry import DemoContext

pytestmark = pytest.mark.django_db


def test_the_demo_children(seeded_demo: None) -> None:
    manager = User.objects.get(username="casemanager")
    cases = {
        case.person.given_names: case
        for case in visible(manager, Case)
        .filter(case_type="uasc", person__family_name__in=["Diouf", "Camara"])
        .select_related("person")
    }
    fatou, moussa = cases["Fatou"], cases["Moussa"]
    assert has_decided_bid(fatou, "reunification") and fatou.status == "plan"
    assert not has_decided_bid(moussa) and moussa.status == "assessment"
    kinds = CareArrangement.objects.filter(case=fatou).order_by("started_on")
    assert [a.kind for a in kinds] == ["centre", "foster"]
    assert ChildProfile.objects.get(case=fatou).care_kind == "foster"
    assert ChildProfile.objects.get(case=moussa).status == "separated"
    assert BestInterestsAssessment.objects.filter(case__in=[fatou, moussa]).count() == 2
    draft = BestInterestsDetermination.objects.get(case=moussa)
    assert draft.status == "draft" and draft.question == "return"
    assert fatou.person.consents.get().method == "best_interests"
    assert demo.seed_step(DemoContext(persons=0)).startswith("0 ")
