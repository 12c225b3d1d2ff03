"""Case pages: thin. Parse, call a selector or a service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sutura.access import can, get_visible_or_404, require, visible
from sutura.access.cases import works_on
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read
from sutura.cases import forms
from sutura.cases.models import Case, PlannedAssistance, ReintegrationPlan
from sutura.cases.narrowing import narrowed_to, without_narrowing
from sutura.cases.selectors import (
    CaseFilters,
    case_for,
    case_records,
    case_worked_on,
    cases_for,
    counted_age_on,
    counted_cases,
    counted_rows,
    document_for,
    needs_approval,
    plan_decisions,
)
from sutura.cases.services import lifecycle, plans, records, screening
from sutura.core import sections
from sutura.core.downloads import private_download
from sutura.core.forms import CappedPaginator, ListPaginator, run_service
from sutura.core.idempotency import idempotent_form
from sutura.people.merged import follows_merge
from sutura.people.selectors import person_for

PAGE_SIZE = 25


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_CASES)
    form = forms.CaseFilterForm(request.GET or None, user=request.user)
    filters = _filters(request, form)
    cases = cases_for(request.user, filters) if filters else Case.objects.none()
    paginator_class = CappedPaginator if filters and filters.query else ListPaginator
    page = paginator_class(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list_read(
        request.user,
        what=gettext_noop("cases"),
        searched=bool(filters and filters.query),
        page=page.number,
    )
    return render(request, "cases/list.html", _list_context(request, form, page))


@login_required
def counted_list(request: HttpRequest) -> HttpResponse:
    """The cases behind a figure, without names, for those who count cases but open none
    (an M&E officer drilling into a dashboard's number: `dashboards/drill.py`)."""
    require(request.user, Perm.VIEW_INDICATORS)
    form = forms.CountedCaseFilterForm(request.GET or None, user=request.user)
    filters = _filters(request, form)
    cases = counted_cases(request.user, filters) if filters else Case.objects.none()
    page = ListPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list_read(
        request.user,
        what=gettext_noop("cases without names"),
        searched=False,
        page=page.number,
        # What narrowed it (dates, codes, ids: nothing typed, nobody named), so a run of
        # requests probing one row shows as such.
        filters=_kept_filters(request) if filters else None,
    )
    on = counted_age_on(filters or CaseFilters())
    context = _list_context(request, form, page, ages_on=on)
    context.update(rows=counted_rows(page.object_list), age_on=on)
    return render(request, "cases/counted.html", context)


def _kept_filters(request: HttpRequest) -> dict[str, Any]:
    names = forms.CountedCaseFilterForm.base_fields
    return {name: request.GET.getlist(name) for name in names if request.GET.get(name)}


def _filters(request: HttpRequest, form: Any) -> CaseFilters | None:
    """The list's filters; None when the address's filters cannot be read (a link edited by
    hand, a programme one may not see): the list is then empty and says why, never wider than
    what was asked."""
    if not form.is_bound:
        return CaseFilters()
    if form.is_valid():
        return form.case_filters()
    messages.error(
        request,
        _("This list's filters could not be read: it shows nothing rather than more than asked."),
    )
    return None


def _list_context(
    request: HttpRequest, form: Any, page: Any, ages_on: Any = None
) -> dict[str, Any]:
    query = request.GET.copy()
    query.pop("page", None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        # A list opened from a dashboard's number says what it is narrowed to.
        "narrowed_to": narrowed_to(request.user, data, ages_on),
        "unnarrowed": without_narrowing(query),
    }


@login_required
@follows_merge
@idempotent_form
def case_open(request: HttpRequest, person_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_CASES)
    person = person_for(request.user, person_id, audit=request.method == "GET")
    form = forms.CaseOpenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        case = run_service(
            form,
            lambda: lifecycle.open_case(actor=request.user, person=person, **form.cleaned_data),
        )
        if case is not None:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return redirect("cases:detail", case_id=case.pk)
    context = {"form": form, "person": person, "title": _("Open a case")}
    return render(request, "cases/open.html", context)


@login_required
def case_detail(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_for(request.user, case_id)
    if not works_on(request.user, case):  # a mentor: the minimal profile, nothing else
        context = {"case": case, "sections": sections.for_page("case_minimal", request.user, case)}
        return render(request, "cases/minimal.html", context)
    return render(request, "cases/detail.html", _detail_context(request, case))


def _detail_context(request: HttpRequest, case: Case, move_form: Any = None) -> dict[str, Any]:
    return {
        "case": case,
        "sections": sections.for_page("case", request.user, case),
        "move_form": move_form or forms.MoveForm(initial={"closed_on": timezone.localdate()}),
        "next_statuses": sorted(lifecycle.TRANSITIONS.get(case.status, set())),
        **case_records(request.user, case),
    }


def case_in_full(request: HttpRequest, case_id: Any) -> Case:
    """The case, for its team (other roles 403; mentors and other teams 404). A page that shows
    it (GET) is a read of the case, in the audit log."""
    require(request.user, Perm.MANAGE_CASES)
    return case_worked_on(request.user, case_id, audit=request.method == "GET")


def _case_form(
    request: HttpRequest,
    case: Case,
    form: Any,
    action: Callable[[dict[str, Any]], Any],
    title: str,
    done: str,
) -> HttpResponse:
    submitted = request.method == "POST" and form.is_valid()
    if submitted and run_service(form, lambda: action(form.cleaned_data)) is not None:
        messages.success(request, done)
        return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/form.html", {"form": form, "case": case, "title": title})


@login_required
def case_edit(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    initial = {name: getattr(case, f"{name}_id", None) for name in ("case_manager", "programme")}
    initial |= {
        "case_type": case.case_type,
        "priority": case.priority,
        "risk_level": case.risk_level,
        "version": case.version,
    }
    form = forms.CaseEditForm(request.POST or None, initial=initial, user=request.user)

    def save(data: dict[str, Any]) -> Any:
        version = data.pop("version")
        return lifecycle.update_case(
            actor=request.user, case=case, expected_version=version, **data
        )

    return _case_form(request, case, form, save, _("Edit the case"), _("The case has been saved."))


@login_required
@require_POST
def case_move(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.MoveForm(request.POST)
    moved: Case | None = None
    if form.is_valid():
        moved = run_service(
            form, lambda: lifecycle.move_case(actor=request.user, case=case, **form.cleaned_data)
        )
    if moved is not None:
        messages.success(
            request, _("The case is now “%(status)s”.") % {"status": moved.get_status_display()}
        )
        return redirect("cases:detail", case_id=case.pk)
    # The page again, with what was typed and each error beside its field (the page shows the
    # case: a read, as its GET is).
    case = case_worked_on(request.user, case_id, audit=True)
    messages.error(request, _("The case was not moved: see “Next step” below."))
    return render(request, "cases/detail.html", _detail_context(request, case, form))


@login_required
def case_reopen(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.ReopenForm(request.POST or None)
    return _case_form(
        request,
        case,
        form,
        lambda data: lifecycle.reopen_case(actor=request.user, case=case, **data),
        _("Reopen the case"),
        _("The case has been reopened."),
    )


@login_required
@idempotent_form
def screening_record(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.ScreeningForm(request.POST or None, initial={"screened_on": timezone.localdate()})
    return _case_form(
        request,
        case,
        form,
        lambda data: screening.record_screening(actor=request.user, case=case, **data),
        _("Vulnerability screening"),
        _("The screening has been recorded."),
    )


@login_required
@idempotent_form
def assessment_record(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    return _case_form(
        request,
        case,
        form,
        lambda data: screening.record_assessment(actor=request.user, case=case, **data),
        _("Needs assessment"),
        _("The needs assessment has been recorded."),
    )


@login_required
@idempotent_form
def plan_view(request: HttpRequest, case_id: Any) -> HttpResponse:
    """The reintegration plan: its items, budget, submission; adding an item."""
    case = case_in_full(request, case_id)
    # Looking at the plan creates nothing: the plan is created with its first item.
    plan = (
        plans.plan_for_case(actor=request.user, case=case)
        if request.method == "POST"
        else visible(request.user, ReintegrationPlan).filter(case=case).first()
        or ReintegrationPlan(case=case)
    )
    currency = "XAF" if case.organisation.country.iso_code == "CM" else "XOF"
    form = forms.PlanItemForm(
        request.POST if "add_item" in request.POST else None, initial={"currency": currency}
    )
    if request.method == "POST" and "submit_plan" in request.POST:
        done = run_service(
            form,
            lambda: plans.submit_plan(
                actor=request.user,
                plan=plan,
                expected_version=int(v) if (v := request.POST.get("version", "")).isdigit() else 0,
            ),
        )
        if done is not None:
            messages.success(request, _("The plan has been submitted."))
            return redirect("cases:plan", case_id=case.pk)
    elif request.method == "POST" and form.is_valid():
        item = run_service(
            form, lambda: plans.add_item(actor=request.user, plan=plan, **form.cleaned_data)
        )
        if item is not None:
            messages.success(request, _("The item has been added to the plan."))
            return redirect("cases:plan", case_id=case.pk)
    saved = not plan._state.adding  # (a UUID primary key is set before the first save)
    if saved:
        plan.refresh_from_db()
    records_ = case_records(request.user, case)
    context = {
        "case": case,
        "plan": plan,
        "form": form,
        "items": records_["items"],
        "budget": records_["budget"],
        "decision_form": forms.PlanDecisionForm(initial={"version": plan.version}),
        "needs_approval": needs_approval(plan) if saved else False,
        "decisions": plan_decisions(request.user, plan) if saved else [],
        "editable": plan.status in plans.EDITABLE_STATUSES,
        "can_approve": can(request.user, Perm.APPROVE_PLANS),
    }
    return render(request, "cases/plan.html", context)


@login_required
@require_POST
def plan_decide(request: HttpRequest, case_id: Any) -> HttpResponse:
    require(request.user, Perm.APPROVE_PLANS)
    case = case_in_full(request, case_id)
    plan = plans.plan_for_case(actor=request.user, case=case)
    form = forms.PlanDecisionForm(request.POST)
    decided = None
    if form.is_valid():
        decided = run_service(
            form,
            lambda: plans.decide_plan(
                actor=request.user,
                plan=plan,
                approve=form.cleaned_data["decision"] == "approve",
                comments=form.cleaned_data["comments"],
                expected_version=form.cleaned_data["version"],
            ),
        )
    if decided:
        messages.success(request, _("Your decision has been recorded."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    return redirect("cases:plan", case_id=case.pk)


@login_required
@idempotent_form
def delivery_record(request: HttpRequest, case_id: Any, item_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    item = get_visible_or_404(request.user, PlannedAssistance, pk=item_id, plan__case=case)
    form = forms.DeliveryForm(
        request.POST or None, initial={"delivered_on": timezone.localdate(), "amount": item.amount}
    )
    return _case_form(
        request,
        case,
        form,
        lambda data: plans.record_delivery(actor=request.user, item=item, **data),
        _("Assistance delivered: %(kind)s") % {"kind": item.kind},
        _("The assistance delivered has been recorded."),
    )


@login_required
@idempotent_form
def follow_up_record(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.FollowUpForm(request.POST or None, initial={"happened_on": timezone.localdate()})
    return _case_form(
        request,
        case,
        form,
        lambda data: records.record_follow_up(actor=request.user, case=case, **data),
        _("Record a follow-up"),
        _("The follow-up has been recorded."),
    )


@login_required
@idempotent_form
def note_add(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.NoteForm(request.POST or None)
    return _case_form(
        request,
        case,
        form,
        lambda data: records.add_note(actor=request.user, case=case, **data),
        _("Add a note"),
        _("The note has been added."),
    )


@login_required
@idempotent_form
def document_upload(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = case_in_full(request, case_id)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    return _case_form(
        request,
        case,
        form,
        lambda data: records.upload_document(
            actor=request.user,
            case=case,
            upload=data["file"],
            description=data["description"],
            confidentiality=data["confidentiality"],
        ),
        _("Attach a document"),
        _("The document has been attached."),
    )


@login_required
def document_download(request: HttpRequest, document_id: Any) -> FileResponse:
    """Files are served only here, after the access layer said yes (and the read is logged)."""
    document = document_for(request.user, document_id)
    return private_download(document.file, document.original_name, document.content_type)
