"""The trafficking pages (thin: parse, call a service or a selector, render): the three forms on
a case, one record's page, and changing who reads a record. The section on the case page is
drawn by `case_section` (registered in `apps.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access.trafficking import may_keep_restricted
from sutura.cases.models import Case
from sutura.cases.views import case_in_full
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.trafficking import forms, selectors, services

TITLES = {
    "identification": _("Identification"),
    "risk": _("Risk assessment and safety plan"),
    "cooperation": _("Cooperation with law enforcement"),
}


def case_section(user: Any, case: Case) -> dict[str, Any] | None:
    return selectors.case_section(user, case)


def _form_page(
    request: HttpRequest,
    case: Case,
    form: Any,
    save: Callable[[], Any],
    template: str,
    done: str,
    kind: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        record = run_service(form, save)
        if record is not None:
            messages.success(request, done)
            return redirect("trafficking:record", kind=kind, pk=record.pk)
    context = {"case": case, "form": form, "title": TITLES[kind]}
    return render(request, template, context)


@login_required
@idempotent_form
def identify(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.IdentificationForm(
        request.POST or None,
        items=selectors.current_items(),
        keeps_restricted=may_keep_restricted(request.user, case),
        initial={"identified_on": timezone.localdate()},
    )
    return _form_page(
        request,
        case,
        form,
        lambda: services.record_identification(actor=request.user, case=case, **form.arguments()),
        "trafficking/identification_form.html",
        _("The identification has been recorded."),
        "identification",
    )


@login_required
@idempotent_form
def assess(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.RiskAssessmentForm(
        request.POST or None,
        keeps_restricted=may_keep_restricted(request.user, case),
        initial={"assessed_on": timezone.localdate()},
    )
    return _form_page(
        request,
        case,
        form,
        lambda: services.assess_risk(actor=request.user, case=case, **form.arguments()),
        "trafficking/risk_form.html",
        _("The risk assessment has been recorded."),
        "risk",
    )


@login_required
@idempotent_form
def cooperation(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.CooperationForm(
        request.POST or None,
        keeps_restricted=may_keep_restricted(request.user, case),
        initial={"decided_on": timezone.localdate()},
    )
    return _form_page(
        request,
        case,
        form,
        lambda: services.record_cooperation(actor=request.user, case=case, **form.cleaned_data),
        "trafficking/cooperation_form.html",
        _("The person's decision has been recorded."),
        "cooperation",
    )


def _record_page(
    request: HttpRequest, kind: str, record: Any, form: forms.ConfidentialityForm | None = None
) -> HttpResponse:
    context: dict[str, Any] = {
        "kind": kind,
        "record": record,
        "case": record.case,
        "title": TITLES[kind],
        "keeps_restricted": may_keep_restricted(request.user, record.case),
        "form": form
        or forms.ConfidentialityForm(
            initial={"confidentiality": record.confidentiality, "version": record.version}
        ),
    }
    if kind == "identification":
        context["checklist"] = selectors.answered(record)
    if kind == "risk":
        context["plan"] = selectors.prefetched_plan(record)
    return render(request, "trafficking/record.html", context)


@login_required
def record(request: HttpRequest, kind: str, pk: Any) -> HttpResponse:
    found = selectors.record_for(request.user, kind, pk)
    return _record_page(request, kind, found)


@login_required
@require_POST
def confidentiality(request: HttpRequest, kind: str, pk: Any) -> HttpResponse:
    """Open a record to the case team, or restrict it again (its manager, the programme
    managers: 403 for the rest of the team)."""
    found = selectors.record_for(request.user, kind, pk, audit=False)
    if not may_keep_restricted(request.user, found.case):
        raise PermissionDenied
    form = forms.ConfidentialityForm(request.POST)
    done = None
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.set_confidentiality(
                actor=request.user,
                record=found,
                confidentiality=form.cleaned_data["confidentiality"],
                expected_version=form.cleaned_data["version"],
            ),
        )
    if done is None:
        messages.error(request, _("Nothing was saved: see why below."))
        return _record_page(request, kind, found, form)
    messages.success(request, _("Who may read this record has been changed."))
    return redirect("trafficking:record", kind=kind, pk=found.pk)
