"""The children app's pages: thin — parse, call a service or selector, render. Every page is
for the case team (others: 403 for a role that keeps no case, 404 for another team)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.cases.models import Case
from sutura.cases.views import case_in_full
from sutura.children import forms, selectors
from sutura.children.services import assessments, care, determinations
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form


def _form_page(
    request: HttpRequest,
    case: Case,
    form: Any,
    action: Callable[[dict[str, Any]], Any],
    title: str,
    done: str,
    template: str = "cases/form.html",
    **extra: Any,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: action(form.cleaned_data))
        if saved is not None:
            messages.success(request, done)
            return redirect("cases:detail", case_id=case.pk)
    context = {"form": form, "case": case, "title": title, **extra}
    return render(request, template, context)


@login_required
def profile(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Record or correct the child's status and current caregiver."""
    case = case_in_full(request, case_id)
    current = selectors.profile_of(request.user, case)
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {name: getattr(current, name) for name in care.PROFILE_FIELDS}
        initial["version"] = current.version
    form = forms.ProfileForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Any:
        # A stale version is refused by the service (a ValidationError: shown on the form).
        version = data.pop("version", None)
        return care.save_profile(
            actor=request.user, case=case, profile=current, expected_version=version, **data
        )

    return _form_page(
        request, case, form, save, _("The child's profile"), _("The child's profile is saved.")
    )


@login_required
@idempotent_form
def arrangement_new(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.ArrangementForm(request.POST or None)
    return _form_page(
        request,
        case,
        form,
        lambda data: care.record_arrangement(actor=request.user, case=case, **data),
        _("Record a care arrangement"),
        _("The care arrangement has been recorded."),
    )


@login_required
@idempotent_form
def check_new(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_CASES)
    arrangement = selectors.arrangement_for(request.user, pk)
    form = forms.CheckForm(request.POST or None)
    return _form_page(
        request,
        arrangement.case,
        form,
        lambda data: care.record_check(actor=request.user, arrangement=arrangement, **data),
        _("Record a check of the care arrangement"),
        _("The check has been recorded."),
    )


@login_required
@idempotent_form
def assessment_new(request: HttpRequest, case_id: Any) -> HttpResponse:
    """The best-interests assessment: the current form version's questions, by domain."""
    case = case_in_full(request, case_id)
    version = selectors.current_form()
    if version is None:
        raise Http404
    form = forms.AssessmentRecordForm(request.POST or None, form=version)

    def save(data: dict[str, Any]) -> Any:
        return assessments.record_assessment(
            actor=request.user,
            case=case,
            form=version,
            answers=form.answers(),
            childs_views=data["childs_views"],
            assessed_on=data["assessed_on"],
            recommendation=data.get("recommendation", ""),
        )

    return _form_page(
        request,
        case,
        form,
        save,
        _("Best-interests assessment (BIA)"),
        _("The best-interests assessment has been recorded."),
        template="children/assessment_form.html",
        version=version,
    )


@login_required
def assessment(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_CASES)
    found = selectors.assessment_for(request.user, pk)
    items = selectors.items_by_domain(found.form)
    return render(
        request,
        "children/assessment.html",
        {"assessment": found, "case": found.case, "items": items, "answers": found.answers},
    )


@login_required
@idempotent_form
def determination_new(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.DeterminationForm(
        request.POST or None,
        user=request.user,
        assessments=selectors.assessments_of(request.user, case),
    )
    return _form_page(
        request,
        case,
        form,
        lambda data: determinations.record_determination(actor=request.user, case=case, **data),
        _("Best-interests determination (BID)"),
        _("The best-interests determination has been recorded."),
        template="children/determination_form.html",
    )


@login_required
def determination(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_CASES)
    found = selectors.determination_for(request.user, pk)
    form = forms.DecideForm(initial={"version": found.version})
    return _determination_page(request, found, form)


def _determination_page(request: HttpRequest, found: Any, form: Any) -> HttpResponse:
    return render(
        request,
        "children/determination.html",
        {
            "determination": found,
            "case": found.case,
            "panel": selectors.panel_of(request.user, found),
            "reviewed": selectors.reviewed_by(request.user, found),
            "form": form if found.status == "draft" else None,
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: Any) -> HttpResponse:
    """The panel's decision on a draft determination (refused, with why, until it may be)."""
    require(request.user, Perm.MANAGE_CASES)
    found = selectors.determination_for(request.user, pk)
    form = forms.DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data

        def act() -> Any:
            return determinations.decide(
                actor=request.user,
                determination=found,
                decision=data["decision"],
                reasons=data["reasons"],
                expected_version=data["version"],
            )

        if run_service(form, act) is not None:
            messages.success(request, _("The determination is decided."))
            return redirect("children:determination", pk=found.pk)
    return _determination_page(request, found, form)
