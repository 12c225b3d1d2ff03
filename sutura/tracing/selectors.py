"""Reads of family tracing and reunification, always through the access layer
(`sutura/access/tracing.py`: the records follow their case, for its team)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.cases import works_on
from sutura.audit.services import record_read
from sutura.cases.models import CaseStatus
from sutura.referrals.models import Referral
from sutura.tracing.models import (
    FamilyAssessment,
    RequestStatus,
    Reunification,
    ReunificationVisit,
    TracingRequest,
)

FAMILY_TRACING = "family_tracing"  # the directory's service category


def _overdue(today: date) -> Q:
    return Q(done_on__isnull=True, due_on__lt=today)


# --- one record (404 for whoever may not see it; the read is audited) ---------------------------


def request_for(user: Any, pk: Any, *, audit: bool = True) -> TracingRequest:
    found = get_visible_or_404(
        user,
        TracingRequest.objects.select_related(
            "case__person", "last_known_place__parent__parent", "referral", "opened_by"
        ),
        pk=pk,
    )
    if audit:
        record_read(user, found, detail=gettext_noop("tracing request"))
    return found


def assessment_for(user: Any, pk: Any, *, audit: bool = True) -> FamilyAssessment:
    found = get_visible_or_404(
        user,
        FamilyAssessment.objects.select_related("case__person", "tracing_request", "assessor"),
        pk=pk,
    )
    if audit:
        record_read(user, found, detail=gettext_noop("family assessment"))
    return found


def reunification_for(user: Any, pk: Any, *, audit: bool = True) -> Reunification:
    found = get_visible_or_404(
        user,
        Reunification.objects.select_related("case__person", "assessment", "place"),
        pk=pk,
    )
    if audit:
        record_read(user, found, detail=gettext_noop("reunification"))
    return found


def visit_for(user: Any, pk: Any, *, audit: bool = True) -> ReunificationVisit:
    found = get_visible_or_404(
        user,
        ReunificationVisit.objects.select_related(
            "case__person", "reunification__assessment", "done_by"
        ),
        pk=pk,
    )
    if audit:
        record_read(user, found, detail=gettext_noop("reunification visit"))
    return found


# --- lists ----------------------------------------------------------------------------------------


def requests_of(user: Any) -> QuerySet[TracingRequest]:
    return visible(user, TracingRequest).select_related("case", "opened_by", "last_known_place")


def assessments_of(user: Any) -> QuerySet[FamilyAssessment]:
    return visible(user, FamilyAssessment).select_related("case", "assessor")


def reunifications_of(user: Any) -> QuerySet[Reunification]:
    return visible(user, Reunification).select_related("case", "recorded_by", "place")


def visits_of(user: Any) -> QuerySet[ReunificationVisit]:
    return visible(user, ReunificationVisit).select_related("case", "done_by")


def case_tracing(user: Any, case: Any) -> dict[str, Any]:
    """The case page's section: every request with its assessments, every reunification with
    its visits (overdue ones marked), for the case team; nothing for anyone else."""
    if not works_on(user, case):
        return {}
    today = timezone.localdate()
    assessments = visible(user, FamilyAssessment).select_related("assessor", "reunification")
    requests = list(
        visible(user, TracingRequest)
        .filter(case=case)
        .select_related("last_known_place", "referral")
        .prefetch_related(Prefetch("tracing_assessments", assessments, to_attr="assessed"))
    )
    visits = visible(user, ReunificationVisit).select_related("done_by")
    reunifications = list(
        visible(user, Reunification)
        .filter(case=case)
        .select_related("assessment", "place")
        .prefetch_related(Prefetch("scheduled_visits", visits, to_attr="all_visits"))
    )
    overdue = 0
    for reunification in reunifications:
        for visit in reunification.all_visits:
            late = visit.done_on is None and visit.due_on < today
            visit.overdue = late  # type: ignore[attr-defined]
            overdue += late
    return {
        "case": case,
        "requests": requests,
        "reunifications": reunifications,
        "overdue": overdue,
    }


def family_tracing_referrals(user: Any, case: Any) -> QuerySet[Referral]:
    """The case's referrals to a family tracing service, to say which one a request goes
    through."""
    return (
        visible(user, Referral)
        .filter(case=case, category=FAMILY_TRACING)
        .select_related("to_organisation", "service")
        .order_by("-created_at")
    )


def open_requests_for_member(
    user: Any, case: Any, name: str, relationship: str
) -> QuerySet[TracingRequest]:
    """The case's open requests for this family member (same relationship, same name once
    case and spaces are ignored): a reunification with them answers them all."""
    return visible(user, TracingRequest).filter(
        case=case,
        status=RequestStatus.OPEN,
        relationship=relationship,
        sought_name__iexact=" ".join(name.split()),
    )


def is_reunified(user: Any, assessment: FamilyAssessment) -> bool:
    return visible(user, Reunification).filter(assessment=assessment).exists()


def overdue_visits_for(user: Any, *, limit: int = 20) -> list[ReunificationVisit]:
    """The follow-up visits past their date, not done, on the case manager's own open cases."""
    today = timezone.localdate()
    return list(
        visible(user, ReunificationVisit)
        .filter(_overdue(today), case__case_manager=user)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case__person")
        .order_by("due_on")[:limit]
    )


# --- the central database export ----------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def export_values(user: Any, case: Any) -> dict[str, Any]:
    """The tracing group of a case's export: for the case team only (nothing for others)."""
    if not works_on(user, case):
        return {}
    today = timezone.localdate()
    requests = visible(user, TracingRequest).filter(case=case)
    last = (
        requests.exclude(status=RequestStatus.OPEN)
        .order_by("-outcome_on", "-created_at")
        .values("status", "outcome_on")
        .first()
    )
    reunified = (
        visible(user, Reunification)
        .filter(case=case)
        .order_by("-reunified_on")
        .values_list("reunified_on", flat=True)
        .first()
    )
    visits = visible(user, ReunificationVisit).filter(case=case)
    return {
        "tracing.open_requests": requests.filter(status=RequestStatus.OPEN).count(),
        "tracing.last_outcome": last["status"] if last else None,
        "tracing.last_outcome_on": _iso(last["outcome_on"]) if last else None,
        "tracing.reunified_on": _iso(reunified),
        "tracing.visits_done": visits.filter(done_on__isnull=False).count(),
        "tracing.visits_overdue": visits.filter(_overdue(today)).count(),
    }
