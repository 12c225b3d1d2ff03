"""The community part of the access world: a community of each side, opened by its
community protection officer through the services, each with a risk analysis (one risk), a
key-informant interview and a committee with one member (personal rows), and two partner
links across the sides:

- `partner_ba`: B is named a partner CBO of A's community (B's community-role staff see it);
- `workplan_b`: B's workplan with A as partner, one activity in B's community (A's
  community-role staff see the workplan, and B's community through it), and a monitoring visit
  of it with one recommendation.

Workplans, visits, interviews and committees have no services yet: written here directly.
"""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.roles import Role
from sutura.community.models import (
    Checklist,
    CommitteeMember,
    KeyInformantInterview,
    MonitoringVisit,
    PartnerRole,
    PlannedActivity,
    ProtectionCommittee,
    VisitRecommendation,
    Workplan,
)
from sutura.community.services import communities, risks

DAY = datetime.date(2026, 3, 2)


def _community(side: Any, name: str) -> dict[str, Any]:
    officer = side.users[Role.PROTECTION_OFFICER]
    community = communities.create_community(
        actor=officer, name=name, location=side.organisation.country, population_estimate=5000
    )
    analysis = risks.record_analysis(
        actor=officer, community=community, held_on=DAY, participants={("female", "25_59"): 12}
    )
    risk = risks.add_risk(
        actor=officer,
        analysis=analysis,
        threat="Recrutement par des groupes armés",
        affected="Jeunes hommes",
        likelihood=3,
        impact=5,
    )
    interview = KeyInformantInterview.objects.create(
        community=community,
        source="Entretien",
        recorded_by=officer,
        informant_role="Chef de village",
        informant_name="Amadou Traoré",
        held_on=DAY,
        interviewer=officer,
    )
    committee = ProtectionCommittee.objects.create(
        community=community, kind="committee", name=f"Comité {name}"
    )
    member = CommitteeMember.objects.create(
        committee=committee, name="Fatoumata Diarra", role="Présidente", sex="female",
        age_group="25_59", since=DAY,
    )  # fmt: skip
    return {
        "community": community,
        "analysis": analysis,
        "risk": risk,
        "interview": interview,
        "committee": committee,
        "member": member,
    }


def build(world: Any) -> dict[str, Any]:
    a, b = world.a, world.b
    found_a = _community(a, "Communauté A")
    found_b = _community(b, "Communauté B")
    partner_ba = communities.add_partner(
        actor=a.users[Role.PROTECTION_OFFICER],
        community=found_a["community"],
        organisation=b.organisation,
        role=PartnerRole.CBO,
    )
    workplan_b = Workplan.objects.create(
        organisation=b.organisation,
        partner=a.organisation,
        title="Plan de travail A 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    activity_b = PlannedActivity.objects.create(
        workplan=workplan_b,
        community=found_b["community"],
        description="Dialogues communautaires",
        target=12,
        unit="séances",
    )
    version = Checklist.objects.get(code="field-monitoring").versions.get(number=1)
    visit_b = MonitoringVisit.objects.create(
        workplan=workplan_b,
        visited_on=DAY,
        checklist_version=version,
        recorded_by=b.users[Role.PROTECTION_OFFICER],
    )
    VisitRecommendation.objects.create(visit=visit_b, text="Tenir les registres à jour")
    return {
        "a": found_a,
        "b": found_b,
        "partner_ba": partner_ba,
        "workplan_b": workplan_b,
        "activity_b": activity_b,
        "visit_b": visit_b,
    }
