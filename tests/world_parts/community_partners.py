"""The partners part of the access world, made through the services: A's workplan with B as
the partner CBO, one activity in A's community, progress reported by B's protection officer
(the partner's staff), and a monitoring visit of A's community and workplan with checklist
answers and a recommendation to follow up. The base part (`community.py`) gives B's workplan
with A as partner and its visit."""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.roles import Role
from sutura.community.services import visits, workplans

DAY = datetime.date(2026, 3, 2)


def build(world: Any) -> dict[str, Any]:
    a, b = world.a, world.b
    base = world.parts["community"]
    officer = a.users[Role.PROTECTION_OFFICER]
    workplan_a = workplans.create_workplan(
        actor=officer,
        partner=b.organisation,
        title="Plan de travail B 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    activity_a = workplans.add_activity(
        actor=officer,
        workplan=workplan_a,
        community=base["a"]["community"],
        description="Sessions de sensibilisation",
        target=20,
        unit="séances",
    )
    progress_a = workplans.report_progress(
        actor=b.users[Role.PROTECTION_OFFICER],
        activity=activity_a,
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 2, 28),
        achieved=4,
        participants={("female", "18_24"): 15, ("male", "18_24"): 11},
    )
    visit_a = visits.record_visit(
        actor=officer,
        visited_on=DAY,
        community=base["a"]["community"],
        workplan=workplan_a,
        findings="Registres incomplets",
        answers={"participants_registered": ("partly", "Âge manquant")},
    )
    recommendation_a = visits.add_recommendation(
        actor=officer, visit=visit_a, text="Compléter les registres", due_on=DAY
    )
    return {
        "workplan_a": workplan_a,
        "activity_a": activity_a,
        "progress_a": progress_a,
        "visit_a": visit_a,
        "recommendation_a": recommendation_a,
    }
