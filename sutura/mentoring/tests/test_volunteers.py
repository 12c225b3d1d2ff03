"""Volunteers: managers open, read, change and end profiles; the focal point writes supervision
notes the volunteer never reads; a mentor reads their own profile and nobody else's; an ended
engagement signs in no more (login page, open session, API token); the API does the same."""

from __future__ import annotations

import datetime
import html
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from sutura.access import visible
from sutura.access.mentoring import reads_supervision_notes, volunteer_standing
from sutura.accounts.roles import Role
from sutura.core.dates import date_format
from sutura.mentoring.models import SupervisionNote, Volunteer
from sutura.mentoring.services import volunteers
from sutura.mentoring.services.volunteers import sign_in_refusal
from tests.factories import PASSWORD, UserFactory
from tests.worlds import build_world

pytestmark = pytest.mark.django_db


def _engage(users: dict[Role, Any], **extra: Any) -> Volunteer:
    focal = users[Role.MHPSS_FOCAL_POINT]
    extra.setdefault("starts_on", datetime.date(2025, 10, 1))
    return volunteers.create_volunteer(
        actor=focal,
        user=users[Role.COMMUNITY_MENTOR],
        focal_point=focal,
        languages=["fr", "wo"],
        **extra,
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _end_yesterday(users: dict[Role, Any], volunteer: Volunteer) -> Volunteer:
    return volunteers.end_engagement(
        actor=users[Role.PROGRAMME_MANAGER],
        volunteer=volunteer,
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
        reason="resigned",
        note="Reprend ses études",
    )


# --- pages --------------------------------------------------------------------------------------


def test_a_manager_opens_a_profile_on_a_mentor_account_once_and_lists_it(users_a, locations):
    manager = users_a[Role.PROGRAMME_MANAGER]
    client = _client(manager)
    form = client.get(reverse("mentoring:volunteer_new"))
    assert form.status_code == 200
    data = {
        "user": users_a[Role.COMMUNITY_MENTOR].pk,
        "is_returnee": "on",
        "languages": ["fr", "wo"],
        "areas": [locations["SN-TH"].pk],
        "focal_point": users_a[Role.MHPSS_FOCAL_POINT].pk,
        "starts_on": "2026-01-05",
        "weekly_hours_cap": 12,
        "code_of_conduct_signed_on": "2026-01-05",
        "form_token": str(uuid.uuid4()),
    }
    first = client.post(reverse("mentoring:volunteer_new"), data)
    again = client.post(reverse("mentoring:volunteer_new"), data)
    assert first.status_code == 302 and again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Volunteer.objects.filter(user=users_a[Role.COMMUNITY_MENTOR]).count() == 1
    listed = client.get(reverse("mentoring:volunteers")).content.decode()
    assert users_a[Role.COMMUNITY_MENTOR].get_full_name() in listed
    assert "Thiès" in listed and users_a[Role.MHPSS_FOCAL_POINT].get_full_name() in listed


def test_only_mentor_accounts_without_a_profile_are_offered(users_a, org_a):
    _engage(users_a)
    fresh = UserFactory.create(organisation=org_a, roles=[Role.COMMUNITY_MENTOR], username="fresh")
    page = _client(users_a[Role.MHPSS_FOCAL_POINT]).get(reverse("mentoring:volunteer_new"))
    assert list(page.context["form"].fields["user"].queryset) == [fresh]


def test_the_focal_point_reads_and_adds_supervision_notes_the_mentor_never_sees(users_a):
    volunteer = _engage(users_a)
    focal, mentor = users_a[Role.MHPSS_FOCAL_POINT], users_a[Role.COMMUNITY_MENTOR]
    url = reverse("mentoring:volunteer_note", args=[volunteer.pk])
    token = str(uuid.uuid4())
    for _twice in range(2):
        answer = _client(focal).post(url, {"text": "Semble fatigué", "form_token": token})
        assert answer.status_code == 302
    assert SupervisionNote.objects.filter(volunteer=volunteer).count() == 1
    page = _client(focal).get(reverse("mentoring:volunteer", args=[volunteer.pk])).content.decode()
    assert "Semble fatigué" in page
    own = _client(mentor).get(reverse("mentoring:my_profile"))
    assert own.status_code == 200
    assert "Semble fatigué" not in own.content.decode()
    assert _client(mentor).post(url, {"text": "x"}).status_code == 403
    listed = _api(mentor).get(f"/api/mentoring/volunteers/{volunteer.pk}/notes/")
    assert listed.status_code == 404


def test_the_profile_shows_trainings_engagement_cap_and_code_of_conduct(users_a):
    volunteer = _engage(
        users_a, weekly_hours_cap=12, code_of_conduct_signed_on=timezone.localdate()
    )
    page = _client(users_a[Role.COMMUNITY_MENTOR]).get(reverse("mentoring:my_profile"))
    text = page.content.decode()
    assert "12 heures par semaine" in text or "12 hours a week" in text
    assert page.context["trainings"] == []
    assert page.context["volunteer"] == volunteer
    assert not page.context["standing"].manages  # read-only: no edit or end
    assert reverse("mentoring:volunteer_edit", args=[volunteer.pk]) not in text


def test_a_mentor_cannot_open_another_mentors_profile(users_a, org_a):
    volunteer = _engage(users_a)
    other = UserFactory.create(organisation=org_a, roles=[Role.COMMUNITY_MENTOR], username="other")
    volunteers.create_volunteer(
        actor=users_a[Role.MHPSS_FOCAL_POINT], user=other, starts_on=datetime.date(2025, 11, 1)
    )
    assert (
        _client(other).get(reverse("mentoring:volunteer", args=[volunteer.pk])).status_code == 404
    )
    assert _api(other).get(f"/api/mentoring/volunteers/{volunteer.pk}/").status_code == 404
    listed = _api(other).get("/api/mentoring/volunteers/").json()["results"]
    assert [row["user"]["id"] for row in listed] == [other.pk]


def test_a_stale_edit_is_refused_with_the_input_kept(users_a):
    volunteer = _engage(users_a)
    manager = users_a[Role.PROGRAMME_MANAGER]
    url = reverse("mentoring:volunteer_edit", args=[volunteer.pk])
    form = _client(manager).get(url).context["form"]
    volunteers.update_volunteer(
        actor=manager, volunteer=volunteer, expected_version=volunteer.version, weekly_hours_cap=10
    )
    data = {
        "starts_on": "2025-10-01",
        "weekly_hours_cap": 14,
        "languages": ["fr"],
        "version": form.initial["version"],
    }
    answer = _client(manager).post(url, data)
    assert answer.status_code == 200 and answer.context["form"].errors
    assert answer.context["form"]["weekly_hours_cap"].value() == "14"
    volunteer.refresh_from_db()
    assert volunteer.weekly_hours_cap == 10


def test_ending_an_engagement_explains_the_account_will_sign_in_no_more(users_a):
    volunteer = _engage(users_a)
    client = _client(users_a[Role.PROGRAMME_MANAGER])
    page = client.get(reverse("mentoring:volunteer_end", args=[volunteer.pk])).content.decode()
    assert "sign in" in page or "connect" in page
    answer = client.post(
        reverse("mentoring:volunteer_end", args=[volunteer.pk]),
        {"ends_on": timezone.localdate().isoformat(), "reason": "completed", "note": ""},
    )
    assert answer.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.ends_on == timezone.localdate() and volunteer.end_reason == "completed"


# --- an ended engagement signs in no more -------------------------------------------------------


def test_an_ended_engagement_is_refused_at_the_login_page_with_a_clear_message(users_a):
    mentor = users_a[Role.COMMUNITY_MENTOR]
    _end_yesterday(users_a, _engage(users_a))
    login = {"username": mentor.username, "password": PASSWORD}
    french = Client().post(reverse("accounts:login"), login)
    assert french.status_code == 200 and "_auth_user_id" not in Client().session
    with translation.override("fr"):  # the message in French, with the day it ended
        said = sign_in_refusal(mentor)
        assert date_format(timezone.localdate() - datetime.timedelta(days=1)) in said
    assert html.escape(said) in french.content.decode()
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = english.post(reverse("accounts:login"), login).content.decode()
    assert "Your engagement as a volunteer ended on" in answer
    assert "can no longer sign in" in answer


def test_an_engagement_that_ends_today_still_signs_in_until_midnight(users_a):
    mentor = users_a[Role.COMMUNITY_MENTOR]
    volunteers.end_engagement(
        actor=users_a[Role.PROGRAMME_MANAGER],
        volunteer=_engage(users_a),
        ends_on=timezone.localdate(),
        reason="completed",
    )
    answer = Client().post(
        reverse("accounts:login"), {"username": mentor.username, "password": PASSWORD}
    )
    assert answer.status_code == 302


def test_an_open_session_ends_at_its_next_request_once_the_engagement_ended(users_a):
    volunteer = _engage(users_a)
    client = _client(users_a[Role.COMMUNITY_MENTOR])
    assert client.get(reverse("mentoring:my_profile")).status_code == 200
    _end_yesterday(users_a, volunteer)
    answer = client.get(reverse("mentoring:my_profile"))
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_an_api_token_is_refused_once_the_engagement_ended(users_a):
    mentor = users_a[Role.COMMUNITY_MENTOR]
    volunteer = _engage(users_a)
    issued = APIClient().post(
        reverse("api-token"), {"username": mentor.username, "password": PASSWORD, "name": "phone"}
    )
    assert issued.status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    assert api.get("/api/mentoring/returnees/").status_code == 200
    _end_yesterday(users_a, volunteer)
    refused = api.get("/api/mentoring/returnees/")
    assert refused.status_code in (401, 403)
    assert refused.json()["error"]["code"] in {"not_authenticated", "authentication_failed"}
    again = APIClient().post(
        reverse("api-token"), {"username": mentor.username, "password": PASSWORD, "name": "phone"}
    )
    assert again.status_code in (400, 401, 403)


# --- the API --------------------------------------------------------------------------------------


def test_the_api_opens_a_profile_once_per_key_changes_it_and_ends_it(users_a, locations):
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    client = _api(focal)
    body = {
        "user": users_a[Role.COMMUNITY_MENTOR].pk,
        "languages": ["fr", "ff"],
        "areas": [str(locations["SN-TH"].pk)],
        "focal_point": focal.pk,
        "starts_on": "2026-01-05",
    }
    first = client.post(
        "/api/mentoring/volunteers/", body, format="json", HTTP_IDEMPOTENCY_KEY="v1"
    )
    again = client.post(
        "/api/mentoring/volunteers/", body, format="json", HTTP_IDEMPOTENCY_KEY="v1"
    )
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert first.json()["areas"][0]["name"] and first.json()["engaged"] is True
    pk = first.json()["id"]
    stale = client.patch(
        f"/api/mentoring/volunteers/{pk}/", {"version": 7, "weekly_hours_cap": 9}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale"
    done = client.patch(
        f"/api/mentoring/volunteers/{pk}/", {"version": 1, "weekly_hours_cap": 9}, format="json"
    )
    assert done.status_code == 200 and done.json()["weekly_hours_cap"] == 9
    note = client.post(
        f"/api/mentoring/volunteers/{pk}/notes/", {"text": "Bon contact"}, format="json"
    )
    assert note.status_code == 201
    notes = client.get(f"/api/mentoring/volunteers/{pk}/notes/").json()["results"]
    assert [n["text"] for n in notes] == ["Bon contact"]
    ended = client.post(
        f"/api/mentoring/volunteers/{pk}/end/",
        {"ends_on": "2026-01-04", "reason": "other"},
        format="json",
    )
    assert ended.status_code == 400 and "ends_on" in ended.json()["error"]["fields"]
    ended = client.post(
        f"/api/mentoring/volunteers/{pk}/end/",
        {"ends_on": timezone.localdate().isoformat(), "reason": "moved"},
        format="json",
    )
    assert ended.status_code == 200 and ended.json()["ends_on"] == timezone.localdate().isoformat()


def test_a_mentor_may_not_open_profiles_by_api(users_a):
    answer = _api(users_a[Role.COMMUNITY_MENTOR]).post(
        "/api/mentoring/volunteers/", {}, format="json"
    )
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "permission_denied"


# --- the two forms of the rules agree -------------------------------------------------------------


def test_volunteer_and_note_filters_agree_with_the_standings_for_every_user():
    world = build_world()
    profiles = list(Volunteer.objects.all())
    notes = list(SupervisionNote.objects.select_related("volunteer"))
    assert len(profiles) >= 2 and len(notes) >= 2
    for user in world.users():
        seen = set(visible(user, Volunteer).values_list("pk", flat=True))
        read = set(visible(user, SupervisionNote).values_list("pk", flat=True))
        for volunteer in profiles:
            assert volunteer_standing(user, volunteer).sees is (volunteer.pk in seen), (
                user,
                volunteer,
            )
        for note in notes:
            assert reads_supervision_notes(user, note.volunteer) is (note.pk in read), (user, note)


def test_the_volunteers_list_costs_the_same_queries_for_one_volunteer_or_many(
    users_a, org_a, django_assert_max_num_queries
):
    _engage(users_a)
    client = _client(users_a[Role.PROGRAMME_MANAGER])
    client.get(reverse("mentoring:volunteers"))  # the session and the menu warm up
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("mentoring:volunteers"))
    for n in range(4):
        more = UserFactory.create(
            organisation=org_a, roles=[Role.COMMUNITY_MENTOR], username=f"m{n}"
        )
        volunteers.create_volunteer(
            actor=users_a[Role.MHPSS_FOCAL_POINT],
            user=more,
            focal_point=users_a[Role.MHPSS_FOCAL_POINT],
            starts_on=datetime.date(2025, 12, 1),
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("mentoring:volunteers"))
    assert len(page.context["volunteers"]) == 5


def test_the_managers_home_counts_engaged_volunteers_and_engagements_ending_soon(users_a):
    volunteer = _engage(users_a)
    volunteers.update_volunteer(
        actor=users_a[Role.PROGRAMME_MANAGER],
        volunteer=volunteer,
        expected_version=volunteer.version,
        ends_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    client = _client(users_a[Role.MHPSS_FOCAL_POINT])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the card is found by its English title
    home = client.get(reverse("core:home"))
    with translation.override("en"):
        cards = {str(card.title): card for card in home.context["cards"]}
    card = cards["Volunteers"]
    assert card.data["soon"] == 1 and card.data["ending"] == [volunteer]
    assert reverse("mentoring:volunteer", args=[volunteer.pk]) in home.content.decode()


def test_my_returnees_is_offered_only_to_those_who_follow_returnees(users_a):
    """An outreach volunteer has a profile but no returnees: no button leading to a 403."""
    mentor_page = _client(users_a[Role.COMMUNITY_MENTOR])
    volunteer = _engage(users_a)
    returnees = reverse("mentoring:returnees")
    assert returnees in mentor_page.get(reverse("mentoring:my_profile")).content.decode()
    outreach = users_a[Role.OUTREACH_VOLUNTEER]  # the demo's outreach volunteer has a profile
    Volunteer.objects.filter(pk=volunteer.pk).update(user=outreach)
    page = _client(outreach).get(reverse("mentoring:my_profile"))
    assert page.status_code == 200
    assert returnees not in page.content.decode()
    assert _client(outreach).get(returnees).status_code == 403
