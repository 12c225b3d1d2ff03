"""Writes of the Reintegration Sustainability Survey. Each takes the acting user first, checks
that they work on the case (`access.cases.require_works_on`), refuses with a message naming
the question what rss.md §6.1–6.2 forbid, scores the answers with the instrument version and
writes in one transaction (the case's row lock first, so two surveys of one case wait for each
other and the quarter rule holds; the database refuses a second survey in a quarter anyway).

A baseline, once per case; then follow-ups at the configured months after return
(`SUTURA_RSS_FOLLOW_UP_MONTHS`), at most one per calendar quarter. Editing a response scores
its new answers with the response's own instrument version, never the current one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.access.cases import require_works_on
from sutura.accounts.roles import Perm
from sutura.cases.models import Case
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.rss import conf, scoring, selectors
from sutura.rss.instrument import load
from sutura.rss.models import SurveyKind, SurveyResponse
from sutura.rss.validation import clean_answers


def _check(actor: Any, case: Case) -> None:
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)


def _quarter(day: date) -> int:
    return day.year * 10 + (day.month - 1) // 3 + 1


def _check_date(case: Case, surveyed_on: date) -> None:
    if surveyed_on > timezone.localdate():
        raise ValidationError({"surveyed_on": _("The date cannot be in the future.")})
    if surveyed_on < case.opened_on:
        raise ValidationError({"surveyed_on": _("The case was not open on that date.")})


def _check_timing(
    actor: Any,
    case: Case,
    kind: str,
    offset_months: int | None,
    surveyed_on: date,
    *,
    exclude: Any = None,
) -> None:
    others = selectors.responses_on_case(actor, case).exclude(pk=exclude)
    if kind == SurveyKind.BASELINE:
        if others.filter(kind=SurveyKind.BASELINE).exists():
            raise ValidationError({"kind": _("This case already has its baseline survey.")})
        return
    if offset_months not in conf.follow_up_months():
        raise ValidationError(
            {
                "offset_months": _("Choose one of the follow-ups: %(months)s months after return.")
                % {"months": ", ".join(str(m) for m in conf.follow_up_months())}
            }
        )
    same_quarter = others.filter(kind=SurveyKind.FOLLOW_UP, quarter=_quarter(surveyed_on))
    if same_quarter.exists():
        raise ValidationError(
            {"surveyed_on": _("This case already has a follow-up survey in that quarter.")}
        )


def _scored(version: str, answers: Mapping[str, Any]) -> tuple[dict[str, str], scoring.Result]:
    instrument = load(version)
    kept, errors = clean_answers(instrument, answers)
    if errors:
        raise ValidationError({key: [str(message)] for key, message in errors.items()})
    return kept, scoring.score(instrument, kept)


def _put_scores(response: SurveyResponse, result: scoring.Result) -> None:
    for name, value in result.stored_scores().items():
        setattr(response, name, value)
    response.missing_share = result.stored_shares()
    response.incomplete = result.incomplete(conf.incomplete_share())


def _one_per_quarter_at_the_database() -> ValidationError:
    return ValidationError(
        {"surveyed_on": _("This case already has a survey of this kind in that quarter.")}
    )


@transaction.atomic
def record_survey(
    *,
    actor: Any,
    case: Case,
    kind: str,
    answers: Mapping[str, Any],
    surveyed_on: date | None = None,
    offset_months: int | None = None,
) -> SurveyResponse:
    """Record the returnee's answers to the survey, scored at once with the current
    instrument version: the baseline, or a follow-up some months after return."""
    _check(actor, case)
    case = locked(case)
    surveyed_on = surveyed_on or timezone.localdate()
    if kind not in SurveyKind.values:
        raise ValidationError({"kind": _("Choose baseline or follow-up.")})
    offset_months = None if kind == SurveyKind.BASELINE else offset_months
    _check_date(case, surveyed_on)
    _check_timing(actor, case, kind, offset_months, surveyed_on)
    version = conf.instrument_version()
    kept, result = _scored(version, answers)
    response = SurveyResponse(
        case=case,
        kind=kind,
        offset_months=offset_months,
        surveyed_on=surveyed_on,
        instrument_version=version,
        answers=kept,
        recorded_by=actor,
    )
    _put_scores(response, result)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise _one_per_quarter_at_the_database() from None
    return response


@transaction.atomic
def edit_survey(
    *,
    actor: Any,
    response: SurveyResponse,
    answers: Mapping[str, Any],
    surveyed_on: date | None = None,
    offset_months: int | None = None,
    expected_version: int | None = None,
) -> SurveyResponse:
    """Correct a response: its answers are scored again with the response's own instrument
    version (a later version never rescores it)."""
    _check(actor, response.case)
    locked(response.case)
    surveyed_on = surveyed_on or response.surveyed_on
    if response.kind == SurveyKind.FOLLOW_UP and offset_months is None:
        offset_months = response.offset_months
    if response.kind == SurveyKind.BASELINE:
        offset_months = None
    _check_date(response.case, surveyed_on)
    _check_timing(
        actor, response.case, response.kind, offset_months, surveyed_on, exclude=response.pk
    )
    kept, result = _scored(response.instrument_version, answers)
    response.answers, response.surveyed_on = kept, surveyed_on
    response.offset_months, response.edited_by = offset_months, actor
    _put_scores(response, result)
    version = response.version if expected_version is None else expected_version
    fields = [
        "answers",
        "surveyed_on",
        "offset_months",
        "edited_by",
        "economic",
        "social",
        "psychosocial",
        "composite",
        "missing_share",
        "incomplete",
    ]
    try:
        with transaction.atomic():
            save_versioned(response, expected_version=version, fields=fields)
    except IntegrityError:
        raise _one_per_quarter_at_the_database() from None
    response.refresh_from_db(fields=["quarter"])
    return response
