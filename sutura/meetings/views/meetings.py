"""A meeting's own pages: the list, the figures, creating and editing, the meeting's page,
minutes, decisions, action items and facilitators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sutura.access import can, get_visible_or_404
from sutura.access.meetings import meeting_standing, participant_view, records_in_context
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read, record_read
from sutura.core import sections
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.meetings import contexts, selectors, services
from sutura.meetings.forms import (
    ActionItemForm,
    ActionStatusForm,
    DecisionForm,
    FacilitatorForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
)
from sutura.meetings.models import Facilitator
from sutura.meetings.views.common import recorded, seen


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.MeetingFilters()
    page = Paginator(selectors.meetings_for(request.user, filters), 30).get_page(
        request.GET.get("page")
    )
    record_list_read(
        request.user, what=gettext_noop("meetings"), searched=bool(request.GET), page=page.number
    )
    context = {
        "form": form,
        "page": page,
        "may_record": can(request.user, Perm.RECORD_MEETINGS),
        "query": request.GET.urlencode(),
    }
    return render(request, "meetings/list.html", context)


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    """Attendance totals across the meetings the user sees, by period and kind."""
    form = MeetingFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.MeetingFilters()
    totals, meetings = selectors.figures_for(request.user, filters)
    return render(
        request,
        "meetings/figures.html",
        {"form": form, "totals": totals, "rows": totals.rows(), "meetings": meetings},
    )


def _context_of(request: HttpRequest) -> tuple[str, Any]:
    """A meeting created from a context's page (`?context=committee&context_id=…`)."""
    code = request.GET.get("context") or request.POST.get("context_kind") or ""
    context_id = request.GET.get("context_id") or request.POST.get("context_id") or None
    if not code:
        user: Any = request.user
        if not can(user, Perm.RECORD_MEETINGS) or user.organisation_id is None:
            raise PermissionDenied
        return "", None
    if contexts.get(code) is None or not context_id:
        raise Http404
    try:
        allowed = records_in_context(request.user, code, context_id)
    except (ValueError, TypeError):
        allowed = False
    if not allowed:
        raise Http404
    return code, context_id


@login_required
@idempotent_form
def meeting_create(request: HttpRequest) -> HttpResponse:
    context_kind, context_id = _context_of(request)
    form = MeetingForm(request.POST or None, initial={"status": "planned"})
    if request.method == "POST" and form.is_valid():

        def create() -> Any:
            fields = form.meeting_fields()
            meeting = services.create_meeting(
                request.user,
                kind=fields.pop("kind"),
                title=fields.pop("title"),
                starts_at=fields.pop("starts_at"),
                context_kind=context_kind,
                context_id=context_id,
                topics=form.cleaned_data["topics"],
                **fields,
            )
            services.set_agenda(request.user, meeting, items=form.cleaned_data["agenda"])
            return meeting

        meeting = run_service(form, create)
        if meeting is not None:
            messages.success(request, _("The meeting has been recorded."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {"form": form, "context_kind": context_kind, "context_id": context_id or ""},
    )


@login_required
def meeting_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    meeting = recorded(request, pk)
    agenda = selectors.agenda_of(request.user, meeting)
    initial = {
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "status": meeting.status,
        "mode": meeting.mode,
        "location": meeting.location_id,
        "address": meeting.address,
        "online_link": meeting.online_link,
        "objectives": meeting.objectives,
        "agenda": "\n".join(
            f"{item.title} / {item.presenter}" if item.presenter else item.title for item in agenda
        ),
        "topics": selectors.meeting_topics(meeting),
        "version": meeting.version,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():

        def update() -> Any:
            services.update_meeting(
                request.user,
                meeting,
                expected_version=form.cleaned_data.get("version") or 0,
                topics=form.cleaned_data["topics"],
                **form.meeting_fields(),
            )
            services.set_agenda(request.user, meeting, items=form.cleaned_data["agenda"])
            return meeting

        if run_service(form, update) is not None:
            messages.success(request, _("The meeting has been saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting})


@login_required
def meeting_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    meeting, standing = seen(request, pk, audit=True)
    user = request.user
    participants = list(selectors.participants_of(user, meeting))
    for participant in participants:
        participant.shown = participant_view(  # type: ignore[attr-defined]
            user, participant, records=standing.records
        )
    actions = list(selectors.actions_of(user, meeting))
    for action in actions:  # a link only to an item the user may update (else a 403)
        action.may_update = services.may_update_action(  # type: ignore[attr-defined]
            user, action, records=standing.records
        )
    context: dict[str, Any] = {
        "meeting": meeting,
        "standing": standing,
        "context": contexts.get(meeting.context_kind),
        "context_url": contexts.url_for(meeting, user),
        "agenda": selectors.agenda_of(user, meeting),
        "facilitators": selectors.facilitators_of(user, meeting),
        "participants": participants,
        "counts": selectors.counts_of(user, meeting),
        "totals": selectors.meeting_totals(user, meeting),
        "decisions": selectors.decisions_of(user, meeting),
        "actions": actions,
        "topics": selectors.meeting_topics(meeting),
        "sections": sections.for_page("meeting", user, meeting),
        "decision_form": DecisionForm(user=user) if standing.records else None,
        "facilitator_form": FacilitatorForm(user=user) if standing.records else None,
    }
    context["rows"] = context["totals"].rows()
    if meeting.kind.is_training:
        context["scores"] = selectors.score_summary([p for p in participants if p.attended])
    return render(request, "meetings/detail.html", context)


@login_required
def minutes(request: HttpRequest, pk: Any) -> HttpResponse:
    meeting = recorded(request, pk)
    form = MinutesForm(
        request.POST or None,
        initial={"minutes": meeting.minutes, "status": meeting.status, "version": meeting.version},
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.record_minutes(
                request.user,
                meeting,
                expected_version=form.cleaned_data["version"],
                minutes=form.cleaned_data["minutes"],
                status=form.cleaned_data["status"],
            ),
        )
        if done is not None:
            messages.success(request, _("The minutes have been saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/minutes.html", {"form": form, "meeting": meeting})


@login_required
@idempotent_form
def decision_add(request: HttpRequest, pk: Any) -> HttpResponse:
    meeting = recorded(request, pk)
    form = DecisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def add() -> Any:
            decision = services.add_decision(request.user, meeting, text=data["text"])
            if data.get("what"):
                services.add_action_item(
                    request.user,
                    meeting,
                    what=data["what"],
                    responsible_user=data.get("responsible_user"),
                    responsible_organisation=data.get("responsible_organisation"),
                    due_on=data.get("due_on"),
                    decision=decision,
                )
            return decision

        if run_service(form, add) is not None:
            messages.success(request, _("The decision has been recorded."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/simple_form.html",
        {"form": form, "meeting": meeting, "title": _("Record a decision"), "create": True},
    )


@login_required
@idempotent_form
def action_add(request: HttpRequest, pk: Any) -> HttpResponse:
    meeting = recorded(request, pk)
    form = ActionItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = run_service(
            form,
            lambda: services.add_action_item(
                request.user,
                meeting,
                what=data["what"],
                responsible_user=data.get("responsible_user"),
                responsible_organisation=data.get("responsible_organisation"),
                due_on=data.get("due_on"),
            ),
        )
        if item is not None:
            messages.success(request, _("The action item has been recorded."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/simple_form.html",
        {"form": form, "meeting": meeting, "title": _("Add an action item"), "create": True},
    )


@login_required
def action_update(request: HttpRequest, action_id: Any) -> HttpResponse:
    """Set an action item's status with a progress note: those who record the meeting, and
    the responsible person."""
    item = selectors.action_for(request.user, action_id)
    if not services.may_update_action(request.user, item):
        raise PermissionDenied
    if request.method == "GET":
        record_read(request.user, item)
    form = ActionStatusForm(
        request.POST or None,
        initial={
            "status": item.status,
            "progress_note": item.progress_note,
            "version": item.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.set_action_status(
                request.user,
                item,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                progress_note=form.cleaned_data["progress_note"],
            ),
        )
        if done is not None:
            messages.success(request, _("The action item has been updated."))
            if request.POST.get("next_page") == "home":
                return redirect("core:home")
            return redirect("meetings:action", action_id=item.pk)
    context = {
        "form": form,
        "item": item,
        "meeting_seen": meeting_standing(request.user, item.meeting).sees,
    }
    return render(request, "meetings/action.html", context)


@login_required
@idempotent_form
def facilitator_add(request: HttpRequest, pk: Any) -> HttpResponse:
    meeting = recorded(request, pk)
    form = FacilitatorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.add_facilitator(
                request.user,
                meeting,
                user=data.get("user"),
                name=data.get("name") or "",
                organisation_name=data.get("organisation_name") or "",
            ),
        )
        if done is not None:
            messages.success(request, _("The facilitator has been added."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/simple_form.html",
        {"form": form, "meeting": meeting, "title": _("Add a facilitator"), "create": True},
    )


@login_required
@require_POST
def facilitator_remove(request: HttpRequest, pk: Any, facilitator_id: Any) -> HttpResponse:
    meeting = recorded(request, pk)
    facilitator = get_visible_or_404(request.user, Facilitator, pk=facilitator_id, meeting=meeting)
    services.remove_facilitator(request.user, facilitator)
    messages.success(request, _("The facilitator has been removed."))
    return redirect("meetings:detail", pk=meeting.pk)
