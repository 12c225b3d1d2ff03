"""Pages of the proposals: propose a new entry or a change, the review list, and one proposal
side by side with the entry, where coordinators approve or reject it. Thin, like the others."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sutura.access import can, require
from sutura.accounts.roles import Perm
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.directory.forms import proposals as forms
from sutura.directory.models import ChangeKind, ChangeStatus
from sutura.directory.selectors import proposals as selectors
from sutura.directory.selectors.entries import service_for
from sutura.directory.services import proposals as services
from sutura.directory.services.entries import create_service
from sutura.directory.views.entries import PAGE_SIZE


@login_required
@idempotent_form
def propose_new(request: HttpRequest) -> HttpResponse:
    """Anyone who may propose suggests a service; a coordinator adds it at once."""
    require(request.user, Perm.PROPOSE_DIRECTORY_CHANGES)
    manager = can(request.user, Perm.MANAGE_DIRECTORY)
    form = forms.ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data.get("comment", "")
        if manager:
            service = run_service(
                form,
                lambda: create_service(actor=request.user, data=form.values(), comment=comment),
            )
            if service is not None:
                messages.success(request, _("The service has been added to the directory."))
                return redirect("directory:detail", service_id=service.pk)
        else:
            change = run_service(
                form,
                lambda: services.propose_new_service(
                    actor=request.user, data=form.values(), comment=comment
                ),
            )
            if change is not None:
                messages.success(request, _("Thank you: a coordinator will review the proposal."))
                return redirect("directory:change_detail", change_id=change.pk)
    title = _("Add a service") if manager else _("Propose a new service")
    return render(request, "directory/service_form.html", {"form": form, "title": title})


@login_required
@idempotent_form
def propose_change(request: HttpRequest, service_id: Any) -> HttpResponse:
    require(request.user, Perm.PROPOSE_DIRECTORY_CHANGES)
    service = service_for(request.user, service_id)
    quick_post = request.method == "POST" and "kind" in request.POST
    quick = forms.QuickProposalForm(request.POST if quick_post else None)
    form = forms.ProposalForm(
        request.POST if request.method == "POST" and not quick_post else None,
        user=request.user,
        service=service,
    )
    change = None
    if quick_post and quick.is_valid():
        change = run_service(
            quick,
            lambda: services.propose_change(
                actor=request.user,
                service=service,
                kind=quick.cleaned_data["kind"],
                comment=quick.cleaned_data["comment"],
            ),
        )
    elif request.method == "POST" and not quick_post and form.is_valid():
        change = run_service(
            form,
            lambda: services.propose_change(
                actor=request.user,
                service=service,
                data=form.values(),
                comment=form.cleaned_data.get("comment", ""),
                kind=ChangeKind.UPDATE,
            ),
        )
    if change is not None:
        messages.success(request, _("Thank you: a coordinator will review the proposal."))
        return redirect("directory:change_detail", change_id=change.pk)
    context = {"form": form, "quick": quick, "service": service}
    return render(request, "directory/propose_change.html", context)


@login_required
def change_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ChangeStatus.values else ""
    changes = selectors.changes_for(request.user, status)
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": ChangeStatus.choices,
        "query": f"status={status}" if status else "",
        "can_manage": can(request.user, Perm.MANAGE_DIRECTORY),
    }
    return render(request, "directory/changes.html", context)


@login_required
def change_detail(request: HttpRequest, change_id: Any) -> HttpResponse:
    """A proposal side by side with the entry; coordinators approve or reject it here."""
    change = selectors.change_for(request.user, change_id)
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Perm.MANAGE_DIRECTORY)
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            approve = "approve" in request.POST
            done = run_service(
                form,
                lambda: (
                    services.approve_change(actor=request.user, change=change, comment=comment)
                    if approve
                    else services.reject_change(actor=request.user, change=change, comment=comment)
                ),
            )
            if done is not None:
                messages.success(
                    request,
                    _("The proposal has been approved.")
                    if approve
                    else _("The proposal has been rejected."),
                )
                return redirect("directory:change_detail", change_id=change.pk)
    rows = selectors.change_rows(request.user, change)
    context = {
        "change": change,
        "rows": rows,
        "stale": any(row.stale for row in rows),
        "form": form,
        "can_review": can(request.user, Perm.MANAGE_DIRECTORY)
        and change.status == ChangeStatus.PENDING,
    }
    return render(request, "directory/change_detail.html", context)
