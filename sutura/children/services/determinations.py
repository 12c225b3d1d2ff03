"""Best-interests determinations (BID): a panel answers one durable question for the child.

Drafted with the question, the panel, the date and what it reviewed; decided only once at least
one best-interests assessment done on or before the panel's date is among those reviewed and the
panel has at least `MIN_PANEL` members (users of the organisation and outside members)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sutura.access import visible
from sutura.access.accounts import colleague
from sutura.cases.models import Case
from sutura.children.models import (
    BestInterestsAssessment,
    BestInterestsDetermination,
    BidStatus,
    PanelMember,
    ReviewedAssessment,
)
from sutura.children.services.care import _on_case, not_in_future
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked

MIN_PANEL = 3


def _panel(
    actor: Any, determination: BestInterestsDetermination, users: list[Any], outside: list[Any]
) -> None:
    seen = set()
    for user in users:
        member = colleague(getattr(user, "pk", user), actor.organisation_id)
        if member is None:
            raise ValidationError(
                {"panel_users": _("Choose active colleagues of your organisation.")}
            )
        if member.pk in seen:
            continue
        seen.add(member.pk)
        PanelMember.objects.create(
            determination=determination, case=determination.case, user=member, role=""
        )
    for given in outside:
        name = str(given.get("name", "")).strip()
        role = str(given.get("role", "")).strip()
        if not name or not role:
            raise ValidationError(
                {"outside_members": _("Name each outside member of the panel and their role.")}
            )
        row = PanelMember(
            determination=determination,
            case=determination.case,
            name=name,
            role=role,
            organisation_name=str(given.get("organisation", "")).strip(),
        )
        row.full_clean(exclude=["determination", "case"])
        row.save()


@transaction.atomic
def record_determination(
    *,
    actor: Any,
    case: Case,
    question: str,
    panel_on: date,
    question_detail: str = "",
    assessments: list[BestInterestsAssessment] | None = None,
    evidence: str = "",
    panel_users: list[Any] | None = None,
    outside_members: list[dict[str, str]] | None = None,
    decision: str = "",
    reasons: str = "",
) -> BestInterestsDetermination:
    """Record a determination under way (a draft); with a decision and its reasons, decided at
    once (the same checks as `decide`)."""
    _on_case(actor, case)
    locked(case)
    not_in_future(panel_on, "panel_on")
    reviewed = list(assessments or [])
    if any(a.case_id != case.pk for a in reviewed):
        raise ValidationError({"assessments": _("Choose assessments of this child's case.")})
    determination = BestInterestsDetermination(
        case=case,
        question=question,
        question_detail=question_detail.strip(),
        panel_on=panel_on,
        evidence=evidence,
        recorded_by=actor,
    )
    determination.full_clean(exclude=["case"])
    determination.save()
    # The links only (a write): the assessments were checked to be this case's above.
    ReviewedAssessment.objects.bulk_create(
        [ReviewedAssessment(determination=determination, assessment=a) for a in set(reviewed)]
    )
    _panel(actor, determination, list(panel_users or []), list(outside_members or []))
    if decision or reasons:
        determination = decide(
            actor=actor,
            determination=determination,
            decision=decision,
            reasons=reasons,
            expected_version=determination.version,
        )
    return determination


def _check_ready(actor: Any, determination: BestInterestsDetermination) -> None:
    """The prerequisites of a decision, each with what to do."""
    done_before = (
        visible(actor, BestInterestsAssessment)
        .filter(determinations=determination, assessed_on__lte=determination.panel_on)
        .exists()
    )
    if not done_before:
        raise ValidationError(
            _(
                "A determination is decided on a best-interests assessment done on or before "
                "the panel's date: add one to the assessments reviewed."
            )
        )
    size = visible(actor, PanelMember).filter(determination=determination).count()
    if size < MIN_PANEL:
        raise ValidationError(
            ngettext(
                "A determination is decided by a panel of at least %(min)s members; "
                "this one has %(n)s.",
                "A determination is decided by a panel of at least %(min)s members; "
                "this one has %(n)s.",
                size,
            )
            % {"min": MIN_PANEL, "n": size}
        )


@transaction.atomic
def decide(
    *,
    actor: Any,
    determination: BestInterestsDetermination,
    decision: str,
    reasons: str,
    expected_version: int,
) -> BestInterestsDetermination:
    """Record the panel's decision and its reasons."""
    _on_case(actor, determination.case)
    determination = locked(determination, "case")
    if determination.status != BidStatus.DRAFT:
        raise ValidationError(_("This determination is already decided."))
    errors = {}
    if not decision:
        errors["decision"] = _("Choose the panel's decision.")
    if not reasons.strip():
        errors["reasons"] = _("Give the reasons for the decision.")
    if errors:
        raise ValidationError(errors)
    _check_ready(actor, determination)
    determination.decision = decision
    determination.reasons = reasons.strip()
    determination.status = BidStatus.DECIDED
    determination.decided_by = actor
    determination.full_clean(exclude=["case"])
    return save_versioned(
        determination,
        expected_version=expected_version,
        fields=("decision", "reasons", "status", "decided_by"),
    )
