"""The programmes part of the access world (through the services): on each side a programme
of its organisation, set up by its programme manager, with a donor, an envelope in XOF, a
goal with an indicator entered by hand and its target for a quarter, and its coordination
meeting tagged. B's programme has A's organisation as implementing partner: A's readers see it
(not its budget), nobody of A keeps it.

- `programme_a`, `programme_b`; `envelope_a`, `envelope_b`; `goal_a`, `goal_b`;
  `indicator_a`, `indicator_b`; `period_a`, `period_b`; `tag_a`, `tag_b`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sutura.accounts.roles import Role
from sutura.programmes import services
from sutura.programmes.models import ResultLevel, TagKind


def _side(side: Any, letter: str, meeting: Any, partners: list[Any]) -> dict[str, Any]:
    manager = side.users[Role.PROGRAMME_MANAGER]
    donor = services.add_donor(actor=manager, name=f"Donateur {letter.upper()}", acronym="DON")
    programme = services.create_programme(
        actor=manager, name=f"Programme {letter.upper()}", donors=[donor], partners=partners
    )
    envelope = services.save_envelope(
        actor=manager,
        programme=programme,
        budget_line="1 Assistance",
        currency="XOF",
        amount=Decimal(1_000_000),
    )
    goal = services.add_result(
        actor=manager, programme=programme, level=ResultLevel.GOAL, statement="Réintégration"
    )
    indicator = services.add_result_indicator(
        actor=manager, result=goal, name="Initiatives", source="Rapports"
    )
    period = services.set_period_value(
        actor=manager, indicator=indicator, period="2026-Q1", target=Decimal(4)
    )
    tag = services.tag(
        actor=manager, programme=programme, kind=TagKind.MEETING, object_id=meeting.pk
    )
    return {
        f"programme_{letter}": programme,
        f"envelope_{letter}": envelope,
        f"goal_{letter}": goal,
        f"indicator_{letter}": indicator,
        f"tag_{letter}": tag,
        f"period_{letter}": period,
    }


def build(world: Any) -> dict[str, Any]:
    meetings = world.parts["meetings"]
    return {
        **_side(world.a, "a", meetings["meeting_a"], []),
        **_side(world.b, "b", meetings["meeting_b"], [world.a.organisation]),
    }
