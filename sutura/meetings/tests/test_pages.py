"""The meeting pages: recording a meeting, editing it, the list's filters, totals and figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.meetings import attendance, selectors, services
from sutura.meetings.models import AgendaItem, Meeting, MeetingKind, TrainingTopic
from sutura.meetings.tests.conftest import when

pytestmark = pytest.mark.django_db


def _form(**extra: Any) -> dict[str, Any]:
    return {
        "kind": MeetingKind.objects.get(code="training").pk,
        "title": "Formation PSS",
        "starts_at": "2026-02-03T09:00",
        "ends_at": "2026-02-03T17:00",
        "status": "planned",
        "mode": "in_person",
        "address": "Centre de Thiès",
        "agenda": "Accueil\nPremiers secours psychologiques / Khady Ndour\n\n",
        "topics": [TrainingTopic.objects.get(code="psychological_first_aid").pk],
        **extra,
    }


def test_recording_a_meeting_with_its_agenda_and_topics(manager_a: Any, client: Any) -> None:
    client.force_login(manager_a)
    assert client.get(reverse("meetings:create")).status_code == 200
    answer = client.post(reverse("meetings:create"), _form(form_token="t1"))
    assert answer.status_code == 302
    meeting = Meeting.objects.get(title="Formation PSS")
    assert meeting.organisation == manager_a.organisation
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))
    assert [(i.title, i.presenter) for i in items] == [
        ("Accueil", ""),
        ("Premiers secours psychologiques", "Khady Ndour"),
    ]
    assert [t.code for t in meeting.topics.all()] == ["psychological_first_aid"]
    # the same form sent twice records one meeting
    client.post(reverse("meetings:create"), _form(form_token="t1"))
    assert Meeting.objects.filter(title="Formation PSS").count() == 1


def test_the_meeting_page_writes_its_date_once_then_the_times(manager_a: Any, client: Any) -> None:
    client.force_login(manager_a)
    client.post(reverse("meetings:create"), _form(form_token="t2"))
    meeting = Meeting.objects.get(title="Formation PSS")
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "3 février 2026, 09:00 – 17:00" in page
    assert page.count("3 février 2026") == 1


def test_an_online_meeting_needs_its_link_and_a_meeting_in_person_a_place(
    manager_a: Any, client: Any
) -> None:
    client.force_login(manager_a)
    answer = client.post(reverse("meetings:create"), _form(mode="online", address=""))
    assert answer.status_code == 200 and not Meeting.objects.exists()
    answer = client.post(reverse("meetings:create"), _form(address=""))
    assert answer.status_code == 200 and not Meeting.objects.exists()


def test_who_may_open_the_create_page(users_a: dict[Role, Any], client: Any) -> None:
    client.force_login(users_a[Role.COMMUNITY_MENTOR])
    assert client.get(reverse("meetings:create")).status_code == 403
    client.force_login(users_a[Role.CASE_MANAGER])
    assert client.get(reverse("meetings:create")).status_code == 200
    # an unknown context is not found
    assert (
        client.get(reverse("meetings:create") + "?context=nothing&context_id=x").status_code == 404
    )


def test_a_stale_edit_is_refused_and_keeps_the_input(
    manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    client.force_login(manager_a)
    data = _form(
        kind=meeting_a.kind.pk, title="Titre corrigé", topics=[], version=meeting_a.version
    )
    services.update_meeting(manager_a, meeting_a, expected_version=1, title="Entre-temps")
    answer = client.post(reverse("meetings:edit", args=[meeting_a.pk]), data)
    assert answer.status_code == 200 and "Titre corrigé" in answer.content.decode()
    meeting_a.refresh_from_db()
    assert meeting_a.title == "Entre-temps"


def test_minutes_are_written_and_shown(manager_a: Any, meeting_a: Meeting, client: Any) -> None:
    client.force_login(manager_a)
    answer = client.post(
        reverse("meetings:minutes", args=[meeting_a.pk]),
        {"minutes": "Tout le monde était là.", "status": "held", "version": 1},
    )
    assert answer.status_code == 302
    page = client.get(reverse("meetings:detail", args=[meeting_a.pk])).content.decode()
    assert "Tout le monde était là." in page


def test_facilitators_are_users_or_named_outsiders(
    users_a: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    client.force_login(manager_a)
    url = reverse("meetings:facilitator_add", args=[meeting_a.pk])
    assert client.post(url, {"user": users_a[Role.MHPSS_FOCAL_POINT].pk}).status_code == 302
    assert (
        client.post(url, {"name": "Rokhaya Diallo", "organisation_name": "Réseau"}).status_code
        == 302
    )
    assert client.post(url, {}).status_code == 200
    assert [str(f) for f in selectors.facilitators_of(manager_a, meeting_a)] == [
        users_a[Role.MHPSS_FOCAL_POINT].get_full_name() or users_a[Role.MHPSS_FOCAL_POINT].username,
        "Rokhaya Diallo",
    ]


def test_totals_by_category_sex_and_age_with_counts(manager_a: Any, meeting_a: Meeting) -> None:
    attendance.add_participant(
        manager_a, meeting_a, name="A", category="government", sex="female", age_group="25_59"
    )
    attendance.add_participant(
        manager_a, meeting_a, name="B", category="government", sex="male", age_group="18_24"
    )
    attendance.add_participant(
        manager_a, meeting_a, name="C (invitée)", invited=True, attended=False
    )
    attendance.set_count(
        manager_a, meeting_a, category="community", sex="female", age_group="18_24", count=40
    )
    totals = selectors.meeting_totals(manager_a, meeting_a)
    assert totals.total == 42
    assert totals.by_category == {"government": 2, "community": 40}
    assert totals.by_sex == {"female": 41, "male": 1}
    assert totals.by_age == {"25_59": 1, "18_24": 41}
    # setting a cell again replaces it; 0 removes it
    attendance.set_count(
        manager_a, meeting_a, category="community", sex="female", age_group="18_24", count=10
    )
    assert selectors.meeting_totals(manager_a, meeting_a).total == 12


def test_figures_across_the_meetings_the_user_sees(
    users_b: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    attendance.add_participant(manager_a, meeting_a, name="A", sex="female")
    other = services.create_meeting(
        manager_a,
        kind=MeetingKind.objects.get(code="awareness_session"),
        title="Sensibilisation",
        starts_at=when(-400),
        address="Kayes",
    )
    attendance.set_count(
        manager_a, other, category="community", sex="male", age_group="25_59", count=30
    )
    totals, meetings = selectors.figures_for(manager_a, selectors.MeetingFilters())
    assert (totals.total, meetings) == (31, 2)
    totals, meetings = selectors.figures_for(manager_a, selectors.MeetingFilters(period="year"))
    assert (totals.total, meetings) == (1, 1)
    totals, _ = selectors.figures_for(manager_a, selectors.MeetingFilters(kind="awareness_session"))
    assert totals.total == 30
    b_totals, b_meetings = selectors.figures_for(
        users_b[Role.PROGRAMME_MANAGER], selectors.MeetingFilters()
    )
    assert (b_totals.total, b_meetings) == (0, 0)
    client.force_login(manager_a)
    page = client.get(reverse("meetings:figures") + "?kind=awareness_session").content.decode()
    assert "30" in page


def test_the_list_filters(
    users_a: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    casemanager = users_a[Role.CASE_MANAGER]
    client.force_login(casemanager)
    page = client.get(reverse("meetings:list")).content.decode()
    assert "Coordination de janvier" in page
    page = client.get(reverse("meetings:list") + "?mine=on").content.decode()
    assert "Coordination de janvier" not in page
    attendance.add_participant(manager_a, meeting_a, user=casemanager)
    page = client.get(reverse("meetings:list") + "?mine=on").content.decode()
    assert "Coordination de janvier" in page
    page = client.get(reverse("meetings:list") + "?kind=training").content.decode()
    assert "Coordination de janvier" not in page
    page = client.get(reverse("meetings:list") + "?period=upcoming").content.decode()
    assert "Coordination de janvier" not in page
    page = client.get(reverse("meetings:list") + "?context=own").content.decode()
    assert "Coordination de janvier" in page
