"""Victims of trafficking: who reads the identification, the risk assessment and its safety
plan, and the person's decision about cooperating with law enforcement.

Each record has a confidentiality (`trafficking.models.Confidentiality`):
- **restricted** (the default): the case's own case manager and the organisation's programme
  managers (their supervisors) only — the rule restricted case notes follow
  (`access.cases._restricted_ok`); a colleague who works on the case without managing it
  finds nothing (404);
- **case team**: whoever works on the case in full (`access.cases.works_on`).

A mentor (minimal profile), another organisation, a provider who received a referral: never.
What leaves the case does so only inside a referral's "protection history" section, as codes
and dates (`sharing_facts`, called by `referrals.sharing` through its registration).

Two forms of each rule, side by side: the filter (`record_filter`, applied by `visible()`) and
the standing on one loaded record (`reads`), which `sutura/trafficking/tests/test_access.py`
checks against each other for every user and record of the access world.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from sutura.access.cases import cases_counted_for, team_cases, works_on
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.trafficking.models import (
    Confidentiality,
    Identification,
    IndicatorChecklist,
    IndicatorItem,
    LawEnforcementCooperation,
    RiskAssessment,
    SafetyPlan,
)

RECORDS = (Identification, RiskAssessment, LawEnforcementCooperation)


def reads_restricted(user: Any, case: Case) -> bool:
    """May the user read a restricted record of this case (given they work on it)? The
    case's manager and the programme managers."""
    return Role.PROGRAMME_MANAGER in user.roles or case.case_manager_id == user.pk


def _restricted_ok(user: Any, prefix: str = "") -> Q:
    if Role.PROGRAMME_MANAGER in user.roles:
        return Q()
    return Q(**{f"{prefix}confidentiality": Confidentiality.CASE_TEAM}) | Q(
        **{f"{prefix}case__case_manager_id": user.pk}
    )


def record_filter(user: Any, prefix: str = "") -> Q:
    """The records the user reads, as a filter (`prefix`: the path to the record)."""
    return Q(**{f"{prefix}case__in": team_cases(user)}) & _restricted_ok(user, prefix)


def reads(user: Any, record: Any) -> bool:
    """Does the user read this record (an identification, a risk assessment, a cooperation
    decision, or a safety plan through its assessment)? The same rule as `record_filter`."""
    if isinstance(record, SafetyPlan):
        record = record.assessment
    case = record.case
    if not works_on(user, case):
        return False
    return record.confidentiality == Confidentiality.CASE_TEAM or reads_restricted(user, case)


def may_keep_restricted(user: Any, case: Case) -> bool:
    """Who may record or keep a record restricted: those who read restricted records (anyone
    else would write what they could then no longer read)."""
    return works_on(user, case) and reads_restricted(user, case)


def reads_section(user: Any, case: Case) -> bool:
    """The case page's trafficking section: for whoever works on the case in full."""
    return works_on(user, case)


def _records(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset.filter(record_filter(user))


for _model in RECORDS:
    register_scope(_model)(_records)


@register_scope(SafetyPlan)
def _plans(user: Any, queryset: models.QuerySet[SafetyPlan]) -> models.QuerySet[SafetyPlan]:
    return queryset.filter(record_filter(user, "assessment__"))


@register_scope(IndicatorChecklist)
def _checklists(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Reference data: every signed-in member of an organisation."""
    return queryset if getattr(user, "organisation_id", None) else queryset.none()


@register_scope(IndicatorItem)
def _items(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset if getattr(user, "organisation_id", None) else queryset.none()


# --- what leaves the case, inside a referral's protection history ------------------------------


def sharing_facts(case: Case, referrer: Any) -> tuple[Identification | None, RiskAssessment | None]:
    """The latest identification and risk assessment of a case **that the referrer reads**
    (one passes on only what one may read), for `referrals.sharing` only: it has checked that
    the reader may read the referral's protection history now, and passes on their codes and
    dates, never their text."""
    where = record_filter(referrer)
    identification = (
        Identification.objects.filter(where, case=case)
        .order_by("-identified_on", "-created_at")
        .first()
    )
    assessment = (
        RiskAssessment.objects.filter(where, case=case)
        .order_by("-assessed_on", "-created_at")
        .first()
    )
    return identification, assessment


# --- counts -----------------------------------------------------------------------------------


def identifications_counted_for(user: Any) -> models.QuerySet[Identification]:
    """The identifications on the cases the user counts (indicators: aggregates only)."""
    return Identification.objects.filter(case__in=cases_counted_for(user))
