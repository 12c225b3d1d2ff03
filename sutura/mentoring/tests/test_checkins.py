"""Monthly check-ins: planned and recorded by the mentor's focal point; the notes are the
mentor's own record (read by the mentor and their focal point, never by a programme manager
nor another focal point); missed ones flagged on both home pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sutura.access import visible
from sutura.access.mentoring import checkin_filter, checkin_standing
from sutura.mentoring.models import CheckIn
from sutura.mentoring.services import checkins
from sutura.mentoring.tests.report_world import client_of

pytestmark = pytest.mark.django_db

NOTE = "Fatigué"  # the world's held check-in's well-being note


def test_a_programme_manager_sees_that_a_checkin_took_place_never_its_notes(cast) -> None:
    held = cast.part["checkin_held"]
    manager = client_of(cast.manager)
    page = manager.get(f"/mentoring/checkins/{held.pk}/")
    assert page.status_code == 200 and NOTE not in page.content.decode()
    answer = manager.get(f"/api/mentoring/checkins/{held.pk}/").json()
    assert answer["status"] == "held" and answer["notes"] is None
    listed = manager.get("/api/mentoring/checkins/").json()["results"]
    assert listed and all(row["notes"] is None for row in listed)
    for reader in (cast.mentor, cast.focal):
        assert NOTE in client_of(reader).get(f"/mentoring/checkins/{held.pk}/").content.decode()
        api = client_of(reader).get(f"/api/mentoring/checkins/{held.pk}/").json()
        assert api["notes"]["wellbeing"] == NOTE


def test_another_focal_point_reads_no_notes_of_mentors_they_do_not_supervise(cast) -> None:
    held = cast.part["checkin_held"]
    other = client_of(cast.focal2)
    assert other.get(f"/mentoring/checkins/{held.pk}/").status_code == 404
    assert other.get(f"/api/mentoring/checkins/{held.pk}/").status_code == 404
    assert checkin_standing(cast.focal2, held).reads_notes is False
    # focal2's own mentor: focal2 reads; the first focal point does not
    theirs = checkins.schedule_checkin(
        cast.focal2, mentor=cast.mentor3, scheduled_on=timezone.localdate()
    )
    checkins.record_checkin(
        cast.focal2,
        theirs,
        expected_version=theirs.version,
        held_on=timezone.localdate(),
        wellbeing="Secret",
    )
    assert client_of(cast.focal).get(f"/mentoring/checkins/{theirs.pk}/").status_code == 404
    assert (
        "Secret" in client_of(cast.focal2).get(f"/mentoring/checkins/{theirs.pk}/").content.decode()
    )


def test_a_focal_point_plans_only_for_their_mentors(cast) -> None:
    with pytest.raises(PermissionDenied):
        checkins.schedule_checkin(
            cast.focal, mentor=cast.mentor3, scheduled_on=timezone.localdate()
        )
    answer = client_of(cast.focal).post(
        "/api/mentoring/checkins/",
        {"mentor": cast.mentor3.pk, "scheduled_on": "2026-02-01"},
        HTTP_IDEMPOTENCY_KEY="k-plan",
    )
    assert answer.status_code == 403


def test_a_mentor_cannot_open_another_mentors_checkin(cast) -> None:
    held = cast.part["checkin_held"]
    other = client_of(cast.mentor2)
    assert other.get(f"/mentoring/checkins/{held.pk}/").status_code == 404
    assert other.get(f"/api/mentoring/checkins/{held.pk}/").status_code == 404
    assert other.get("/api/mentoring/checkins/").json()["results"] == []
    # the mentor reads their own but does not record it
    assert client_of(cast.mentor).post(f"/mentoring/checkins/{held.pk}/cancel/").status_code == 404


def test_a_missed_checkin_is_flagged_on_both_home_pages(cast) -> None:
    missed = checkins.schedule_checkin(
        cast.focal,
        mentor=cast.mentor2,
        scheduled_on=timezone.localdate() - datetime.timedelta(days=6),
    )
    assert missed.is_missed
    assert f"/mentoring/checkins/{missed.pk}/" in client_of(cast.mentor2).get("/").content.decode()
    assert f"/mentoring/checkins/{missed.pk}/" in client_of(cast.focal).get("/").content.decode()
    supervision = client_of(cast.focal).get("/mentoring/supervision/").content.decode()
    assert f"/mentoring/checkins/{missed.pk}/" in supervision
    # recorded: no longer missed
    checkins.record_checkin(
        cast.focal, missed, expected_version=missed.version, held_on=timezone.localdate()
    )
    assert (
        f"/mentoring/checkins/{missed.pk}/" not in client_of(cast.mentor2).get("/").content.decode()
    )


def test_the_focal_point_records_a_checkin_from_its_page(cast) -> None:
    planned = cast.part["checkin_planned"]
    focal = client_of(cast.focal)
    answer = focal.post(
        f"/mentoring/checkins/{planned.pk}/record/",
        {
            "held_on": timezone.localdate().isoformat(),
            "wellbeing": "Serein",
            "difficulties": "",
            "ideas": "",
            "actions": "Appeler",
            "version": planned.version,
        },
    )
    assert answer.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "held" and planned.wellbeing == "Serein"
    future = checkins.schedule_checkin(
        cast.focal, mentor=cast.mentor, scheduled_on=timezone.localdate()
    )
    early = focal.post(
        f"/mentoring/checkins/{future.pk}/record/",
        {
            "held_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "version": future.version,
        },
    )
    assert early.status_code == 200  # not recorded before it is held
    future.refresh_from_db()
    assert future.status == "scheduled"


def test_the_checkin_filter_and_standing_agree_for_every_user(cast) -> None:
    checkins.schedule_checkin(cast.focal2, mentor=cast.mentor3, scheduled_on=timezone.localdate())
    all_checkins = list(CheckIn.objects.all())
    for user in [*cast.world.users(), cast.mentor2, cast.focal2, cast.mentor3]:
        seen = set(visible(user, CheckIn).values_list("pk", flat=True))
        q = checkin_filter(user)
        assert seen == (set(CheckIn.objects.filter(q).values_list("pk", flat=True)) if q else set())
        for checkin in all_checkins:
            standing = checkin_standing(user, checkin)
            assert standing.sees is (checkin.pk in seen), (user, checkin)
            if standing.reads_notes or standing.records:
                assert standing.sees


def test_a_mentor_without_a_checkin_for_35_days_is_flagged_on_both_homes(cast) -> None:
    from django.utils.translation import gettext

    from sutura.mentoring.home_parts.reports import cards
    from sutura.mentoring.selectors.checkins import without_checkin

    assert [o.volunteer.user for o in without_checkin(cast.focal)] == [cast.mentor2]
    assert gettext("Next check-in") in [str(card.title) for card in cards(cast.mentor2)]
    focal_cards = {str(card.title): card for card in cards(cast.focal)}
    assert gettext("Check-ins overdue or missed") in focal_cards
    supervision = client_of(cast.focal).get("/mentoring/supervision/").content.decode()
    assert supervision.count('class="overdue-list"') == 1  # mentor2 (A's mentor had one)
