"""Action items: on the responsible person's home page until done, flagged when overdue."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from sutura.access import can
from sutura.accounts.roles import Perm, Role
from sutura.meetings import services
from sutura.meetings.models import ActionStatus, Meeting

pytestmark = pytest.mark.django_db


def _home(client: Any, user: Any) -> str:
    client.force_login(user)
    return client.get(reverse("core:home")).content.decode()


def test_an_action_item_appears_on_the_responsible_persons_home_page_and_leaves_when_done(
    users_a: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    casemanager = users_a[Role.CASE_MANAGER]
    item = services.add_action_item(
        manager_a,
        meeting_a,
        what="Relancer les services",
        responsible_user=casemanager,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    page = _home(client, casemanager)
    assert "Relancer les services" in page
    assert reverse("meetings:action", args=[item.pk]) in page
    assert "overdue" not in page
    # someone else's home page does not show it
    assert "Relancer les services" not in _home(client, users_a[Role.MHPSS_FOCAL_POINT])
    # the responsible person updates their own item from the link, with a progress note
    client.force_login(casemanager)
    answer = client.post(
        reverse("meetings:action", args=[item.pk]),
        {"status": "done", "progress_note": "Tous relancés", "version": item.version},
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE and item.done_on == timezone.localdate()
    assert item.progress_note == "Tous relancés"
    assert "Relancer les services" not in _home(client, casemanager)


def test_an_overdue_item_is_flagged_and_a_cancelled_one_leaves(
    users_a: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    coordinator = users_a[Role.NRM_COORDINATOR]
    item = services.add_action_item(
        manager_a,
        meeting_a,
        what="Mettre à jour la liste",
        responsible_user=coordinator,
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    assert item.is_overdue
    page = _home(client, coordinator)
    assert "Mettre à jour la liste" in page and "badge overdue" in page
    services.set_action_status(
        coordinator, item, expected_version=item.version, status=ActionStatus.CANCELLED
    )
    assert "Mettre à jour la liste" not in _home(client, coordinator)


def test_an_organisations_item_shows_to_its_staff_who_record_meetings(
    users_a: dict[Role, Any],
    users_b: dict[Role, Any],
    manager_a: Any,
    meeting_a: Meeting,
    client: Any,
) -> None:
    org_b = users_b[Role.PROGRAMME_MANAGER].organisation
    item = services.add_action_item(
        manager_a, meeting_a, what="Désigner un point focal", responsible_organisation=org_b
    )
    assert "Désigner un point focal" in _home(client, users_b[Role.PROGRAMME_MANAGER])
    assert "Désigner un point focal" not in _home(client, users_b[Role.PROVIDER_AGENT])
    # B's manager may update it; A's mentor may not (403 on the page: seen, not theirs)
    client.force_login(users_b[Role.PROGRAMME_MANAGER])
    answer = client.post(
        reverse("meetings:action", args=[item.pk]),
        {"status": "in_progress", "progress_note": "En cours", "version": item.version},
    )
    assert answer.status_code == 302
    client.force_login(users_b[Role.CASE_MANAGER])
    assert client.get(reverse("meetings:action", args=[item.pk])).status_code == 200


def test_only_the_responsible_person_or_who_records_updates_an_item(
    users_a: dict[Role, Any],
    users_b: dict[Role, Any],
    manager_a: Any,
    meeting_a: Meeting,
    client: Any,
) -> None:
    item = services.add_action_item(
        manager_a, meeting_a, what="Préparer", responsible_user=users_a[Role.CASE_MANAGER]
    )
    with pytest.raises(PermissionDenied):
        services.set_action_status(
            users_a[Role.COMMUNITY_MENTOR], item, expected_version=item.version, status="done"
        )
    client.force_login(users_b[Role.CASE_MANAGER])
    assert client.get(reverse("meetings:action", args=[item.pk])).status_code == 404


def test_a_stale_update_is_refused_with_a_message(
    users_a: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    casemanager = users_a[Role.CASE_MANAGER]
    item = services.add_action_item(
        manager_a, meeting_a, what="Préparer", responsible_user=casemanager
    )
    services.set_action_status(manager_a, item, expected_version=1, status="in_progress")
    client.force_login(casemanager)
    answer = client.post(
        reverse("meetings:action", args=[item.pk]),
        {"status": "done", "progress_note": "Fini", "version": 1},
    )
    assert answer.status_code == 200
    assert "Fini" in answer.content.decode()  # the input is kept
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_a_decision_with_an_action_from_the_page(
    users_a: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    client.force_login(manager_a)
    answer = client.post(
        reverse("meetings:decision_add", args=[meeting_a.pk]),
        {
            "text": "Relancer chaque mardi",
            "what": "Relancer",
            "responsible_user": users_a[Role.CASE_MANAGER].pk,
            "due_on": "2030-01-01",
        },
    )
    assert answer.status_code == 302
    page = client.get(reverse("meetings:detail", args=[meeting_a.pk])).content.decode()
    assert "Relancer chaque mardi" in page and "Relancer" in page
    assert "Relancer" in _home(client, users_a[Role.CASE_MANAGER])


def test_the_meeting_page_links_an_item_only_for_those_who_may_update_it(
    users_a: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    """Someone who sees the meeting through their own item sees the others' items as text, not
    as links to a 403."""
    first, second = [user for user in users_a.values() if not can(user, Perm.RECORD_MEETINGS)][:2]
    mine = services.add_action_item(manager_a, meeting_a, what="Préparer", responsible_user=first)
    theirs = services.add_action_item(manager_a, meeting_a, what="Inviter", responsible_user=second)
    client.force_login(first)
    body = client.get(reverse("meetings:detail", args=[meeting_a.pk])).content.decode()
    assert "Préparer" in body and "Inviter" in body
    assert reverse("meetings:action", args=[mine.pk]) in body
    assert reverse("meetings:action", args=[theirs.pk]) not in body
    assert client.get(reverse("meetings:action", args=[theirs.pk])).status_code == 403
