"""Peer-support groups: an MHPSS co-facilitator always; sessions recorded from the group's
page (returnees by name, others counted), through the meetings app; who reaches them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sutura.access import visible
from sutura.access.mentoring import group_filter, group_standing
from sutura.meetings.models import AttendanceCount, Meeting, Participant
from sutura.mentoring.models import PEER_GROUP_CONTEXT, PeerGroup
from sutura.mentoring.services import groups
from sutura.mentoring.tests.report_world import client_of

pytestmark = pytest.mark.django_db


def test_a_peer_group_needs_an_mhpss_staff_co_facilitator(cast) -> None:
    with pytest.raises(ValidationError) as refused:
        groups.create_group(
            cast.mentor,
            mentor=cast.mentor,
            name="Groupe",
            description="",
            co_facilitator=cast.case_manager,
            location=None,
            starts_on=timezone.localdate(),
            ends_on=None,
        )
    assert "co_facilitator" in refused.value.message_dict


def test_the_mentor_records_a_session_with_returnees_by_name_and_counts(cast) -> None:
    group = cast.part["group"]
    client = client_of(cast.mentor)
    page = client.get(f"/mentoring/groups/{group.pk}/")
    assert page.status_code == 200
    assert cast.world.a.case.person.given_names in page.content.decode()
    day = timezone.localdate() - datetime.timedelta(days=1)
    data = {
        "on": day.isoformat(),
        "starts": "09:00",
        "ends": "11:00",
        "status": "held",
        "persons": [str(cast.world.a.case.person.pk)],
        "count_male_25_59": "3",
        "form_token": "t-session-1",
    }
    first = client.post(f"/mentoring/groups/{group.pk}/sessions/new/", data)
    again = client.post(f"/mentoring/groups/{group.pk}/sessions/new/", data)
    assert first.status_code == again.status_code == 302
    sessions = Meeting.objects.filter(
        context_kind=PEER_GROUP_CONTEXT, context_id=group.pk, starts_at__date=day
    )
    assert sessions.count() == 1  # sent twice, recorded once
    session = sessions.get()
    assert session.kind.code == "peer_support_session" and session.status == "held"
    assert list(Participant.objects.filter(meeting=session).values_list("person", flat=True)) == [
        cast.world.a.case.person.pk
    ]
    assert AttendanceCount.objects.get(meeting=session).count == 3


def test_a_mentor_cannot_name_a_person_who_is_not_their_returnee(cast) -> None:
    with pytest.raises(ValidationError):
        groups.record_session(
            cast.mentor,
            cast.part["group"],
            on=timezone.localdate(),
            starts=datetime.time(9),
            ends=datetime.time(10),
            persons=[cast.world.a.other_case.person],
        )


def test_the_meetings_pages_of_a_session_open_for_the_mentor_and_nobody_else(cast) -> None:
    session = cast.part["session"]
    mentor = client_of(cast.mentor)
    assert mentor.get(f"/meetings/{session.pk}/").status_code == 200
    assert mentor.get(f"/meetings/{session.pk}/participants/new/").status_code == 200
    assert mentor.get(f"/meetings/{session.pk}/edit/").status_code == 200
    assert mentor.get(reverse("meetings:counts", kwargs={"pk": session.pk})).status_code == 200
    for outsider in (cast.mentor2, cast.case_manager, cast.focal2, cast.me_officer):
        assert client_of(outsider).get(f"/meetings/{session.pk}/").status_code == 404, outsider


def test_a_mentor_cannot_open_another_mentors_group(cast) -> None:
    group = cast.part["group"]
    other = client_of(cast.mentor2)
    assert other.get(f"/mentoring/groups/{group.pk}/").status_code == 404
    assert other.get(f"/mentoring/groups/{group.pk}/edit/").status_code == 404
    assert other.get(f"/api/mentoring/groups/{group.pk}/").status_code == 404
    assert other.get(f"/api/mentoring/groups/{group.pk}/sessions/").status_code == 404
    assert other.get("/api/mentoring/groups/").json()["results"] == []
    assert client_of(cast.mentor).get(f"/api/mentoring/groups/{group.pk}/").status_code == 200


def test_the_group_filter_and_standing_agree_for_every_user(cast) -> None:
    all_groups = list(PeerGroup.objects.all())
    assert len(all_groups) >= 2
    for user in [*cast.world.users(), cast.mentor2, cast.focal2, cast.mentor3]:
        seen = set(visible(user, PeerGroup).values_list("pk", flat=True))
        q = group_filter(user)
        filtered = set(PeerGroup.objects.filter(q).values_list("pk", flat=True)) if q else set()
        assert seen == filtered
        for group in all_groups:
            standing = group_standing(user, group)
            assert standing.sees is (group.pk in seen), (user, group)
            if standing.records:
                assert standing.sees
