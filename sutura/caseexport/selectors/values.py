"""The values of this app's export groups (`fields.py`), for one case and one user: each reads
through the access layer (`visible()`) and returns only what the user may read on that case.
Nobody but the case team gets anything (`works_on`): a mentor's minimal view, a provider's
referral, another organisation — an empty dict, every field withheld.

Values are plain JSON: codes as codes, dates as ISO text, amounts as numbers (no float for an
amount that has none: 150000, not 150000.0).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from sutura.access import visible
from sutura.access.cases import works_on
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    Currency,
    FollowUp,
    PlanDecision,
    PlannedAssistance,
    ReintegrationPlan,
    VulnerabilityScreening,
)
from sutura.people.models import Person
from sutura.referrals.models import Referral, ReferralStatus

APPROVING = (PlanDecision.Decision.APPROVED, PlanDecision.Decision.APPROVED_UNDER_THRESHOLD)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _amount(value: Decimal | None) -> int | float:
    if value is None:
        return 0
    return int(value) if value == value.to_integral_value() else float(value)


def case_values(user: Any, case: Case) -> dict[str, Any]:
    if not works_on(user, case):
        return {}
    manager = case.case_manager
    return {
        "case.number": case.number,
        "case.type": case.case_type,
        "case.status": case.status,
        "case.opened_on": _iso(case.opened_on),
        "case.closed_on": _iso(case.closed_on),
        "case.closure_reason": case.closure_reason or None,
        "case.priority": case.priority,
        "case.risk_level": case.risk_level,
        "case.flags": list(case.flags),
        "case.case_manager_name": (manager.get_full_name() or None) if manager else None,
    }


def person_values(user: Any, case: Case) -> dict[str, Any]:
    if not works_on(user, case):
        return {}
    person = (
        visible(user, Person).select_related("current_location").filter(pk=case.person_id).first()
    )
    if person is None:
        return {}
    place = person.current_location
    return {
        "person.identifier": str(person.pk),
        "person.given_names": person.given_names,
        "person.family_name": person.family_name,
        "person.sex": person.sex,
        "person.birth_date": _iso(person.birth_date),
        "person.birth_date_estimated": person.birth_date_estimated,
        "person.nationality": person.nationality or None,
        "person.phones": person.all_phones(),
        "person.current_place_pcode": (place.pcode or None) if place else None,
        "person.current_place_name": place.name_fr if place else None,
        "person.languages": list(person.languages),
    }


def screening_values(user: Any, case: Case) -> dict[str, Any]:
    if not works_on(user, case):
        return {}
    latest = (
        visible(user, VulnerabilityScreening)
        .filter(case=case)
        .order_by("-screened_on", "-created_at")
        .first()
    )
    return {
        "screening.last_date": _iso(latest.screened_on) if latest else None,
        "screening.categories": list(latest.categories) if latest else [],
    }


def plan_values(user: Any, case: Case) -> dict[str, Any]:
    if not works_on(user, case):
        return {}
    plan = visible(user, ReintegrationPlan).filter(case=case).first()
    approved = None
    totals: dict[str, Any] = {}
    if plan is not None:
        decision = (
            visible(user, PlanDecision)
            .filter(plan=plan, decision__in=APPROVING)
            .order_by("-created_at")
            .first()
        )
        approved = decision.created_at.date() if decision else None
        rows = (
            visible(user, PlannedAssistance)
            .filter(plan=plan)
            .values("currency")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        totals = {row["currency"]: row["total"] for row in rows}
    return {
        "plan.status": plan.status if plan else None,
        "plan.approved_on": _iso(approved),
        **{f"plan.planned_{code.lower()}": _amount(totals.get(code)) for code in Currency.values},
    }


def assistance_values(user: Any, case: Case) -> dict[str, Any]:
    if not works_on(user, case):
        return {}
    rows = (
        visible(user, AssistanceDelivery)
        .filter(item__plan__case=case)
        .values("item__currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by()
    )
    totals = {row["item__currency"]: row["total"] for row in rows}
    return {
        "assistance.deliveries": sum(row["count"] for row in rows),
        **{
            f"assistance.delivered_{code.lower()}": _amount(totals.get(code))
            for code in Currency.values
        },
    }


def followup_values(user: Any, case: Case) -> dict[str, Any]:
    if not works_on(user, case):
        return {}
    latest = (
        visible(user, FollowUp)
        .filter(case=case)
        .order_by("-happened_on", "-created_at")
        .values_list("happened_on", flat=True)
        .first()
    )
    return {
        "followups.last_date": _iso(latest),
        "followups.next_due": _iso(case.next_follow_up_on),
    }


def referral_values(user: Any, case: Case) -> dict[str, Any]:
    if not works_on(user, case):
        return {}
    counts = dict(
        visible(user, Referral)
        .filter(case=case)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        "referrals.total": sum(counts.values()),
        **{f"referrals.{status}": counts.get(status, 0) for status in ReferralStatus.values},
    }
