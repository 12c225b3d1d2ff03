"""Programme pages: thin views over the services and selectors. A programme the user may not
see is a 404 (`selectors.programme_for`); an action they may not take, a 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access import can
from sutura.access.programmes import manages_programme, sees_budget
from sutura.accounts.roles import Perm
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.programmes import forms, selectors, services
from sutura.programmes.models import ResultLevel, TagKind
from sutura.programmes.taggable import KINDS


def _reader(request: HttpRequest) -> None:
    user = request.user
    if not (can(user, Perm.VIEW_INDICATORS) or can(user, Perm.MANAGE_PROGRAMMES)):
        raise PermissionDenied


def _managed(request: HttpRequest, pk: Any) -> Any:
    """The programme (404 unless seen), kept by the user (403 otherwise)."""
    _reader(request)
    programme = selectors.programme_for(request.user, pk)
    if not manages_programme(request.user, programme):
        raise PermissionDenied
    return programme


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    context = {
        "programmes": selectors.programmes_for(request.user),
        "may_create": can(request.user, Perm.MANAGE_PROGRAMMES),
    }
    return render(request, "programmes/list.html", context)


def _programme_form(request: HttpRequest, **kwargs: Any) -> forms.ProgrammeForm:
    return forms.ProgrammeForm(
        request.POST or None,
        user=request.user,
        donors=selectors.donors_for(request.user),
        **kwargs,
    )


@login_required
@idempotent_form
def programme_new(request: HttpRequest) -> HttpResponse:
    """Set up a programme: donors, period, places, partners, thresholds."""
    if not can(request.user, Perm.MANAGE_PROGRAMMES):
        raise PermissionDenied
    warning, alert = selectors.default_thresholds()
    form = _programme_form(request, initial={"warning_percent": warning, "alert_percent": alert})
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        programme = run_service(form, lambda: services.create_programme(actor=request.user, **data))
        if programme is not None:
            messages.success(request, _("The programme has been created."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/form.html", {"form": form, "programme": None})


@login_required
def programme_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    programme = _managed(request, pk)
    details = selectors.details_of(programme)
    profile = details.profile
    initial = {
        "name": programme.name,
        "code": programme.code,
        "description": profile.description if profile else "",
        "starts_on": profile.starts_on if profile else None,
        "ends_on": profile.ends_on if profile else None,
        "donors": details.donors,
        "areas": details.areas,
        "partners": details.partners,
        "warning_percent": profile.warning_percent if profile else None,
        "alert_percent": profile.alert_percent if profile else None,
        "version": profile.version if profile else 1,
    }
    if profile is None:
        initial["warning_percent"], initial["alert_percent"] = selectors.default_thresholds()
    form = _programme_form(request, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        done = run_service(
            form,
            lambda: services.update_programme(
                actor=request.user,
                programme=programme,
                expected_version=form.cleaned_data.get("version") or 1,
                **data,
            ),
        )
        if done is not None:
            messages.success(request, _("The programme has been saved."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/form.html", {"form": form, "programme": programme})


@login_required
def programme_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """The programme: its details, its budget against its envelopes (the running
    organisation's), a summary of its results and what is tagged to it."""
    _reader(request)
    programme = selectors.programme_for(request.user, pk)
    budget = sees_budget(request.user, programme)
    warning, alert = selectors.thresholds(programme)
    context = {
        "programme": programme,
        "details": selectors.details_of(programme),
        "sees_budget": budget,
        "lines": selectors.envelope_lines(request.user, programme) if budget else [],
        "warning": warning,
        "alert": alert,
        "manages": manages_programme(request.user, programme),
        "tags": selectors.tags_of(request.user, programme),
        "community_work": selectors.community_work(request.user, programme),
    }
    return render(request, "programmes/detail.html", context)


@login_required
def donors(request: HttpRequest) -> HttpResponse:
    """The organisation's donors, and a form to add one."""
    _reader(request)
    form = forms.DonorForm()
    return render(
        request,
        "programmes/donors.html",
        {
            "donors": selectors.donors_for(request.user),
            "form": form,
            "may_add": can(request.user, Perm.MANAGE_PROGRAMMES),
        },
    )


@login_required
@require_POST
@idempotent_form
def donor_new(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Perm.MANAGE_PROGRAMMES):
        raise PermissionDenied
    form = forms.DonorForm(request.POST)
    if form.is_valid():
        donor = run_service(
            form, lambda: services.add_donor(actor=request.user, **form.cleaned_data)
        )
        if donor is not None:
            messages.success(request, _("The donor has been added."))
            return redirect("programmes:donors")
    context = {"donors": selectors.donors_for(request.user), "form": form, "may_add": True}
    return render(request, "programmes/donors.html", context)


@login_required
@idempotent_form
def envelope_new(request: HttpRequest, pk: Any) -> HttpResponse:
    programme = _managed(request, pk)
    form = forms.EnvelopeForm(request.POST or None)
    del form.fields["version"]
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        done = run_service(
            form,
            lambda: services.save_envelope(actor=request.user, programme=programme, **data),
        )
        if done is not None:
            messages.success(request, _("The envelope has been saved."))
            return redirect("programmes:detail", pk=programme.pk)
    context = {"form": form, "programme": programme, "envelope": None}
    return render(request, "programmes/envelope_form.html", context)


@login_required
def envelope_edit(request: HttpRequest, pk: Any, envelope_id: Any) -> HttpResponse:
    programme = _managed(request, pk)
    envelope = selectors.envelope_for(request.user, programme, envelope_id)
    initial = {
        "budget_line": envelope.budget_line,
        "currency": envelope.currency,
        "dimension": envelope.dimension,
        "amount": envelope.amount,
        "version": envelope.version,
    }
    form = forms.EnvelopeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        done = run_service(
            form,
            lambda: services.save_envelope(
                actor=request.user,
                programme=programme,
                envelope=envelope,
                expected_version=form.cleaned_data.get("version") or 0,
                **data,
            ),
        )
        if done is not None:
            messages.success(request, _("The envelope has been saved."))
            return redirect("programmes:detail", pk=programme.pk)
    context = {"form": form, "programme": programme, "envelope": envelope}
    return render(request, "programmes/envelope_form.html", context)


@login_required
def results(request: HttpRequest, pk: Any) -> HttpResponse:
    """The results framework with each indicator's progress against target, per period."""
    _reader(request)
    programme = selectors.programme_for(request.user, pk)
    context = {
        "programme": programme,
        "rows": selectors.framework(request.user, programme),
        "manages": manages_programme(request.user, programme),
    }
    return render(request, "programmes/results.html", context)


@login_required
@idempotent_form
def result_new(request: HttpRequest, pk: Any) -> HttpResponse:
    programme = _managed(request, pk)
    parents = [
        row.node
        for row in selectors.framework(request.user, programme)
        if row.node.level != ResultLevel.OUTPUT
    ]
    form = forms.ResultForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        done = run_service(
            form, lambda: services.add_result(actor=request.user, programme=programme, **data)
        )
        if done is not None:
            messages.success(request, _("The result has been added."))
            return redirect("programmes:results", pk=programme.pk)
    context = {"form": form, "programme": programme, "title": _("Add a result")}
    return render(request, "programmes/small_form.html", context)


@login_required
@idempotent_form
def indicator_new(request: HttpRequest, pk: Any, result_id: Any) -> HttpResponse:
    programme = _managed(request, pk)
    result = selectors.result_for(request.user, programme, result_id)
    form = forms.IndicatorForm(request.POST or None, choices=selectors.registry_choices())
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.add_result_indicator(
                actor=request.user, result=result, **form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("The indicator has been added."))
            return redirect("programmes:results", pk=programme.pk)
    context = {
        "form": form,
        "programme": programme,
        "title": _("Add an indicator"),
        "subtitle": str(result),
    }
    return render(request, "programmes/small_form.html", context)


@login_required
@idempotent_form
def period_value(request: HttpRequest, pk: Any, indicator_id: Any) -> HttpResponse:
    """Set an indicator's baseline, target (and entered actual) for a period; `?period=`
    opens an existing period to change it."""
    programme = _managed(request, pk)
    indicator = selectors.indicator_for(request.user, indicator_id)
    if indicator.result.programme_id != programme.pk:
        raise Http404
    code = (request.POST or request.GET).get("period", "").strip().upper()
    existing = selectors.period_value_of(request.user, indicator, code)
    initial: dict[str, Any] = {"period": code}
    if existing is not None:
        initial.update(
            baseline=existing.baseline,
            target=existing.target,
            actual=existing.actual,
            actual_source=existing.actual_source,
            version=existing.version,
        )
    form = forms.PeriodForm(request.POST or None, computed=indicator.computed, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        version = form.cleaned_data.get("version")
        done = run_service(
            form,
            lambda: services.set_period_value(
                actor=request.user,
                indicator=indicator,
                expected_version=version if existing is not None else None,
                **data,
            ),
        )
        if done is not None:
            messages.success(request, _("The period has been saved."))
            return redirect("programmes:results", pk=programme.pk)
    context = {
        "form": form,
        "programme": programme,
        "title": _("Baseline and target"),
        "subtitle": selectors.indicator_label(indicator),
    }
    return render(request, "programmes/small_form.html", context)


@login_required
def tags(request: HttpRequest, pk: Any) -> HttpResponse:
    """Tag meetings, mentoring activities and communities to the programme."""
    programme = _managed(request, pk)
    pickers = [
        (kind, label, selectors.taggable_records(request.user, programme, kind))
        for kind, label in TagKind.choices
        if kind in KINDS
    ]
    context = {
        "programme": programme,
        "tags": selectors.tags_of(request.user, programme),
        "pickers": pickers,
    }
    return render(request, "programmes/tags.html", context)


@login_required
@require_POST
def tag(request: HttpRequest, pk: Any) -> HttpResponse:
    programme = _managed(request, pk)
    form = forms.TagForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.tag(actor=request.user, programme=programme, **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("Tagged to the programme."))
            return redirect("programmes:tags", pk=programme.pk)
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect("programmes:tags", pk=programme.pk)


@login_required
@require_POST
def untag(request: HttpRequest, pk: Any, tag_id: Any) -> HttpResponse:
    programme = _managed(request, pk)
    found = selectors.tag_for(request.user, programme, tag_id)
    services.untag(actor=request.user, tag=found)
    messages.success(request, _("No longer tagged to the programme."))
    return redirect("programmes:tags", pk=programme.pk)
