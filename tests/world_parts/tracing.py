"""The family tracing part of the access world, through the services: on the first case of
each side (`a.case`, `b.case`, a returnee's case: no best-interests determination asked), by
its case manager:

- `found_X`: a tracing request for the person's mother, found; `assessment_X`: her family
  assessed (suitable); `reunification_X`: the reunification, which scheduled three follow-up
  visits, the first recorded (`visit_done_X`), the others overdue (`visit_X`: the next);
- `open_X`: a tracing request for a brother, still open.
"""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.roles import Role
from sutura.tracing import services


def _side(side: Any, name: str) -> dict[str, Any]:
    manager, case = side.users[Role.CASE_MANAGER], side.case
    found = services.open_request(
        actor=manager,
        case=case,
        sought_name="Mariama Sow",
        relationship="mother",
        sex="female",
        last_known_place=side.organisation.country,
        sources=["phone", "community_leaders"],
        opened_on=datetime.date(2026, 1, 15),
    )
    found = services.record_outcome(
        actor=manager, request=found, status="found", outcome_on=datetime.date(2026, 2, 1)
    )
    assessment = services.assess_family(
        actor=manager,
        request=found,
        assessed_on=datetime.date(2026, 2, 5),
        findings="Accueil possible",
        recommendation="suitable",
    )
    reunification = services.record_reunification(
        actor=manager, assessment=assessment, reunified_on=datetime.date(2026, 2, 10)
    )
    first, following, *_rest = reunification.scheduled_visits.order_by("due_on")
    done = services.record_visit(
        actor=manager,
        visit=first,
        done_on=datetime.date(2026, 2, 25),
        well_being="good",
        placement="stable",
    )
    still_open = services.open_request(
        actor=manager,
        case=case,
        sought_name="Ibrahima",
        relationship="sibling",
        through="other_organisation",
        organisation_name="Croix-Rouge",
        opened_on=datetime.date(2026, 3, 1),
    )
    return {
        f"found_{name}": found,
        f"assessment_{name}": assessment,
        f"reunification_{name}": reunification,
        f"visit_done_{name}": done,
        f"visit_{name}": following,
        f"open_{name}": still_open,
    }


def build(world: Any) -> dict[str, Any]:
    return {**_side(world.a, "a"), **_side(world.b, "b")}
