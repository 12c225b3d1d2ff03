"""The pages: a section of the case page (`case_section`, registered in `registration.py`),
the survey form (new, edit), one survey's answers and scores, and the programme's
distribution for managers and M&E officers. Thin: the case team only for a case's surveys
(other roles 403, other cases 404), the services decide."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.cases.selectors import case_worked_on
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.rss import conf, scoring, selectors, services, texts
from sutura.rss.forms import SurveyForm
from sutura.rss.instrument import load
from sutura.rss.models import SurveyKind


def _team(request: HttpRequest) -> None:
    require(request.user, Perm.MANAGE_CASES)


def _reading(request: HttpRequest) -> bool:
    return request.method == "GET"


def _render_form(request: HttpRequest, form: SurveyForm, case: Any, **extra: Any) -> HttpResponse:
    context = {"form": form, "case": case, **extra}
    return render(request, "rss/form.html", context)


@login_required
@idempotent_form
def survey_new(request: HttpRequest, case_id: Any) -> HttpResponse:
    _team(request)
    case = case_worked_on(request.user, case_id, audit=_reading(request))
    kind = request.GET.get("kind", "")
    initial: dict[str, Any] = {"kind": kind if kind in SurveyKind.values else ""}
    if request.GET.get("months", "").isdigit():
        initial["offset_months"] = int(request.GET["months"])
    form = SurveyForm(
        request.POST or None, instrument=load(conf.instrument_version()), new=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.record_survey(
                actor=request.user,
                case=case,
                kind=data["kind"],
                offset_months=data.get("offset_months"),
                surveyed_on=data["surveyed_on"],
                answers=form.answers(),
            ),
        )
        if done is not None:
            messages.success(request, _("The survey is saved and scored."))
            return redirect("rss:survey", pk=done.pk)
    return _render_form(request, form, case, title=_("Sustainability survey"))


@login_required
def survey_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    _team(request)
    found = selectors.response_for(request.user, pk, audit=_reading(request))
    initial = {
        **found.answers,
        "surveyed_on": found.surveyed_on,
        "offset_months": found.offset_months,
        "version": found.version,
    }
    form = SurveyForm(
        request.POST or None,
        instrument=load(found.instrument_version),
        new=False,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.edit_survey(
                actor=request.user,
                response=found,
                answers=form.answers(),
                surveyed_on=data["surveyed_on"],
                offset_months=data.get("offset_months"),
                expected_version=data["version"],
            ),
        )
        if done is not None:
            messages.success(request, _("The survey is saved and scored again."))
            return redirect("rss:survey", pk=found.pk)
    return _render_form(request, form, found.case, title=_("Correct the survey"), response=found)


@login_required
def survey_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    _team(request)
    found = selectors.response_for(request.user, pk)
    instrument = load(found.instrument_version)
    answers = [
        {
            "number": texts.number(qid),
            "question": texts.question(qid),
            "answer": texts.answer(qid, found.answers[qid]) if qid in found.answers else "",
        }
        for qid in instrument.questions
    ]
    scores = [
        {
            "label": texts.DIMENSIONS[name],
            "value": scoring.shown(getattr(found, name)),
            "stored": getattr(found, name),
            # Stored as text in JSON: a Decimal again, so the page writes it the reader's way.
            "missing": Decimal(found.missing_share.get(name, "0")),
        }
        for name in scoring.SCORES
    ]
    context = {
        "item": found,
        "case": found.case,
        "answers": answers,
        "scores": scores,
        "threshold": conf.incomplete_share(),
    }
    return render(request, "rss/survey.html", context)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@login_required
def distribution(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_INDICATORS)
    context = selectors.distribution_for(
        request.user,
        start=_day(request.GET.get("start", "")),
        end=_day(request.GET.get("end", "")),
        kind=request.GET.get("kind", ""),
        programme_ids=tuple(
            found for found in map(_uuid, request.GET.getlist("programme")) if found
        ),
    )
    return render(request, "rss/distribution.html", context)
