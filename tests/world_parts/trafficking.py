"""The trafficking part of the access world (through the services), on each side's case (the
one its case manager manages):

- A (case managers see only their assigned cases): `identification_a` restricted,
  `risk_a` for the case team (with its safety plan `plan_a`), `cooperation_a` restricted;
- B (case managers see every case): `identification_b` for the case team, `risk_b`
  restricted (with `plan_b`), `cooperation_b` for the case team. B's second case manager
  works on B's case without managing it: they read B's team records, not the restricted one.
"""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.roles import Role
from sutura.trafficking import services
from sutura.trafficking.models import Confidentiality

R, T = Confidentiality.RESTRICTED, Confidentiality.CASE_TEAM
PLAN = {
    "measures": ["change_phone"],
    "safe_contacts": "Sa tante",
    "review_on": datetime.date(2099, 1, 1),
}


def build(world: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, side, (first, second, third) in (
        ("a", world.a, (R, T, R)),
        ("b", world.b, (T, R, T)),
    ):
        actor, case = side.users[Role.CASE_MANAGER], side.case
        found[f"identification_{name}"] = services.record_identification(
            actor=actor,
            case=case,
            answers={"deceived_job": "yes", "forced_work": "yes"},
            status="presumed",
            notes="Recrutée pour un emploi fictif.",
            confidentiality=first,
        )
        risk = services.assess_risk(
            actor=actor,
            case=case,
            re_trafficking="high",
            trafficker_threats="medium",
            family_risk="low",
            details="Le recruteur a appelé la famille.",
            confidentiality=second,
            safety_plan=PLAN,
        )
        found[f"risk_{name}"] = risk
        found[f"plan_{name}"] = risk.safety_plan
        found[f"cooperation_{name}"] = services.record_cooperation(
            actor=actor, case=case, decision="undecided", notes="Réfléchit.", confidentiality=third
        )
    return found
