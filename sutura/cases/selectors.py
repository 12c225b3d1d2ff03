"""Reads of cases, always through the access layer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Q, QuerySet
from django.utils import timezone

from sutura.access import get_visible_or_404, visible
from sutura.access.rules import cases_counted_for, sees_case_in_full
from sutura.audit.services import record_read
from sutura.cases.models import (
    Case,
    CaseDocument,
    CaseNote,
    CaseStatus,
    FollowUp,
    NeedsAssessment,
    PlannedAssistance,
    ReintegrationPlan,
    VulnerabilityScreening,
)
from sutura.cases.services.plans import budget_summaries, budget_summary
from sutura.geo.queries import within
from sutura.people.models import Consent
from sutura.people.names import skeleton
from sutura.people.search import MAX_MATCHES, PHONE, closest_people

CASE_NUMBER = re.compile(r"^[A-Za-z]{2}-\d{4}-\d{1,6}$")
SORTS = {
    "opened": ("-opened_on", "-number"),
    "-opened": ("opened_on", "number"),
    "priority": ("-priority", "-opened_on", "-number"),
    "name": ("person__search_key", "number"),
    "follow_up": ("next_follow_up_on", "number"),
    "number": ("number",),
}


@dataclass
class CaseFilters:
    query: str = ""
    status: str = ""
    case_type: str = ""
    vulnerability: str = ""
    location: Any = None  # a Location: the person's place of origin or residence, any level
    case_manager: Any = None
    overdue: bool = False
    sort: str = "opened"


def cases_for(user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases a user may see, searched, filtered and sorted for the case list."""
    filters = filters or CaseFilters()
    cases = visible(user, Case).select_related("person", "person__current_location", "case_manager")
    cases = _search(user, cases, filters.query.strip())
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.case_type:
        cases = cases.filter(case_type=filters.case_type)
    if filters.vulnerability:
        cases = cases.filter(flags__contains=[filters.vulnerability])
    if filters.location is not None:
        cases = cases.filter(_in_location(filters.location))
    if filters.case_manager is not None:
        cases = cases.filter(case_manager=filters.case_manager)
    if filters.overdue:
        cases = cases.filter(_overdue(timezone.localdate()))
    if filters.query and filters.sort == "relevance":
        return cases
    return cases.order_by(*SORTS.get(filters.sort, SORTS["opened"]))


def _search(user: Any, cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """A case number, a phone number, or a name in any spelling and order."""
    if not query:
        return cases
    if CASE_NUMBER.match(query):
        return cases.filter(number=query.upper())  # numbers are stored upper case: the index
    if PHONE.match(query):
        digits = query.replace(" ", "")
        return cases.filter(
            Q(person__phone__endswith=digits.lstrip("+"))
            | Q(person__other_phones__contains=[digits])
        )
    key = skeleton(query)
    if not key:
        return cases.none()
    # The closest MAX_MATCHES people only (from the name index, through the access layer):
    # "Ndiaye" alone matches thousands, and nobody pages through them; the list says "more
    # than …: refine the search" (CappedPaginator). Fetched once, for the page and its count.
    closest = closest_people(user, query, limit=MAX_MATCHES + 1)
    return (
        cases.filter(person_id__in=closest)
        .annotate(relevance=TrigramWordSimilarity(key, "person__search_key"))
        .order_by("-relevance", "-opened_on", "number")
    )


def _in_location(location: Any) -> Q:
    return within("person__place_of_origin", location) | within(
        "person__current_location", location
    )


def _overdue(today: date) -> Q:
    return Q(next_follow_up_on__lt=today) & ~Q(status=CaseStatus.CLOSED)


def overdue_follow_ups_for(user: Any, *, limit: int = 20) -> QuerySet[Case]:
    """The case manager's own open cases whose next follow-up date has passed."""
    return (
        visible(user, Case)
        .filter(_overdue(timezone.localdate()), case_manager=user)
        .select_related("person")
        .order_by("next_follow_up_on")[:limit]
    )


def case_for(user: Any, case_id: Any, *, audit: bool = True) -> Case:
    """One case the user may see (404 otherwise); the read is audited."""
    case = get_visible_or_404(
        user,
        Case.objects.select_related(
            "person",
            "person__place_of_origin__parent__parent",
            "person__current_location__parent__parent",
            "case_manager",
            "mentor",
            "programme",
            "organisation",
        ),
        pk=case_id,
    )
    if audit:
        record_read(user, case, detail="case")
    return case


def in_full(user: Any, case: Case) -> bool:
    return sees_case_in_full(user, case)


def case_records(user: Any, case: Case) -> dict[str, Any]:
    """Everything recorded on a case that this user may read."""
    plan = visible(user, ReintegrationPlan).filter(case=case).first()
    items = visible(user, PlannedAssistance).filter(plan__case=case)
    return {
        "screenings": visible(user, VulnerabilityScreening).filter(case=case),
        "assessments": visible(user, NeedsAssessment).filter(case=case),
        "plan": plan,
        "items": items.prefetch_related("deliveries"),
        "budget": budget_summary(items),
        "follow_ups": visible(user, FollowUp).filter(case=case).select_related("recorded_by"),
        "notes": visible(user, CaseNote).filter(case=case).select_related("author"),
        "documents": visible(user, CaseDocument).filter(case=case).select_related("uploaded_by"),
        "consents": visible(user, Consent)
        .filter(person=case.person)
        .select_related("recorded_by", "shared_with"),
        "transitions": case.transitions.select_related("actor"),
    }


def document_for(user: Any, document_id: Any) -> CaseDocument:
    document = get_visible_or_404(user, CaseDocument.objects.select_related("case"), pk=document_id)
    record_read(user, document, detail="document download")
    return document


def budget_for_organisation(user: Any, programme: Any = None) -> dict[str, Any]:
    """Planned / committed / disbursed per currency, for the user's organisation's cases."""
    items = PlannedAssistance.objects.filter(plan__case__in=cases_counted_for(user))
    if programme is not None:
        items = items.filter(plan__case__programme=programme)
    return budget_summary(items)


def plans_awaiting_approval_for(user: Any, *, limit: int = 20) -> QuerySet[ReintegrationPlan]:
    from sutura.cases.models import PlanStatus

    return (
        visible(user, ReintegrationPlan)
        .filter(status=PlanStatus.SUBMITTED)
        .select_related("case", "case__person")
        .order_by("submitted_at")[:limit]
    )


def budgets_by_programme(user: Any) -> list[tuple[Any, dict[str, Any]]]:
    """The organisation's budget per programme that has any (three queries in all)."""
    from sutura.cases.models import Programme

    items = PlannedAssistance.objects.filter(plan__case__in=cases_counted_for(user))
    budgets = budget_summaries(items, group_by="plan__case__programme")
    programmes = visible(user, Programme).filter(pk__in=[k for k in budgets if k]).order_by("name")
    return [(programme, budgets[programme.pk]) for programme in programmes]


def assigned_returnees_for(user: Any, *, limit: int = 50) -> QuerySet[Case]:
    """A mentor's returnees (open cases assigned to them), for their home page."""
    return (
        visible(user, Case)
        .filter(mentor=user)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("person", "person__current_location")
        .order_by("person__given_names", "number")[:limit]
    )
