"""The pages: a section of the case page (`case_section`, registered in `apps.py`) and a form
per step — open a request, record its outcome, assess the family, record the reunification,
record a visit. Thin: the case team only (other roles 403, other cases 404), the services
decide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import can, require
from sutura.accounts.roles import Perm
from sutura.cases.selectors import case_worked_on
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.tracing import forms, selectors, services


def _team(request: HttpRequest) -> None:
    require(request.user, Perm.MANAGE_CASES)


def _reading(request: HttpRequest) -> bool:
    return request.method == "GET"


def _form_page(
    request: HttpRequest,
    *,
    case: Any,
    form: Any,
    action: Callable[[dict[str, Any]], Any],
    title: str,
    done: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    submitted = request.method == "POST" and form.is_valid()
    if submitted and run_service(form, lambda: action(dict(form.cleaned_data))) is not None:
        messages.success(request, done)
        return redirect("cases:detail", case_id=case.pk)
    context = {"form": form, "case": case, "title": title, **(extra or {})}
    return render(request, "tracing/form.html", context)


@login_required
@idempotent_form
def request_new(request: HttpRequest, case_id: Any) -> HttpResponse:
    _team(request)
    case = case_worked_on(request.user, case_id, audit=_reading(request))
    form = forms.TracingRequestForm(request.POST or None, user=request.user, case=case)
    refer = can(request.user, Perm.MAKE_REFERRALS)
    return _form_page(
        request,
        case=case,
        form=form,
        action=lambda data: services.open_request(actor=request.user, case=case, **data),
        title=_("Open a tracing request"),
        done=_("The tracing request is open."),
        extra={"refer_for_tracing": refer},
    )


@login_required
def request_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    _team(request)
    found = selectors.request_for(request.user, pk)
    assessed = selectors.assessments_of(request.user).filter(tracing_request=found)
    return render(
        request,
        "tracing/request.html",
        {"item": found, "case": found.case, "assessed": assessed.order_by("assessed_on")},
    )


@login_required
def request_outcome(request: HttpRequest, pk: Any) -> HttpResponse:
    _team(request)
    found = selectors.request_for(request.user, pk, audit=_reading(request))
    form = forms.OutcomeForm(
        request.POST or None,
        initial={"outcome_on": timezone.localdate(), "version": found.version},
    )

    def save(data: dict[str, Any]) -> Any:
        version = data.pop("version")
        return services.record_outcome(
            actor=request.user, request=found, expected_version=version, **data
        )

    return _form_page(
        request,
        case=found.case,
        form=form,
        action=save,
        title=_("Outcome of the tracing request"),
        done=_("The outcome of the tracing request is recorded."),
        extra={"item": found},
    )


@login_required
@idempotent_form
def assess(request: HttpRequest, pk: Any) -> HttpResponse:
    _team(request)
    found = selectors.request_for(request.user, pk, audit=_reading(request))
    form = forms.AssessmentForm(
        request.POST or None, user=request.user, initial={"family_member": found.sought_name}
    )
    return _form_page(
        request,
        case=found.case,
        form=form,
        action=lambda data: services.assess_family(actor=request.user, request=found, **data),
        title=_("Assess the family"),
        done=_("The family assessment is recorded."),
        extra={"item": found},
    )


@login_required
@idempotent_form
def reunify(request: HttpRequest, pk: Any) -> HttpResponse:
    _team(request)
    assessment = selectors.assessment_for(request.user, pk, audit=_reading(request))
    form = forms.ReunificationForm(
        request.POST or None, initial={"reunified_on": timezone.localdate()}
    )
    return _form_page(
        request,
        case=assessment.case,
        form=form,
        action=lambda data: services.record_reunification(
            actor=request.user, assessment=assessment, **data
        ),
        title=_("Record the reunification"),
        done=_("The reunification is recorded and its follow-up visits are scheduled."),
        extra={"assessment": assessment},
    )


@login_required
def visit(request: HttpRequest, pk: Any) -> HttpResponse:
    _team(request)
    found = selectors.visit_for(request.user, pk, audit=_reading(request))
    initial = {
        "done_on": found.done_on or timezone.localdate(),
        "well_being": found.well_being,
        "placement": found.placement,
        "observations": found.observations,
        "version": found.version,
    }
    form = forms.VisitForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Any:
        version = data.pop("version")
        return services.record_visit(
            actor=request.user, visit=found, expected_version=version, **data
        )

    return _form_page(
        request,
        case=found.case,
        form=form,
        action=save,
        title=_("Record a follow-up visit"),
        done=_("The follow-up visit is recorded."),
        extra={"visit": found},
    )
