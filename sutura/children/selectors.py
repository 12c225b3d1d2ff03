"""Every read of the children app, through the access layer (`access/children.py`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.cases import works_on
from sutura.access.children import decided_bids_of_case
from sutura.audit.services import record_read
from sutura.cases.models import Case, Vulnerability
from sutura.children.models import (
    AssessmentForm,
    AssessmentItem,
    BestInterestsAssessment,
    BestInterestsDetermination,
    BidStatus,
    CareArrangement,
    CareCheck,
    ChildProfile,
    Domain,
    PanelMember,
)


def is_uasc_case(case: Case) -> bool:
    """An unaccompanied or separated child's case: by its type or its screening's flags."""
    return case.case_type == "uasc" or Vulnerability.UASC in (case.flags or [])


def is_child_case(case: Case) -> bool:
    """A child's case: a UASC case, one flagged "child", or one whose person is under 18 today
    (a child's return needs a best-interests determination before the handover, screened or
    not)."""
    if is_uasc_case(case) or Vulnerability.CHILD in (case.flags or []):
        return True
    age = case.person.age()
    return age is not None and age < 18


def has_decided_bid(case: Case, question: str | None = None) -> bool:
    """Has the case a decided best-interests determination (on `question`, when given)? A
    yes/no for the guards of other apps (returns, tracing), which never read the BID itself."""
    found = decided_bids_of_case(case)
    if question:
        found = found.filter(question=question)
    return found.exists()


# --- the case page's section ------------------------------------------------------------------


def child_section(user: Any, case: Case) -> dict[str, Any] | None:
    """The child protection section of a case page: for the case team, on a child's case (or
    one that has a child's profile already). The read is logged."""
    if not works_on(user, case):
        return None
    profile = visible(user, ChildProfile).filter(case=case).first()
    if profile is None and not is_child_case(case):
        return None
    checks = visible(user, CareCheck).select_related("checked_by")
    panel = visible(user, PanelMember).select_related("user")
    section = {
        "case": case,
        "profile": profile,
        "arrangements": list(
            visible(user, CareArrangement)
            .filter(case=case)
            .prefetch_related(Prefetch("checks", checks, to_attr="seen_checks"))
        ),
        "assessments": list(
            visible(user, BestInterestsAssessment).filter(case=case).select_related("assessor")
        ),
        "determinations": list(
            visible(user, BestInterestsDetermination)
            .filter(case=case)
            .prefetch_related(Prefetch("panel", panel, to_attr="members"))
        ),
    }
    if profile is not None:
        record_read(user, profile, detail=gettext_noop("child protection section"))
    return section


def profile_for(user: Any, pk: Any) -> ChildProfile:
    found = get_visible_or_404(user, visible(user, ChildProfile).select_related("case"), pk=pk)
    record_read(user, found, detail=gettext_noop("child profile"))
    return found


def arrangement_for(user: Any, pk: Any) -> CareArrangement:
    found = get_visible_or_404(user, visible(user, CareArrangement).select_related("case"), pk=pk)
    record_read(user, found, detail=gettext_noop("care arrangement"))
    return found


def assessment_for(user: Any, pk: Any) -> BestInterestsAssessment:
    found = get_visible_or_404(
        user,
        visible(user, BestInterestsAssessment).select_related("case", "assessor", "form"),
        pk=pk,
    )
    record_read(user, found, detail=gettext_noop("best-interests assessment"))
    return found


def determination_for(user: Any, pk: Any) -> BestInterestsDetermination:
    found = get_visible_or_404(
        user, visible(user, BestInterestsDetermination).select_related("case"), pk=pk
    )
    record_read(user, found, detail=gettext_noop("best-interests determination"))
    return found


def panel_of(user: Any, determination: BestInterestsDetermination) -> QuerySet[PanelMember]:
    return visible(user, PanelMember).filter(determination=determination).select_related("user")


def reviewed_by(
    user: Any, determination: BestInterestsDetermination
) -> QuerySet[BestInterestsAssessment]:
    return visible(user, BestInterestsAssessment).filter(determinations=determination)


def assessments_of(user: Any, case: Case) -> QuerySet[BestInterestsAssessment]:
    return visible(user, BestInterestsAssessment).filter(case=case)


def arrangements_of(user: Any, case: Case) -> QuerySet[CareArrangement]:
    return visible(user, CareArrangement).filter(case=case)


def profile_of(user: Any, case: Case) -> ChildProfile | None:
    return visible(user, ChildProfile).filter(case=case).first()


def child_case_or_404(user: Any, case: Case) -> Case:
    if not works_on(user, case):
        raise Http404
    return case


# --- the form, by domain ------------------------------------------------------------------------


def current_form() -> AssessmentForm | None:
    return AssessmentForm.objects.filter(is_current=True).first()


def items_by_domain(form: AssessmentForm) -> list[tuple[str, Any, list[AssessmentItem]]]:
    """The form's items grouped by domain, in the domains' order: (code, label, items)."""
    items = list(AssessmentItem.objects.filter(form=form).order_by("order"))
    return [
        (code, label, [item for item in items if item.domain == code])
        for code, label in Domain.choices
        if any(item.domain == code for item in items)
    ]


# --- export -------------------------------------------------------------------------------------


def export_values(user: Any, case: Case) -> dict[str, Any]:
    """The children group of the central-database export: only for the case team."""
    if not works_on(user, case):
        return {}
    profile = visible(user, ChildProfile).filter(case=case).first()
    last_bia = visible(user, BestInterestsAssessment).filter(case=case).order_by("-assessed_on")
    bid = (
        visible(user, BestInterestsDetermination)
        .filter(case=case)
        .order_by("-status", "-panel_on", "-created_at")  # "draft" > "decided": decided first
        .first()
    )
    decided = (
        visible(user, BestInterestsDetermination)
        .filter(case=case, status=BidStatus.DECIDED)
        .order_by("-panel_on", "-created_at")
        .first()
    )
    bid = decided or bid
    first_bia = last_bia.first()
    return {
        "children.status": profile.status if profile else None,
        "children.care_arrangement": (profile.care_kind or None) if profile else None,
        "children.care_since": _iso(profile.care_since) if profile else None,
        "children.last_bia_date": _iso(first_bia.assessed_on) if first_bia else None,
        "children.bid_question": bid.question if bid else None,
        "children.bid_status": bid.status if bid else None,
        "children.bid_decision": (bid.decision or None) if bid else None,
        "children.bid_date": _iso(bid.panel_on) if bid else None,
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
