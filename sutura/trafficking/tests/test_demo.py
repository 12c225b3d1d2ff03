"""The demo's victim of trafficking (AIM-SN): a young woman returned from Libya, identified,
a high risk of re-trafficking with a safety plan to review, undecided about cooperating with
law enforcement; her records restricted to her case manager and the programme manager."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sutura.access import visible
from sutura.accounts.models import User
from sutura.cases.models import Priority
from sutura.trafficking.models import (
    Identification,
    LawEnforcementCooperation,
    RiskAssessment,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def test_the_demo_victim_is_identified_with_a_safety_plan_and_undecided() -> None:
    identification = Identification.objects.select_related("case__person").get(
        case__organisation__acronym="AIM-SN"
    )
    case = identification.case
    assert case.organisation.acronym == "AIM-SN"
    assert identification.status == "identified" and "vot" in case.flags
    assert case.priority == Priority.URGENT
    risk = RiskAssessment.objects.get(case=case)
    assert risk.re_trafficking == "high"
    assert risk.safety_plan.review_on > timezone.localdate()
    cooperation = LawEnforcementCooperation.objects.get(case=case)
    assert cooperation.decision == "undecided"
    readers = {
        username
        for username in ("casemanager", "manager", "focalpoint", "mentor", "meofficer")
        if visible(User.objects.get(username=username), Identification).filter(pk=identification.pk)
    }
    assert readers == {"casemanager", "manager"}
