"""The children part of the access world (through the services): on each side, an
unaccompanied child's case (`child_case_a`, `child_case_b`, assigned to the side's case
manager) with the child's profile, a care arrangement (`arrangement_*`) and its check
(`check_*`), a best-interests assessment (`bia_*`) and a determination (`bid_*`: A's decided,
B's a draft) whose panel has two users and one outside member. A's mentor mentors A's child.

A registers its child under a documented best-interests decision (no guardian), B with a
guardian's consent; both record the child's own views.
"""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.roles import Role
from sutura.cases.services import lifecycle, screening
from sutura.children.services import assessments, care, determinations
from sutura.mentoring.services import assignments
from sutura.people import services as people
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus

D = datetime.date


def child_case(side: Any, prefix: str, *, decided: bool) -> dict[str, Any]:
    manager = side.users[Role.CASE_MANAGER]
    child = people.register_person(
        actor=manager,
        given_names="Mariama" if prefix == "a" else "Ibrahima",
        family_name="Kanté",
        sex="female" if prefix == "a" else "male",
        birth_date=D(2012, 6, 1),
    )
    consent = {"method": ConsentMethod.GUARDIAN, "guardian_name": "Sa tante, Awa Kanté"}
    if prefix == "a":
        consent = {
            "method": ConsentMethod.BEST_INTERESTS,
            "best_interests_basis": "Décision EIS du 4 janvier 2026, comité de protection, réf. 12",
        }
    record_consent(
        actor=manager,
        person=child,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        decided_on=D(2026, 1, 5),
        childs_views="Veut retrouver sa famille",
        **consent,
    )
    case = lifecycle.open_case(
        actor=manager, person=child, case_type="uasc", opened_on=D(2026, 1, 10)
    )
    screening.record_screening(
        actor=manager, case=case, categories=["uasc"], screened_on=D(2026, 1, 11)
    )
    case.refresh_from_db()
    profile = care.save_profile(
        actor=manager,
        case=case,
        status="unaccompanied",
        caregiver_name="Centre d'accueil",
        caregiver_relationship="centre",
    )
    arrangement = care.record_arrangement(
        actor=manager, case=case, kind="centre", started_on=D(2026, 1, 10), place="Centre"
    )
    check = care.record_check(
        actor=manager,
        arrangement=arrangement,
        checked_on=D(2026, 1, 20),
        outcome="suitable",
        notes="Bien installé(e)",
    )
    bia = assessments.record_assessment(
        actor=manager,
        case=case,
        childs_views="Veut retrouver sa tante",
        assessed_on=D(2026, 1, 25),
        answers={"safety_current": "En sécurité au centre"},
        recommendation="Rechercher la famille",
    )
    bid = determinations.record_determination(
        actor=manager,
        case=case,
        question="reunification",
        panel_on=D(2026, 2, 1),
        assessments=[bia],
        panel_users=[manager, side.users[Role.PROGRAMME_MANAGER]],
        outside_members=[{"name": "M. Ndiaye", "role": "Service social", "organisation": "AEMO"}],
        decision="reunify" if decided else "",
        reasons="La tante est prête et apte" if decided else "",
    )
    return {
        f"child_case_{prefix}": case,
        f"profile_{prefix}": profile,
        f"arrangement_{prefix}": arrangement,
        f"check_{prefix}": check,
        f"bia_{prefix}": bia,
        f"bid_{prefix}": bid,
    }


def build(world: Any) -> dict[str, Any]:
    found = {
        **child_case(world.a, "a", decided=True),
        **child_case(world.b, "b", decided=False),
    }
    # A's mentor mentors A's child (a minimal profile: none of the child's records).
    case = found["child_case_a"]
    assignments.assign_mentor(
        actor=world.a.users[Role.CASE_MANAGER],
        case=case,
        mentor=world.a.users[Role.COMMUNITY_MENTOR],
        purpose="psychosocial",
        starts_on=D(2026, 1, 12),
        ends_on=D(2099, 12, 31),
    )
    case.refresh_from_db()
    return found
