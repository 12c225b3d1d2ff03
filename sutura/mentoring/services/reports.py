"""The monthly activity report: opening it for a month, writing its free text, and its steps
(`TRANSITIONS`): the mentor submits it, their focal point approves it or returns it with
comments, the mentor submits it again. Each step is a `ReportTransition` (who, when, why).

The figures are computed from what was logged when the report is submitted; once approved
they never change (activities of the month changed later are flagged on the report page).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import visible
from sutura.access.mentoring import report_standing, volunteer_of
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.mentoring.models import MonthlyReport, ReportStatus, ReportTransition
from sutura.mentoring.selectors.reports import compute_figures

# (from, to) -> who may take the step: "author" (the mentor) or "reviewer" (their focal point)
TRANSITIONS: dict[tuple[str, str], str] = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): "author",
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): "author",
    (ReportStatus.SUBMITTED, ReportStatus.APPROVED): "reviewer",
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): "reviewer",
}
TEXT_FIELDS = ("highlights", "challenges", "ideas")
REVIEW_FIELDS = ("status", "reviewed_by", "reviewed_at", "review_comment")


def may_step(user: Any, report: MonthlyReport, to: str) -> bool:
    who = TRANSITIONS.get((report.status, to))
    return who is not None and getattr(report_standing(user, report), who)


@transaction.atomic
def open_report(actor: Any, *, month: datetime.date) -> MonthlyReport:
    """The mentor's report of `month` (the one already open, or a new draft). Not for a
    month still to come."""
    first = month.replace(day=1)
    if first > timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("A report cannot be made for a month still to come.")})
    if volunteer_of(actor) is None or actor.organisation_id is None:
        raise PermissionDenied
    mine = visible(actor, MonthlyReport).filter(mentor_id=actor.pk, month=first)
    existing = mine.first()
    if existing is not None:
        return existing
    report = MonthlyReport(mentor=actor, organisation_id=actor.organisation_id, month=first)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # the same report opened twice at once: the other one stands
        return mine.get()
    return report


@transaction.atomic
def write_text(
    actor: Any, report: MonthlyReport, *, expected_version: int, **fields: Any
) -> MonthlyReport:
    """The mentor's highlights, challenges and ideas, while the report is theirs to change."""
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown report fields: {sorted(unknown)}")
    if not report_standing(actor, report).author:
        raise PermissionDenied
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(_("This report has been submitted: it can no longer be changed."))
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean()
    save_versioned(report, expected_version=expected_version, fields=fields)
    return report


def _step(actor: Any, report: MonthlyReport, to: str, comment: str) -> MonthlyReport:
    report = locked(report)
    if not report_standing(actor, report).sees:
        raise PermissionDenied
    if not may_step(actor, report, to):
        raise ValidationError(_("This step is not possible for this report now."))
    ReportTransition(
        report=report, from_status=report.status, to_status=to, actor=actor, comment=comment
    ).save()
    report.status = to
    return report


@transaction.atomic
def submit(actor: Any, report: MonthlyReport) -> MonthlyReport:
    report = _step(actor, report, ReportStatus.SUBMITTED, "")
    report.figures = compute_figures(actor, report.mentor_id, report.month)
    report.submitted_at = timezone.now()
    return save_versioned(
        report, expected_version=report.version, fields=["status", "figures", "submitted_at"]
    )


@transaction.atomic
def approve(actor: Any, report: MonthlyReport, *, comment: str = "") -> MonthlyReport:
    """Approve: the figures computed at submission are kept as they are, for good."""
    report = _step(actor, report, ReportStatus.APPROVED, comment.strip())
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.review_comment = comment.strip()
    return save_versioned(report, expected_version=report.version, fields=REVIEW_FIELDS)


@transaction.atomic
def return_report(actor: Any, report: MonthlyReport, *, comment: str) -> MonthlyReport:
    """Back to the mentor, with what to change (required)."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the mentor should change.")})
    report = _step(actor, report, ReportStatus.RETURNED, comment.strip())
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.review_comment = comment.strip()
    return save_versioned(report, expected_version=report.version, fields=REVIEW_FIELDS)
