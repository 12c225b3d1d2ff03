"""Cases and the records kept on them.

Each rule has two forms that must agree (a test checks them against each other):
- a filter (`works_on_filter`, `mentor_filter`) for querysets: which cases a user sees;
- a *standing* on one case already loaded (`works_on`, `case_standing`), computed from the
  row's own columns without a query, for services, views, the API and PDFs.

Case and programme staff work on their organisation's cases in full — or only on the cases
assigned to them, when their organisation says so (`case_managers_see_all_cases`). A mentor
sees the cases assigned to them as a minimal profile (`CaseStanding.MENTOR`): no person file,
screening, plan, notes or documents. Provider agents and focal points reach cases only
through referrals (`access.referrals`, `referrals.sharing`); M&E officers count them.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q, Value

from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm, Role
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    CaseDocument,
    CaseNote,
    CaseStatus,
    CaseTransition,
    Confidentiality,
    FollowUp,
    NeedsAssessment,
    PlanDecision,
    PlannedAssistance,
    Programme,
    ReintegrationPlan,
    VulnerabilityScreening,
)


class CaseStanding(Enum):
    """Where a user stands with one case."""

    TEAM = "team"  # works on it in full
    MENTOR = "mentor"  # the assigned mentor: a minimal profile
    NONE = "none"


def sees_only_assigned_cases(user: Any) -> bool:
    """A case manager whose organisation restricts them to the cases assigned to them."""
    if Role.PROGRAMME_MANAGER in user.roles:
        return False
    return not user.organisation.case_managers_see_all_cases


def _case_team(user: Any) -> bool:
    return can(user, Perm.MANAGE_CASES) and user.organisation_id is not None


def works_on_filter(user: Any) -> Q | None:
    """The cases a user works on in full, as a filter; None: none at all."""
    if not _case_team(user):
        return None
    condition = Q(organisation_id=user.organisation_id)
    if sees_only_assigned_cases(user):
        condition &= Q(case_manager_id=user.pk)
    return condition


def works_on(user: Any, case: Case) -> bool:
    """Does the user work on this case in full? The same rule as `works_on_filter`."""
    if not _case_team(user) or case.organisation_id != user.organisation_id:
        return False
    return not sees_only_assigned_cases(user) or case.case_manager_id == user.pk


def mentor_filter(user: Any) -> Q | None:
    """The cases a mentor is assigned to (seen as a minimal profile); None for others."""
    if not can(user, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL) or user.organisation_id is None:
        return None
    # A closed case is no one's to mentor (mentoring ends the assignment when it closes).
    return Q(mentor_id=user.pk, organisation_id=user.organisation_id) & ~Q(status=CaseStatus.CLOSED)


def mentors(user: Any, case: Case) -> bool:
    """Is the user the case's mentor? The same rule as `mentor_filter`."""
    return (
        can(user, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL)
        and user.organisation_id is not None
        and case.mentor_id == user.pk
        and case.organisation_id == user.organisation_id
        and case.status != CaseStatus.CLOSED
    )


def case_standing(user: Any, case: Case) -> CaseStanding:
    if works_on(user, case):
        return CaseStanding.TEAM
    if mentors(user, case):
        return CaseStanding.MENTOR
    return CaseStanding.NONE


def require_works_on(user: Any, case: Case) -> None:
    """Defence in depth for services: act only on a case the actor works on in full, whatever
    the caller fetched (403; the views have answered 404 long before)."""
    if not works_on(user, case):
        raise PermissionDenied


def team_cases(user: Any) -> models.QuerySet[Case]:
    """The cases the user works on in full (a subquery for the records kept on them)."""
    condition = works_on_filter(user)
    return Case.objects.none() if condition is None else Case.objects.filter(condition)


def with_works_on_flag(user: Any, cases: models.QuerySet[Case]) -> models.QuerySet[Case]:
    """Mark each case of a list with `works_on` (True: in full), computed in the list query
    itself from `works_on_filter`, so a list costs no query per row."""
    condition = works_on_filter(user)
    flag: Any = Value(False) if condition is None else ExpressionWrapper(condition, BooleanField())
    return cases.annotate(works_on=flag)


@register_scope(Case)
def _cases(user: Any, queryset: models.QuerySet[Case]) -> models.QuerySet[Case]:
    """The case team's cases, and a mentor's assigned cases (minimal profile)."""
    conditions = [c for c in (works_on_filter(user), mentor_filter(user)) if c is not None]
    if not conditions:
        return queryset.none()
    condition = conditions[0]
    for other in conditions[1:]:
        condition |= other
    return queryset.filter(condition)


def _case_records(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset.filter(case__in=team_cases(user))


# Records kept on a case follow the case, for its team only (never a mentor's minimal view).
CASE_RECORDS = (
    VulnerabilityScreening,
    NeedsAssessment,
    ReintegrationPlan,
    FollowUp,
    CaseTransition,
)
for _model in CASE_RECORDS:
    register_scope(_model)(_case_records)


@register_scope(PlannedAssistance)
def _items(user: Any, queryset: models.QuerySet[PlannedAssistance]) -> models.QuerySet[Any]:
    return queryset.filter(plan__case__in=team_cases(user))


@register_scope(PlanDecision)
def _plan_decisions(user: Any, queryset: models.QuerySet[PlanDecision]) -> models.QuerySet[Any]:
    return queryset.filter(plan__case__in=team_cases(user))


@register_scope(AssistanceDelivery)
def _deliveries(user: Any, queryset: models.QuerySet[AssistanceDelivery]) -> models.QuerySet[Any]:
    return queryset.filter(item__plan__case__in=team_cases(user))


def _restricted_ok(user: Any) -> Q:
    """Restricted notes and documents: the case's manager and their supervisors."""
    if Role.PROGRAMME_MANAGER in user.roles:
        return Q()
    return Q(confidentiality=Confidentiality.NORMAL) | Q(case__case_manager_id=user.pk)


@register_scope(CaseNote)
def _notes(user: Any, queryset: models.QuerySet[CaseNote]) -> models.QuerySet[CaseNote]:
    return queryset.filter(_restricted_ok(user), case__in=team_cases(user))


@register_scope(CaseDocument)
def _documents(user: Any, queryset: models.QuerySet[CaseDocument]) -> models.QuerySet[Any]:
    return queryset.filter(_restricted_ok(user), case__in=team_cases(user))


@register_scope(Programme)
def _programmes(user: Any, queryset: models.QuerySet[Programme]) -> models.QuerySet[Programme]:
    if user.organisation_id is None:
        return queryset.none()
    return queryset.filter(organisation_id=user.organisation_id)


def cases_counted_for(user: Any) -> models.QuerySet[Case]:
    """The cases whose figures feed this user's budgets and indicators: counted, and listed
    without identity only (`cases.selectors.counted_cases`: no name, birth date or phone)."""
    if user.organisation_id is None or not can(user, Perm.VIEW_INDICATORS):
        return Case.objects.none()
    return Case.objects.filter(organisation_id=user.organisation_id)


def plan_decisions_counted_for(user: Any) -> models.QuerySet[PlanDecision]:
    """The plan decisions on the cases the user counts (indicators: aggregates only)."""
    return PlanDecision.objects.filter(plan__case__in=cases_counted_for(user))


def planned_assistance_counted_for(user: Any) -> models.QuerySet[PlannedAssistance]:
    """The planned assistance of the cases the user counts (indicators: aggregates only)."""
    return PlannedAssistance.objects.filter(plan__case__in=cases_counted_for(user))


def deliveries_counted_for(user: Any) -> models.QuerySet[AssistanceDelivery]:
    """The assistance delivered on the cases the user counts (indicators: aggregates only)."""
    return AssistanceDelivery.objects.filter(item__plan__case__in=cases_counted_for(user))
