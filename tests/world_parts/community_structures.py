"""The structures part of the access world (after `community.py`'s communities, committees and
members), through the services:

- each side's protection officer opens an outreach volunteer's profile on their side's
  outreach-volunteer account (areas: the side's country, where its community lies), with a
  supervision note;
- each side's community gets a safe space (A's managed by B, the partner CBO of A's community:
  B's staff see it), a month of attendance and a safety check with a follow-up to do, and an
  initiative.
"""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.roles import Role
from sutura.community.services import initiatives, safespaces
from sutura.mentoring.services import volunteers

DAY = datetime.date(2026, 3, 2)


def _side(side: Any, found: dict[str, Any], partner: Any) -> dict[str, Any]:
    officer = side.users[Role.PROTECTION_OFFICER]
    community = found["community"]
    volunteer = volunteers.create_volunteer(
        actor=officer,
        user=side.users[Role.OUTREACH_VOLUNTEER],
        kind="outreach",
        areas=[side.organisation.country],
        starts_on=datetime.date(2026, 1, 5),
    )
    note = volunteers.add_supervision_note(
        actor=officer, volunteer=volunteer, text="Bon travail de proximité", noted_on=DAY
    )
    space = safespaces.create_safe_space(
        actor=officer,
        community=community,
        kind="wgss",
        name="Espace sûr",
        location=community.location,
        managing_partner=partner,
        opening_hours="Lundi–vendredi 9 h – 13 h",
    )
    safespaces.record_attendance(
        actor=officer,
        space=space,
        month=datetime.date(2026, 2, 1),
        counts={("female", "18_24"): 20, ("female", "25_59"): 31},
    )
    version = safespaces.current_safety_checklist()
    check = safespaces.record_check(
        actor=officer,
        space=space,
        version=version,
        checked_on=DAY,
        answers=dict.fromkeys(safespaces.answer_keys(version), ("yes", "")),
        finding="Éclairage défaillant",
        follow_up="Réparer l'éclairage",
    )
    initiative = initiatives.create_initiative(
        actor=officer,
        community=community,
        title="Caisse de solidarité",
        objective="Épargne des femmes",
        budget=1000000,
        currency="XOF",
        partner=partner,
    )
    return {
        "volunteer": volunteer,
        "note": note,
        "space": space,
        "check": check,
        "initiative": initiative,
    }


def build(world: Any) -> dict[str, Any]:
    community = world.parts["community"]
    return {
        "a": _side(world.a, community["a"], world.b.organisation),
        "b": _side(world.b, community["b"], world.b.organisation),
    }
