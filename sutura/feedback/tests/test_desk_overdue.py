"""`manage.py notify_overdue_feedback` (daily): whom an item concerns is told once per missed
deadline — its acknowledgement, then its response — with the reference and a link only."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.feedback.models import Category, FeedbackItem
from sutura.feedback.services import designations, intake, workflow
from sutura.feedback.services.overdue import notify_overdue
from sutura.notifications.models import Notification

pytestmark = pytest.mark.django_db

ACK = "Feedback item %(number)s was not acknowledged in time"
RESPOND = "Feedback item %(number)s has had no response in time"


def _record(users: dict[Role, Any], code: str = "service_quality", **extra: Any) -> FeedbackItem:
    return intake.record_item(
        actor=users[Role.CASE_MANAGER],
        category=Category.objects.get(code=code),
        channel="hotline",
        description="Personne ne m'a rappelé.",
        **extra,
    )


def _late(item: FeedbackItem, *, acknowledge: bool = True, respond: bool = False) -> None:
    past = timezone.now() - timedelta(minutes=1)
    changes: dict[str, Any] = {}
    if acknowledge:
        changes["acknowledge_due"] = past
    if respond:
        changes["respond_due"] = past
    FeedbackItem.objects.filter(pk=item.pk).update(**changes)


def _overdue_notes(item: FeedbackItem) -> list[Notification]:
    return [
        n
        for n in Notification.objects.filter(link=intake.item_link(item))
        if n.title_text.get("msgid") in (ACK, RESPOND)
    ]


def test_a_late_acknowledgement_is_told_once(users_a: dict[Role, Any]) -> None:
    item = _record(users_a)
    assert notify_overdue() == 0  # nothing late yet
    _late(item)
    out = io.StringIO()
    call_command("notify_overdue_feedback", stdout=out)
    assert "1 overdue feedback item(s) notified." in out.getvalue()
    notes = _overdue_notes(item)
    # no handler yet: the organisation's handlers (programme manager, protection officer)
    assert {n.recipient for n in notes} == {
        users_a[Role.PROGRAMME_MANAGER],
        users_a[Role.PROTECTION_OFFICER],
    }
    assert {n.title_text["msgid"] for n in notes} == {ACK}
    assert notes[0].title_text["params"] == {"number": item.number}  # the reference only
    assert notes[0].body_text == {}
    assert notify_overdue() == 0  # told once
    item.refresh_from_db()
    assert item.overdue_notified == "acknowledge"


def test_the_missed_response_is_told_once_more_to_the_handler(users_a: dict[Role, Any]) -> None:
    item = _record(users_a)
    _late(item)
    assert notify_overdue() == 1
    officer = users_a[Role.PROTECTION_OFFICER]
    workflow.assign(actor=users_a[Role.PROGRAMME_MANAGER], item=item, handler=officer)
    assert notify_overdue() == 0  # acknowledged: nothing more until the response is due
    _late(item, acknowledge=False, respond=True)
    assert notify_overdue() == 1
    told = [n for n in _overdue_notes(item) if n.title_text["msgid"] == RESPOND]
    assert [n.recipient for n in told] == [officer]  # its handler now, nobody else
    assert notify_overdue() == 0


def test_both_deadlines_missed_are_told_once_as_the_response(users_a: dict[Role, Any]) -> None:
    item = _record(users_a)
    _late(item, respond=True)
    assert notify_overdue() == 1
    assert {n.title_text["msgid"] for n in _overdue_notes(item)} == {RESPOND}
    assert notify_overdue() == 0


def test_an_item_answered_or_closed_in_time_is_not_overdue(users_a: dict[Role, Any]) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    item = _record(users_a)
    workflow.acknowledge(actor=manager, item=item)
    item = workflow.respond(actor=manager, item=item, response="Nous vous rappelons demain.")
    _late(item, respond=True)
    assert notify_overdue() == 0
    assert _overdue_notes(item) == []


def test_a_late_sensitive_item_is_told_to_the_focal_points_never_to_the_implicated(
    users_a: dict[Role, Any],
) -> None:
    manager, focal = users_a[Role.PROGRAMME_MANAGER], users_a[Role.MHPSS_FOCAL_POINT]
    designations.designate(actor=manager, user=focal)
    designations.designate(actor=manager, user=manager)
    item = _record(users_a, "sea", implicated=[{"kind": "staff", "user": manager}])
    _late(item)
    assert notify_overdue() == 1
    assert {n.recipient for n in _overdue_notes(item)} == {focal}
