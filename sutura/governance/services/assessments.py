"""Writes of the assessments and of the technical-assistance log. The coordinator
(`manage_governance`) records them."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.governance.models.assessments import (
    Answer,
    Assessment,
    AssessmentAssessor,
    AssistanceKind,
    ChecklistItem,
    ChecklistKind,
    ChecklistVersion,
    TechnicalAssistance,
)


def current_checklist(kind: str) -> ChecklistVersion:
    version = (
        ChecklistVersion.objects.filter(checklist__kind=kind, is_current=True)
        .select_related("checklist")
        .order_by("checklist__code")
        .first()
    )
    if version is None:
        raise ValidationError(_("No checklist of this kind is in use."))
    return version


@transaction.atomic
def start_assessment(
    actor: Any,
    *,
    kind: str,
    assessed_on: datetime.date,
    organisation: Any = None,
    assessors: Any = (),
    other_assessors: str = "",
    summary: str = "",
) -> Assessment:
    """An assessment on the checklist in use, one empty answer per item (scores come next).
    A capacity assessment names the organisation; the status assessment is national."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    if kind not in ChecklistKind.values:
        raise ValidationError({"kind": _("Choose a kind of assessment.")})
    if kind == ChecklistKind.CAPACITY and organisation is None:
        raise ValidationError({"organisation": _("Name the organisation assessed.")})
    if kind == ChecklistKind.NRM_STATUS:
        organisation = None
    checklist = current_checklist(kind)
    assessment = Assessment(
        checklist_version=checklist,
        kind=kind,
        organisation=organisation,
        assessed_on=assessed_on,
        other_assessors=other_assessors,
        summary=summary,
        created_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    AssessmentAssessor.objects.bulk_create(
        AssessmentAssessor(assessment=assessment, user=user) for user in assessors
    )
    items = ChecklistItem.objects.filter(checklist_version=checklist)
    Answer.objects.bulk_create(Answer(assessment=assessment, item=item) for item in items)
    return assessment


@transaction.atomic
def record_answers(
    actor: Any, assessment: Assessment, *, answers: dict[Any, dict[str, Any]]
) -> Assessment:
    """Scores and notes per item: `answers[item_id] = {"score", "gaps", "opportunities"}`."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    assessment = locked(assessment)
    rows = {
        str(a.item_id): a
        for a in Answer.objects.filter(assessment=assessment).select_related("item")
    }
    errors: dict[str, str] = {}
    for item_id, values in answers.items():
        answer = rows.get(str(item_id))
        if answer is None:
            continue
        score = values.get("score")
        if score is not None and not 0 <= score <= answer.item.max_score:
            errors[f"score_{item_id}"] = _("The score goes from 0 to %(max)s.") % {
                "max": answer.item.max_score
            }
            continue
        answer.score = score
        answer.gaps = values.get("gaps", "")
        answer.opportunities = values.get("opportunities", "")
        answer.save(update_fields=["score", "gaps", "opportunities", "updated_at"])
    if errors:
        raise ValidationError(errors)
    return assessment


ASSISTANCE_FIELDS = (
    "provided_by_user",
    "provided_by",
    "organisation",
    "subject",
    "kind",
    "given_on",
    "follow_up_on",
    "follow_up_note",
)


@transaction.atomic
def record_assistance(actor: Any, **fields: Any) -> TechnicalAssistance:
    """Who advised or trained which organisation, on what, when; the follow-up due."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    unknown = set(fields) - set(ASSISTANCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if not fields.get("provided_by_user") and not fields.get("provided_by"):
        raise ValidationError({"provided_by": _("Say who gave it: a person or an organisation.")})
    if fields.get("kind") not in AssistanceKind.values:
        raise ValidationError({"kind": _("Choose a kind.")})
    entry = TechnicalAssistance(recorded_by=actor, **fields)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def record_follow_up(
    actor: Any,
    entry: TechnicalAssistance,
    *,
    expected_version: int,
    follow_up_on: datetime.date | None,
    follow_up_note: str,
) -> TechnicalAssistance:
    require(actor, Perm.MANAGE_GOVERNANCE)
    entry.follow_up_on = follow_up_on
    entry.follow_up_note = follow_up_note
    entry.full_clean()
    return save_versioned(
        entry, expected_version=expected_version, fields=["follow_up_on", "follow_up_note"]
    )
