"""The communities' demo: Kayes N'Di and Gao Château diagnosed (flows over three periods,
groups, services present, key informants, notes), scored and selected, each with a
consultation whose attendance is counted by category; Mopti Bas-Fonds selected; once."""

from __future__ import annotations

import pytest

from sutura.accounts.roles import Role
from sutura.community.demo import seed_step
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    Community,
    DiagnosisNote,
    KeyInformantInterview,
    MigrationFlow,
    ServicePresence,
    SocioEconomicGroup,
)
from sutura.core.registry import DemoContext
from sutura.geo.reference import seed_locations
from sutura.meetings.models import AttendanceCount, Meeting
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _counts() -> list[int]:
    return [
        model.objects.count()
        for model in (
            MigrationFlow,
            DiagnosisNote,
            SocioEconomicGroup,
            ServicePresence,
            KeyInformantInterview,
            Meeting,
            AttendanceCount,
        )
    ]


def test_the_demo_diagnoses_kayes_and_gao_selects_mopti_and_adds_nothing_twice(
    org_b: object,
) -> None:
    seed_locations(["ML"])
    UserFactory.create(organisation=org_b, roles=[Role.PROTECTION_OFFICER], username="protection")
    seed_step(DemoContext(persons=0))
    first = _counts()
    assert seed_step(DemoContext(persons=0)) == ""
    assert _counts() == first
    for name in ("Kayes N'Di", "Gao Château"):
        community = Community.objects.get(name=name)
        flows = MigrationFlow.objects.filter(community=community)
        assert flows.values("period_start").distinct().count() == 3
        assert KeyInformantInterview.objects.filter(community=community).count() == 3
        assert community.selection_status == "selected" and community.scores.count() == 7
        assert community.outline is not None and community.latitude is not None
        # Other parts add their meetings (a validation meeting, a training): the consultation.
        (consultation,) = Meeting.objects.filter(
            context_kind=COMMUNITY_CONTEXT,
            context_id=community.pk,
            kind__code="community_consultation",
            title=f"Consultation communautaire · {community.name}",
        )
        categories = set(
            AttendanceCount.objects.filter(meeting=consultation).values_list("category", flat=True)
        )
        assert {"community", "government", "cbo"} <= categories
        assert flows.filter(triangulation="validated", validated_at=consultation).exists()
    assert Community.objects.get(name="Mopti Bas-Fonds").selection_status == "selected"
