"""Building blocks for the programme tests: a programme set up by a manager, a case of it with
a plan (approved under the threshold, or left as a draft), assistance delivered."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from sutura.cases.models import Case, PlannedAssistance, Programme
from sutura.cases.services import plans
from sutura.cases.services.lifecycle import open_case
from sutura.cases.tests.helpers import consenting_person
from sutura.programmes import services


def programme_of(manager: Any, name: str = "Réintégration durable", **fields: Any) -> Programme:
    return services.create_programme(actor=manager, name=name, **fields)


def case_of(programme: Programme, case_manager: Any, name: str = "Awa") -> Case:
    person = consenting_person(case_manager, given_names=name)
    return open_case(
        actor=case_manager,
        person=person,
        case_type="return_reintegration",
        opened_on=datetime.date(2026, 1, 10),
        programme=programme,
    )


def planned(
    case: Case,
    case_manager: Any,
    *items: tuple[str, int, str],
    submit: bool = True,
) -> list[PlannedAssistance]:
    """Items (dimension, amount, currency); submitted, the plan is approved under the
    threshold (500,000 XOF, 750 EUR by default)."""
    plan = plans.plan_for_case(actor=case_manager, case=case)
    made = [
        plans.add_item(
            actor=case_manager,
            plan=plan,
            dimension=dimension,
            kind=f"Aide {dimension}",
            amount=Decimal(amount),
            currency=currency,
        )
        for dimension, amount, currency in items
    ]
    if submit:
        plan.refresh_from_db()
        plans.submit_plan(actor=case_manager, plan=plan, expected_version=plan.version)
    return made


def delivered(item: PlannedAssistance, case_manager: Any, amount: int) -> None:
    plans.record_delivery(
        actor=case_manager,
        item=item,
        delivered_on=datetime.date(2026, 2, 1),
        amount=Decimal(amount),
    )
