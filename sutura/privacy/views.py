"""Pages of the data-protection life cycle: requests, their decision and execution, and the
subject-access export. Only holders of `handle_data_requests` reach them (403 otherwise); a
person or request of another organisation is 404."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.audit.services import record_export, record_read
from sutura.core.downloads import _private, private_pdf
from sutura.core.forms import run_service
from sutura.core.texts import Text
from sutura.privacy import export, selectors, services
from sutura.privacy.forms import DecisionForm, RequestForm
from sutura.privacy.models import RequestStatus


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.HANDLE_DATA_REQUESTS)
    page = Paginator(selectors.requests_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "privacy/list.html", {"page": page})


@login_required
def request_new(request: HttpRequest, person_id: Any) -> HttpResponse:
    require(request.user, Perm.HANDLE_DATA_REQUESTS)
    person = selectors.person_for(request.user, person_id)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.record_request(actor=request.user, person=person, **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("The request has been recorded."))
            return redirect("privacy:detail", pk=done.pk)
    if request.method == "GET":
        record_read(request.user, person, detail=gettext_noop("data-protection request form"))
    return render(request, "privacy/form.html", {"form": form, "person": person})


@login_required
def request_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.HANDLE_DATA_REQUESTS)
    data_request = selectors.request_for(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        done = run_service(
            form,
            lambda: services.decide(
                actor=request.user,
                request=data_request,
                approve=approve,
                refusal_reason=form.cleaned_data["refusal_reason"],
            ),
        )
        if done is not None:
            messages.success(request, _("The decision has been recorded."))
            return redirect("privacy:detail", pk=data_request.pk)
    if request.method == "GET":
        record_read(request.user, data_request)
    context = {
        "data_request": data_request,
        "form": form if data_request.status == RequestStatus.PENDING else None,
        "can_carry_out": data_request.status == RequestStatus.APPROVED,
        "outcome": selectors.outcome_lines(data_request.outcome),
    }
    return render(request, "privacy/detail.html", context)


@login_required
@require_POST
def carry_out(request: HttpRequest, pk: Any) -> HttpResponse:
    require(request.user, Perm.HANDLE_DATA_REQUESTS)
    data_request = selectors.request_for(request.user, pk)
    try:
        services.carry_out(actor=request.user, request=data_request)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The person's data has been anonymised."))
    return redirect("privacy:detail", pk=data_request.pk)


@login_required
def export_person(request: HttpRequest, person_id: Any, fmt: str) -> HttpResponse:
    """Everything held on the person: a PDF for them, or JSON for machines (audited)."""
    require(request.user, Perm.HANDLE_DATA_REQUESTS)
    person = selectors.person_for(request.user, person_id)
    record_export(
        request.user,
        obj=person,
        detail=Text(gettext_noop("Subject-access export (%(format)s)"), format=fmt),
    )
    stem = f"sutura-{str(person.pk)[:8]}"
    if fmt == "pdf":
        return private_pdf(export.pdf(person), stem)
    response = HttpResponse(
        json.dumps(export.collect(person), ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
    return _private(response)
