"""Peer-support groups: the list, opening and editing a group, the group's page with its
sessions and a quick form to record one (date, from–to, held, who came)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access.mentoring import group_standing
from sutura.audit.services import record_list_read
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.meetings.models import MeetingStatus
from sutura.mentoring.report_forms import GroupForm, SessionForm
from sutura.mentoring.selectors import groups as selectors
from sutura.mentoring.services import groups as services


def _group_form(request: HttpRequest, **kwargs: Any) -> GroupForm:
    return GroupForm(
        request.POST or None,
        mentors=selectors.mentors_to_choose(request.user),
        co_facilitators=selectors.co_facilitators_to_choose(request.user),
        **kwargs,
    )


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    groups = list(selectors.groups_for(request.user)[:200])
    record_list_read(request.user, what=gettext_noop("peer groups"), searched=False, page=1)
    may_open = selectors.mentors_to_choose(request.user).exists()
    return render(request, "mentoring/groups/list.html", {"groups": groups, "may_open": may_open})


@login_required
@idempotent_form
def group_create(request: HttpRequest) -> HttpResponse:
    mentors = selectors.mentors_to_choose(request.user)
    if not mentors.exists():
        raise Http404
    user: Any = request.user
    own = mentors.filter(user_id=user.pk).first()
    form = _group_form(request, initial={"mentor": own.pk if own else None})
    if request.method == "POST" and form.is_valid():
        group = run_service(
            form,
            lambda: services.create_group(
                request.user, mentor=form.cleaned_data["mentor"].user, **form.group_fields()
            ),
        )
        if group is not None:
            messages.success(request, _("The group has been opened."))
            return redirect("mentoring:group", pk=group.pk)
    return render(request, "mentoring/groups/form.html", {"form": form})


@login_required
def group_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    group = selectors.group_for(request.user, pk, audit=request.method == "GET")
    if not group_standing(request.user, group).records:
        raise Http404
    initial = {
        "name": group.name,
        "description": group.description,
        "co_facilitator": group.co_facilitator_id,
        "location": group.location_id,
        "starts_on": group.starts_on,
        "ends_on": group.ends_on,
        "version": group.version,
    }
    form = _group_form(request, initial=initial)
    del form.fields["mentor"]  # a group keeps its mentor
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.update_group(
                request.user,
                group,
                expected_version=form.cleaned_data.get("version") or 0,
                **form.group_fields(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The group has been saved."))
            return redirect("mentoring:group", pk=group.pk)
    return render(request, "mentoring/groups/form.html", {"form": form, "group": group})


def _session_form(request: HttpRequest, group: Any) -> SessionForm:
    return SessionForm(
        request.POST or None,
        returnees=selectors.returnees_to_name(request.user, group),
        initial={"status": MeetingStatus.HELD},
    )


@login_required
def group_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    group = selectors.group_for(request.user, pk)
    standing = group_standing(request.user, group)
    context = {
        "group": group,
        "standing": standing,
        "sessions": selectors.sessions_of(request.user, group),
        "form": _session_form(request, group) if standing.records else None,
    }
    return render(request, "mentoring/groups/detail.html", context)


@login_required
@idempotent_form
def session_create(request: HttpRequest, pk: Any) -> HttpResponse:
    group = selectors.group_for(request.user, pk, audit=False)
    standing = group_standing(request.user, group)
    if not standing.records:
        raise Http404
    if request.method != "POST":
        return redirect("mentoring:group", pk=group.pk)
    form = _session_form(request, group)
    if form.is_valid():
        data = form.cleaned_data
        chosen = set(data.get("persons") or [])
        persons = [
            person
            for person in selectors.persons_to_name(request.user, group)
            if str(person.pk) in chosen
        ]
        meeting = run_service(
            form,
            lambda: services.record_session(
                request.user,
                group,
                on=data["on"],
                starts=data["starts"],
                ends=data["ends"],
                status=data["status"],
                persons=persons,
                counts=form.counts(),
            ),
        )
        if meeting is not None:
            messages.success(request, _("The session has been recorded."))
            return redirect("mentoring:group", pk=group.pk)
    context = {
        "group": group,
        "standing": standing,
        "sessions": selectors.sessions_of(request.user, group),
        "form": form,
    }
    return render(request, "mentoring/groups/detail.html", context)


urlpatterns: list[URLPattern] = [
    path("groups/", group_list, name="groups"),
    path("groups/new/", group_create, name="group_create"),
    path("groups/<uuid:pk>/", group_detail, name="group"),
    path("groups/<uuid:pk>/edit/", group_edit, name="group_edit"),
    path("groups/<uuid:pk>/sessions/new/", session_create, name="group_session"),
]
