"""The activity log's pages: the chooser (four big buttons), the four short forms, the
mentor's list, one activity, its edit (the owner only), an idea's status (the focal point) and
the counts (M&E)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sutura.access import can, require
from sutura.access.mentoring import activity_standing, works_in_mentoring
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.meetings.models import AgeGroup
from sutura.mentoring import forms_activities as forms
from sutura.mentoring.models import Activity, ActivityKind, Topic
from sutura.mentoring.selectors import activities as selectors
from sutura.mentoring.selectors.hours import week_hours_of
from sutura.mentoring.selectors.volunteers import own_first_area
from sutura.mentoring.services import activities as services
from sutura.mentoring.services.activities import Alert, Logged
from sutura.people.models import Sex


def alert_message(alert: str) -> str:
    """What the mentor is told about their distress flag."""
    return {
        Alert.REFERRED: _(
            "Your focal point has received a referral and will call you. If the person is in "
            "danger now, call your focal point."
        ),
        Alert.ADDED: _(
            "Your focal point is already dealing with a referral for this person: your words "
            "were added to it and they have been told. If the person is in danger now, call "
            "your focal point."
        ),
        Alert.NO_CONSENT: _(
            "No referral could be made: the person has not given their consent to be referred. "
            "Your focal point has been alerted. Call them today, and ask the person whether "
            "they agree to be referred."
        ),
        Alert.NOT_REGISTERED: _(
            "No referral could be made: the person is not registered. Your focal point has "
            "been alerted. Call them today."
        ),
        Alert.NO_FOCAL_POINT: _(
            "No referral could be made: you have no focal point. The supervisors of your "
            "organisation have been alerted. Call your programme manager today."
        ),
        Alert.REFUSED: _(
            "No referral could be made for this returnee. Your focal point has been alerted. "
            "Call them today."
        ),
    }.get(alert, "")


def _after_save(request: HttpRequest, logged: Logged) -> HttpResponse:
    activity = logged.activity
    if not logged.created:
        messages.info(request, _("This activity was already recorded."))
        return redirect("mentoring:activity", pk=activity.pk)
    messages.success(request, _("Saved."))
    said = alert_message(logged.alert)
    if said:
        done = logged.alert in (Alert.REFERRED, Alert.ADDED)
        (messages.success if done else messages.warning)(request, said)
    warn_hours(request, activity)
    return redirect("mentoring:activity", pk=activity.pk)


def warn_hours(request: HttpRequest, activity: Activity) -> None:
    hours = week_hours_of(request.user, activity.occurred_on)
    if hours is not None and hours.over_cap:
        messages.warning(
            request,
            _(
                "You have logged %(hours)s hours this week, over your limit of %(cap)s hours. "
                "Rest, and talk to your focal point."
            )
            % {"hours": hours.hours, "cap": hours.cap_hours},
        )


def _mentor(request: HttpRequest) -> None:
    require(request.user, Perm.RECORD_MENTORING)


@login_required
def log(request: HttpRequest) -> HttpResponse:
    """Four big buttons: what did you do?"""
    _mentor(request)
    return render(request, "mentoring/activities/log.html", {})


def _returnees(request: HttpRequest) -> list[Any]:
    returnees = selectors.assigned_returnees(request.user)
    if returnees:
        record_list_read(
            request.user, what=gettext_noop("assigned returnees"), searched=False, page=1
        )
    return returnees


@login_required
@idempotent_form
def log_session(request: HttpRequest) -> HttpResponse:
    _mentor(request)
    returnees = _returnees(request)
    initial = {"returnee": request.GET.get("case", "")}
    form = forms.SessionForm(request.POST or None, returnees=returnees, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        logged = run_service(form, lambda: services.log_session(actor=request.user, **data))
        if logged is not None:
            return _after_save(request, logged)
    return _form(request, form, ActivityKind.SESSION)


@login_required
@idempotent_form
def log_event(request: HttpRequest) -> HttpResponse:
    _mentor(request)
    area = own_first_area(request.user)
    form = forms.EventForm(request.POST or None, initial={"location": area.pk if area else None})
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        logged = run_service(form, lambda: services.log_event(actor=request.user, **data))
        if logged is not None:
            return _after_save(request, logged)
    return _form(request, form, ActivityKind.EVENT)


@login_required
@idempotent_form
def log_accompaniment(request: HttpRequest) -> HttpResponse:
    _mentor(request)
    form = forms.AccompanimentForm(
        request.POST or None,
        returnees=_returnees(request),
        services=forms.mentor_services(request.user),
        initial={"returnee": request.GET.get("case", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        logged = run_service(form, lambda: services.log_accompaniment(actor=request.user, **data))
        if logged is not None:
            return _after_save(request, logged)
    return _form(request, form, ActivityKind.ACCOMPANIMENT)


@login_required
@idempotent_form
def log_idea(request: HttpRequest) -> HttpResponse:
    _mentor(request)
    form = forms.IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        logged = run_service(form, lambda: services.log_idea(actor=request.user, **data))
        if logged is not None:
            return _after_save(request, logged)
    return _form(request, form, ActivityKind.IDEA)


def _form(
    request: HttpRequest, form: Any, kind: str, activity: Activity | None = None
) -> HttpResponse:
    context = {
        "form": form,
        "kind": kind,
        "kind_label": ActivityKind(kind).label,
        "activity": activity,
        "durations": forms.DURATIONS,
    }
    return render(request, "mentoring/activities/form.html", context)


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    """The user's activities (a mentor: their own; a focal point: their mentors'), this
    month by default."""
    if not works_in_mentoring(request.user):
        raise PermissionDenied
    form = forms.ActivityFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {}) or {}
    filters = selectors.ActivityFilters(
        kind=data.get("kind") or "", period=data.get("period") or "month"
    )
    found = selectors.with_returnee_labels(
        request.user, list(selectors.activities_for(request.user, filters)[:200])
    )
    record_list_read(
        request.user, what=gettext_noop("mentoring activities"), searched=False, page=1
    )
    hours = week_hours_of(request.user, timezone.localdate())
    context = {
        "form": form,
        "activities": found,
        "hours": hours,
        "may_log": can(request.user, Perm.RECORD_MENTORING),
    }
    return render(request, "mentoring/activities/list.html", context)


@login_required
def activity_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    activity = selectors.activity_for(request.user, pk)
    selectors.with_returnee_labels(request.user, [activity])
    who = activity_standing(request.user, activity)
    context = {
        "activity": activity,
        "counts": selectors.counts_of(activity) if activity.kind == ActivityKind.EVENT else [],
        "owns": who.owns,
        "topics": [Topic(topic).label for topic in activity.topics if topic in Topic.values],
        # The case team reads date, kind, duration and the flag; the free texts stay with the
        # mentor and those who supervise them.
        "reads_texts": who.owns or who.supervises or who.oversees,
        "status_form": forms.IdeaStatusForm(
            initial={"idea_status": activity.idea_status, "version": activity.version}
        )
        if activity.kind == ActivityKind.IDEA and who.supervises
        else None,
    }
    return render(request, "mentoring/activities/detail.html", context)


@login_required
def activity_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    activity = selectors.activity_for(
        request.user, pk, detail=gettext_noop("mentoring activity, edit")
    )
    if not activity_standing(request.user, activity).owns:
        raise PermissionDenied
    activity.prefetched_counts = selectors.counts_of(activity)  # type: ignore[attr-defined]
    form_class = forms.edit_form_class(activity.kind)
    extra: dict[str, Any] = {}
    if activity.kind in (ActivityKind.SESSION, ActivityKind.ACCOMPANIMENT):
        extra["returnees"] = []
    if activity.kind == ActivityKind.ACCOMPANIMENT:
        extra["services"] = forms.mentor_services(request.user)
    form: Any = form_class(request.POST or None, initial=forms.edit_initial(activity), **extra)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        for dropped in ("id", "case", "sex", "age_group", "distress", "distress_reason"):
            data.pop(dropped, None)
        counts = data.pop("counts", None)
        done = run_service(
            form,
            lambda: services.update_activity(
                actor=request.user,
                activity=activity,
                expected_version=form.cleaned_data.get("version") or 0,
                counts=counts,
                **data,
            ),
        )
        if done is not None:
            messages.success(request, _("Saved."))
            warn_hours(request, done)
            return redirect("mentoring:activity", pk=done.pk)
    return _form(request, form, activity.kind, activity)


@login_required
@require_POST
def idea_status(request: HttpRequest, pk: Any) -> HttpResponse:
    """The focal point moves an idea along."""
    activity = selectors.activity_for(
        request.user, pk, detail=gettext_noop("mentoring idea, status")
    )
    if (
        activity.kind != ActivityKind.IDEA
        or not activity_standing(request.user, activity).supervises
    ):
        raise PermissionDenied
    form = forms.IdeaStatusForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.set_idea_status(
                actor=request.user,
                activity=activity,
                status=form.cleaned_data["idea_status"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect("mentoring:activity", pk=activity.pk)
    for error in form.non_field_errors():
        messages.error(request, str(error))
    return redirect("mentoring:activity", pk=activity.pk)


def may_count(user: Any) -> bool:
    return can(user, Perm.VIEW_INDICATORS) or can(user, Perm.SUPERVISE_MENTORS)


@login_required
def counts(request: HttpRequest) -> HttpResponse:
    """Counts only: activities by kind and month, people reached by sex and age group."""
    if not may_count(request.user):
        raise PermissionDenied
    found = selectors.activity_counts(request.user)
    reached = [
        {**row, "sex": Sex(row["sex"]).label, "age_group": AgeGroup(row["age_group"]).label}
        for row in found["reached"]
    ]
    months = [
        {
            **row,
            "first_day": datetime.date.fromisoformat(f"{row['month']}-01"),
            "cells": [row["by_kind"].get(kind, 0) for kind in ActivityKind.values],
        }
        for row in found["months"]
    ]
    context = {
        "counts": {**found, "reached": reached, "months": months},
        "kinds": ActivityKind.choices,
    }
    return render(request, "mentoring/activities/counts.html", context)


urlpatterns = [
    path("log/", log, name="log"),
    path("log/session/", log_session, name="log_session"),
    path("log/event/", log_event, name="log_event"),
    path("log/accompaniment/", log_accompaniment, name="log_accompaniment"),
    path("log/idea/", log_idea, name="log_idea"),
    path("activities/", activity_list, name="activities"),
    path("activities/counts/", counts, name="activity_counts"),
    path("activities/<uuid:pk>/", activity_detail, name="activity"),
    path("activities/<uuid:pk>/edit/", activity_edit, name="activity_edit"),
    path("activities/<uuid:pk>/status/", idea_status, name="idea_status"),
]
