"""Best-interests assessments (BIA): the current form's answers, the child's own views, the
assessor and the date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.cases.models import Case
from sutura.children.models import AssessmentForm, BestInterestsAssessment
from sutura.children.services.care import _on_case, case_team_member, not_in_future


def current_form() -> AssessmentForm:
    form = AssessmentForm.objects.filter(is_current=True).first()
    if form is None:  # the data migration seeds one; an administrator may have removed it
        raise ValidationError(_("No best-interests assessment form is in use."))
    return form


def clean_answers(form: AssessmentForm, answers: dict[str, Any]) -> dict[str, str]:
    """Answers by item key: only the form's keys, text only, empty answers dropped."""
    keys = set(form.questions.values_list("key", flat=True))
    unknown = sorted(set(answers) - keys)
    if unknown:
        raise ValidationError(
            {"answers": _("Unknown questions: %(keys)s.") % {"keys": ", ".join(unknown)}}
        )
    cleaned = {}
    for key, value in answers.items():
        if not isinstance(value, str):
            raise ValidationError({"answers": _("Each answer is a text.")})
        if value.strip():
            cleaned[key] = value.strip()
    return cleaned


@transaction.atomic
def record_assessment(
    *,
    actor: Any,
    case: Case,
    childs_views: str,
    assessed_on: date,
    answers: dict[str, Any] | None = None,
    recommendation: str = "",
    assessor: Any = None,
    form: AssessmentForm | None = None,
) -> BestInterestsAssessment:
    """Record a best-interests assessment, done before any durable decision for the child."""
    _on_case(actor, case)
    not_in_future(assessed_on, "assessed_on")
    if not childs_views.strip():
        raise ValidationError(
            {"childs_views": _("Record the child's own views, in their words where possible.")}
        )
    form = form or current_form()
    assessment = BestInterestsAssessment(
        case=case,
        form=form,
        answers=clean_answers(form, answers or {}),
        childs_views=childs_views.strip(),
        assessor=case_team_member(actor, assessor, "assessor"),
        assessed_on=assessed_on,
        recommendation=recommendation.strip(),
        recorded_by=actor,
    )
    assessment.full_clean(exclude=["case", "form"])
    assessment.save()
    return assessment
