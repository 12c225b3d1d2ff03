"""The cases app's indicators (registered in `CasesConfig.ready()`): one small function each,
over the cases the user may count (`access.cases.*_counted_for`: counts only, never rows). The
generic counter (`core.indicators`) does the period, the scope and the disaggregation."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.access.cases import (
    cases_counted_for,
    deliveries_counted_for,
    plan_decisions_counted_for,
    planned_assistance_counted_for,
)
from sutura.cases.models import PlanDecision, PlanStatus
from sutura.core import indicators
from sutura.core.indicators import Period, Rows

CASE_DIMENSIONS = (
    "sex",
    "age_group",
    "admin1",
    "admin2",
    "nationality",
    "organisation",
    "programme",
    "vulnerability",
    "case_type",
)
CASE_EXTRA = {"status": "status"}
APPROVALS = (PlanDecision.Decision.APPROVED, PlanDecision.Decision.APPROVED_UNDER_THRESHOLD)


def _cases(user: Any) -> Rows:
    # The person's sex, birth date and place as the case keeps them: no visit to the people.
    return Rows(cases_counted_for(user), person="person", case="", facts="", extra=CASE_EXTRA)


def _active(period: Period) -> Q:
    """Open at some time in the period: opened by its end, not closed before its start."""
    return Q(opened_on__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )


def registered(user: Any, period: Period) -> Rows:
    """Cases opened in the period."""
    return replace(_cases(user), date="opened_on")


def active(user: Any, period: Period) -> Rows:
    """Cases open at some time in the period (by their status today)."""
    cases = _cases(user)
    return replace(cases, queryset=cases.queryset.filter(_active(period)))


def vulnerable(user: Any, period: Period) -> Rows:
    """Cases open in the period with at least one vulnerability flag."""
    cases = _cases(user)
    flagged = cases.queryset.filter(_active(period), flags__len__gt=0)
    return replace(cases, queryset=flagged)


def plans_approved(user: Any, period: Period) -> Rows:
    """Reintegration plans approved in the period (each plan once)."""
    approvals = plan_decisions_counted_for(user).filter(decision__in=APPROVALS)
    return Rows.on_case(approvals, case="plan__case", date="created_at__date", distinct="plan")


def assistance_committed(user: Any, period: Period) -> Rows:
    """The amounts of the assistance planned in plans approved in the period."""
    approved = plan_decisions_counted_for(user).filter(
        decision__in=APPROVALS,
        created_at__date__gte=period.start,
        created_at__date__lte=period.end,
    )
    items = planned_assistance_counted_for(user).filter(
        plan__status=PlanStatus.APPROVED, plan__in=approved.values("plan")
    )
    return Rows.on_case(
        items,
        case="plan__case",
        value="amount",
        distinct="plan__case",
        extra={"currency": "currency", "dimension": "dimension"},
    )


def assistance_disbursed(user: Any, period: Period) -> Rows:
    """The amounts of the assistance delivered in the period."""
    return Rows.on_case(
        deliveries_counted_for(user),
        case="item__plan__case",
        date="delivered_on",
        value="amount",
        distinct="item__plan__case",
        extra={"currency": "item__currency", "dimension": "item__dimension"},
    )


SELF = "sutura.cases.indicators"
AMOUNT_DIMENSIONS = (*CASE_DIMENSIONS, "currency", "dimension")
INDICATORS = (
    indicators.Indicator(
        code="cases.registered",
        name=_("Cases registered"),
        definition=_("Cases opened in the period."),
        compute=f"{SELF}.registered",
        dimensions=(*CASE_DIMENSIONS, "week", "month", "quarter", "year"),
    ),
    indicators.Indicator(
        code="cases.active",
        name=_("Cases by status"),
        definition=_(
            "Cases open at some time in the period (opened by its end, not closed before its "
            "start), by their status today."
        ),
        compute=f"{SELF}.active",
        dimensions=(*CASE_DIMENSIONS, "status"),
    ),
    indicators.Indicator(
        code="cases.vulnerable",
        name=_("Vulnerable cases by category"),
        definition=_(
            "Cases open at some time in the period with at least one vulnerability flag; by "
            "category, a case counts under each of its flags (the categories add up to more "
            "than the total)."
        ),
        compute=f"{SELF}.vulnerable",
        dimensions=(*CASE_DIMENSIONS, "status"),
    ),
    indicators.Indicator(
        code="cases.plans_approved",
        name=_("Reintegration plans approved"),
        definition=_(
            "Reintegration plans approved in the period (by the approver or under the approval "
            "threshold), each plan once."
        ),
        compute=f"{SELF}.plans_approved",
        dimensions=(*CASE_DIMENSIONS, "month", "quarter"),
    ),
    indicators.Indicator(
        code="cases.assistance_committed",
        name=_("Assistance committed"),
        definition=_(
            "Amounts of the assistance planned in the reintegration plans approved in the "
            "period, by currency."
        ),
        compute=f"{SELF}.assistance_committed",
        unit="amount",
        dimensions=AMOUNT_DIMENSIONS,
        split_by=("currency",),
    ),
    indicators.Indicator(
        code="cases.assistance_disbursed",
        name=_("Assistance disbursed"),
        definition=_("Amounts of the assistance delivered in the period, by currency."),
        compute=f"{SELF}.assistance_disbursed",
        unit="amount",
        dimensions=(*AMOUNT_DIMENSIONS, "month", "quarter"),
        split_by=("currency",),
    ),
)
