"""Field monitoring visits: the protection officer records a visit to a community and/or a
partner's workplan (date, who went, the field-monitoring checklist answered item by item, the
findings) and the recommendations left, whose follow-up is then tracked to done."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.access.community import (
    edits_visit,
    follows_up_visit,
    may_be_visitor,
    record_visitors,
)
from sutura.community.models import (
    Answer,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistKind,
    ChecklistVersion,
    Community,
    FollowUpStatus,
    MonitoringVisit,
    VisitRecommendation,
    Workplan,
)
from sutura.core.concurrency import save_versioned


def current_monitoring_checklist() -> ChecklistVersion:
    """The latest version of the field-monitoring checklist (reference data)."""
    found = (
        ChecklistVersion.objects.filter(checklist__kind=ChecklistKind.MONITORING)
        .order_by("-number")
        .first()
    )
    if found is None:
        raise ValidationError(_("The field-monitoring checklist is missing."))
    return found


@transaction.atomic
def record_visit(
    *,
    actor: Any,
    visited_on: date,
    community: Community | None = None,
    workplan: Workplan | None = None,
    visitors: Iterable[Any] = (),
    findings: str = "",
    answers: Mapping[str, tuple[str, str]] | None = None,
) -> MonitoringVisit:
    """Record a field monitoring visit to a community and/or a workplan, with the checklist's
    answers given by item key: {key: (answer, comment)}."""
    if community is None and workplan is None:
        raise ValidationError({"community": _("Say which community or workplan was visited.")})
    visit = MonitoringVisit(
        community=community,
        workplan=workplan,
        visited_on=visited_on,
        checklist_version=current_monitoring_checklist(),
        findings=findings,
        recorded_by=actor,
    )
    if not edits_visit(actor, visit):
        raise PermissionDenied
    chosen = list(visitors)
    partners = _partners_visited(community, workplan)
    if not all(may_be_visitor(actor, user, partners) for user in chosen):
        raise ValidationError(
            {
                "visitors": _(
                    "Choose colleagues of your organisation or staff of the partner visited."
                )
            }
        )
    visit.full_clean()
    visit.save()
    record_visitors(visit, chosen)
    if answers:
        _save_answers(visit, answers)
    return visit


def _partners_visited(community: Community | None, workplan: Workplan | None) -> set[Any]:
    """The partner organisations a visit goes to: the workplan's partner, the community's."""
    found = {workplan.partner_id} if workplan is not None else set()
    if community is not None:
        found |= set(community.partners.values_list("organisation_id", flat=True))
    return found


def _save_answers(visit: MonitoringVisit, answers: Mapping[str, tuple[str, str]]) -> None:
    items = {
        item.key: item
        for item in ChecklistItem.objects.filter(checklist_version_id=visit.checklist_version_id)
    }
    unknown = set(answers) - set(items)
    if unknown:
        raise ValidationError({"answers": _("Answer the items of the checklist only.")})
    for key, (answer, comment) in answers.items():
        if not answer:
            ChecklistAnswer.objects.filter(visit=visit, item=items[key]).delete()
            continue
        if answer not in Answer.values:
            raise ValidationError({"answers": _("Choose an answer from the list.")})
        row = ChecklistAnswer(visit=visit, item=items[key], answer=answer, comment=comment)
        row.clean_fields(exclude=["visit", "item", "safety_check"])
        ChecklistAnswer.objects.update_or_create(
            visit=visit, item=items[key], defaults={"answer": answer, "comment": comment}
        )


@transaction.atomic
def update_visit(
    *,
    actor: Any,
    visit: MonitoringVisit,
    expected_version: int,
    answers: Mapping[str, tuple[str, str]] | None = None,
    **data: Any,
) -> MonitoringVisit:
    """Change a visit's date or findings and its checklist answers."""
    if not edits_visit(actor, visit):
        raise PermissionDenied
    unknown = set(data) - {"visited_on", "findings"}
    if unknown:
        raise TypeError(f"unknown visit fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(visit, name, value)
    visit.full_clean()
    visit = save_versioned(visit, expected_version=expected_version, fields=list(data))
    if answers:
        _save_answers(visit, answers)
    return visit


@transaction.atomic
def add_recommendation(
    *, actor: Any, visit: MonitoringVisit, text: str, due_on: date | None = None
) -> VisitRecommendation:
    """Leave a recommendation of the visit, to be followed up (by a date, if given)."""
    if not edits_visit(actor, visit):
        raise PermissionDenied
    if due_on is not None and due_on < visit.visited_on:
        raise ValidationError({"due_on": _("The follow-up cannot be due before the visit.")})
    recommendation = VisitRecommendation(visit=visit, text=text, due_on=due_on)
    recommendation.full_clean()
    recommendation.save()
    return recommendation


@transaction.atomic
def follow_up(
    *,
    actor: Any,
    recommendation: VisitRecommendation,
    expected_version: int,
    follow_up_status: str,
    follow_up_note: str = "",
) -> VisitRecommendation:
    """Record where the follow-up of a recommendation stands (to do, in progress, done)."""
    if not follows_up_visit(actor, recommendation.visit):
        raise PermissionDenied
    if follow_up_status not in FollowUpStatus.values:
        raise ValidationError({"follow_up_status": _("Choose a status from the list.")})
    if follow_up_status == FollowUpStatus.DONE and not follow_up_note.strip():
        raise ValidationError({"follow_up_note": _("Say what was done.")})
    recommendation.follow_up_status = follow_up_status
    recommendation.follow_up_note = follow_up_note
    recommendation.full_clean()
    return save_versioned(
        recommendation,
        expected_version=expected_version,
        fields=["follow_up_status", "follow_up_note"],
    )
