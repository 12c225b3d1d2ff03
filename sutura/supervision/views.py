"""Supervision pages: thin. Parse, call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read
from sutura.cases.selectors import case_worked_on
from sutura.core.forms import ListPaginator, run_service
from sutura.core.idempotency import idempotent_form
from sutura.supervision import forms, selectors, services

PAGE_SIZE = 25


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    """Each case manager's open cases by status and priority, and what needs a look."""
    require(request.user, Perm.SUPERVISE_CASELOADS)
    rows = selectors.caseload(request.user)
    context = {
        "rows": rows,
        "totals": selectors.totals(rows),
        "days": selectors.inactive_days(),
        "status_labels": [f.label for f in rows[0].statuses] if rows else [],
    }
    return render(request, "supervision/caseload.html", context)


@login_required
def caseload_cases(request: HttpRequest, user_id: int) -> HttpResponse:
    """The open cases of one caseload behind one figure."""
    require(request.user, Perm.SUPERVISE_CASELOADS)
    manager = selectors.supervised_manager(request.user, user_id)
    figure = request.GET.get("figure") or "open"
    cases = selectors.caseload_cases(request.user, manager, figure)
    page = ListPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list_read(
        request.user, what=gettext_noop("caseload cases"), searched=False, page=page.number
    )
    context = {
        "manager": manager,
        "figure": figure,
        "label": selectors.figure_labels()[figure],
        "page": page,
        "query": f"figure={figure}",
        "today": timezone.localdate(),
        "days": selectors.inactive_days(),
    }
    return render(request, "supervision/caseload_cases.html", context)


@login_required
@idempotent_form
def reassign(request: HttpRequest) -> HttpResponse:
    """Choose a case manager, tick some of their open cases, give them to another. A case
    manager or a case of another organisation is not found (404)."""
    require(request.user, Perm.SUPERVISE_CASELOADS)
    user: Any = request.user
    given = request.POST.get("source") or request.GET.get("source")
    source = selectors.supervised_manager(user, given) if given else None
    chooser = forms.ChooseCaseManagerForm(
        initial={"source": source.pk if source else None}, user=user
    )
    cases = list(selectors.caseload_cases(user, source, "open")) if source is not None else []
    if source is not None:
        record_list_read(user, what=gettext_noop("caseload cases"), searched=False, page=1)
    choices = [(f"{case.pk}:{case.version}", case.number) for case in cases]
    form = None
    if source is not None:
        form = forms.ReassignForm(request.POST or None, user=user, choices=choices)
        if request.method == "POST" and form.is_valid():
            chosen = form.chosen()
            found = {c.pk: c for c in selectors.reassignable_cases(user, [c for c, _v in chosen])}
            if any(case_id not in found for case_id, _version in chosen):
                raise Http404
            moved = run_service(
                form,
                lambda: services.reassign_cases(
                    actor=user,
                    cases=[(found[case_id], version) for case_id, version in chosen],
                    case_manager=form.cleaned_data["case_manager"],
                ),
            )
            if moved is not None:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s case reassigned: %(numbers)s",
                        "%(count)s cases reassigned: %(numbers)s",
                        len(moved),
                    )
                    % {"count": len(moved), "numbers": ", ".join(c.number for c in moved)},
                )
                return redirect("supervision:caseload")
    context = {
        "chooser": chooser,
        "source": source,
        "cases": cases,
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "supervision/reassign.html", context)


@login_required
@idempotent_form
def note_add(request: HttpRequest, case_id: Any) -> HttpResponse:
    """A supervisor's note on a case (the case page's supervision section posts here)."""
    require(request.user, Perm.SUPERVISE_CASELOADS)
    case = case_worked_on(request.user, case_id, audit=request.method == "GET")
    form = forms.NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = run_service(
            form, lambda: services.add_note(actor=request.user, case=case, **form.cleaned_data)
        )
        if note is not None:
            messages.success(request, _("The supervision note is recorded."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "supervision/note_form.html", {"form": form, "case": case})


@login_required
def conference_case(request: HttpRequest, pk: Any) -> HttpResponse:
    """A case conference's context page: the case itself, for its team (404 otherwise)."""
    case = case_worked_on(request.user, pk, audit=True)
    return redirect("cases:detail", case_id=case.pk)
