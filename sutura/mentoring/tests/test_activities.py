"""The activity log: a mentor logs a session, an event, an accompaniment or an idea in one
short step; a distress flag refers the returnee to the focal point in the same step (or alerts
them when it cannot); a form sent twice makes one record; each reads only what they may."""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from sutura.access import visible
from sutura.access.mentoring import activity_filter, activity_standing
from sutura.accounts.roles import Role
from sutura.cases.tests.helpers import open_test_case
from sutura.mentoring.models import Activity, ActivityCount, ActivityKind, Volunteer
from sutura.mentoring.selectors import activities as selectors
from sutura.mentoring.services import activities as services
from sutura.mentoring.services import assignments, volunteers
from sutura.mentoring.services.activities import Alert
from sutura.notifications.models import Notification
from sutura.referrals.models import Referral
from sutura.referrals.tests.helpers import referable_case
from tests.factories import UserFactory, seed_test_locations

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _mentor(focal: Any, mentor: Any) -> Volunteer:
    return volunteers.create_volunteer(
        actor=focal,
        user=mentor,
        focal_point=focal,
        languages=["fr"],
        starts_on=datetime.date(2025, 1, 1),
    )


def _assign(manager: Any, case: Any, mentor: Any) -> None:
    assignments.assign_mentor(
        actor=manager,
        case=case,
        mentor=mentor,
        purpose="psychosocial",
        starts_on=TODAY() - datetime.timedelta(days=10),
        ends_on=TODAY() + datetime.timedelta(days=60),
    )


@pytest.fixture
def w(users_a: dict[Role, Any], users_b: dict[Role, Any]) -> Any:
    manager = users_a[Role.CASE_MANAGER]
    mentor, focal = users_a[Role.COMMUNITY_MENTOR], users_a[Role.MHPSS_FOCAL_POINT]
    _mentor(focal, mentor)
    consented = referable_case(manager, given_names="Awa", phone="+221770000001")
    no_consent = open_test_case(manager, given_names="Binta")
    not_mine = referable_case(manager, given_names="Coumba")
    _assign(manager, consented, mentor)
    _assign(manager, no_consent, mentor)
    mentor2 = UserFactory.create(
        username="a-mentor2", organisation=manager.organisation, roles=[Role.COMMUNITY_MENTOR]
    )
    _mentor(focal, mentor2)
    _assign(manager, not_mine, mentor2)
    return SimpleNamespace(
        a=users_a,
        b=users_b,
        manager=manager,
        mentor=mentor,
        mentor2=mentor2,
        focal=focal,
        case=consented,
        no_consent=no_consent,
        not_mine=not_mine,
    )


def _session(w: Any, **extra: Any) -> services.Logged:
    data: dict[str, Any] = {
        "actor": w.mentor,
        "case": w.case,
        "occurred_on": TODAY(),
        "duration_minutes": 30,
        "session_kind": "supportive",
        "topics": ["wellbeing"],
    }
    if extra.get("distress"):
        data["distress_reason"] = "Ne dort plus"
    return services.log_session(**{**data, **extra})


def test_a_distress_flag_needs_a_few_words_for_the_focal_point(w: Any, client: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.log_session(
            actor=w.mentor,
            case=w.case,
            occurred_on=TODAY(),
            duration_minutes=30,
            session_kind="pfa",
            distress=True,
        )
    assert "distress_reason" in refused.value.message_dict
    assert not Activity.objects.filter(mentor=w.mentor).exists()
    client.force_login(w.mentor)
    page = client.get(reverse("mentoring:log_session"))
    form = page.context["form"]
    answer = client.post(
        reverse("mentoring:log_session"),
        {
            "id": form["id"].value(),
            "form_token": uuid.uuid4().hex,
            "returnee": str(w.case.pk),
            "occurred_on": TODAY().isoformat(),
            "duration_minutes": 30,
            "session_kind": "pfa",
            "distress": "on",
            "note": "Gardé sur le formulaire",
        },
    )
    assert answer.status_code == 200  # the form again, with the message and the input kept
    assert "distress_reason" in answer.context["form"].errors
    assert "Gardé sur le formulaire" in answer.content.decode()
    assert not Activity.objects.filter(mentor=w.mentor).exists()


def test_a_distress_flag_refers_the_returnee_to_the_focal_point_in_the_same_step(w: Any) -> None:
    logged = _session(w, distress=True)
    assert logged.alert == Alert.REFERRED
    referral = logged.activity.referral
    assert referral is not None and referral.status == "sent"
    assert referral.to_user_id == w.focal.pk
    assert set(referral.shared_sections) == {"identity", "contact"}
    assert Activity.objects.get(pk=logged.activity.pk).referral_id == referral.pk


def test_a_second_flag_while_the_first_referral_is_under_way_adds_to_it(w: Any) -> None:
    first = _session(w, distress=True)
    second = _session(w, distress=True, distress_reason="Parle de partir à nouveau")
    assert second.alert == Alert.ADDED
    assert Referral.objects.filter(case=w.case).count() == 1
    referral = first.activity.referral
    assert referral is not None
    assert Activity.objects.get(pk=second.activity.pk).referral_id == referral.pk
    assert referral.transitions.filter(reason="Parle de partir à nouveau").exists()
    assert Notification.objects.filter(recipient=w.focal).count() == 2  # sent, then the update
    # Once the focal point has finished with it, a new flag makes a new referral.
    Referral.objects.filter(pk=referral.pk).update(status="closed", closure_reason="unreachable")
    third = _session(w, distress=True)
    assert third.alert == Alert.REFERRED
    assert Referral.objects.filter(case=w.case).count() == 2


def test_without_referral_consent_the_session_is_kept_and_the_focal_point_alerted(w: Any) -> None:
    logged = _session(w, case=w.no_consent, distress=True)
    assert logged.alert == Alert.NO_CONSENT
    assert Activity.objects.filter(pk=logged.activity.pk, distress=True, referral=None).exists()
    assert not Referral.objects.filter(case=w.no_consent).exists()
    alert = Notification.objects.get(recipient=w.focal)
    assert alert.body_text["params"] == {"number": w.no_consent.number}
    assert "Binta" not in str(alert.title_text) + str(alert.body_text)


def test_someone_not_registered_in_distress_alerts_the_focal_point(w: Any) -> None:
    logged = _session(w, case=None, sex="male", age_group="18_24", distress=True)
    assert logged.alert == Alert.NOT_REGISTERED
    assert Notification.objects.filter(recipient=w.focal).count() == 1


def test_a_mentor_without_focal_point_alerts_those_who_supervise(w: Any) -> None:
    Volunteer.objects.filter(user=w.mentor).update(focal_point=None)
    logged = _session(w, distress=True)
    assert logged.alert == Alert.NO_FOCAL_POINT
    assert Notification.objects.filter(recipient=w.focal).exists()


def test_a_double_submitted_session_creates_one_record_and_one_referral(w: Any) -> None:
    same = uuid.uuid4()
    first = _session(w, distress=True, id=same)
    second = _session(w, distress=True, id=same)
    assert first.created and not second.created
    assert second.activity.pk == first.activity.pk
    assert Activity.objects.filter(mentor=w.mentor).count() == 1
    assert Referral.objects.filter(case=w.case).count() == 1


def test_the_same_id_from_another_mentor_is_refused(w: Any) -> None:
    first = _session(w)
    with pytest.raises(PermissionDenied):
        services.log_session(
            actor=w.mentor2,
            case=w.not_mine,
            occurred_on=TODAY(),
            duration_minutes=30,
            session_kind="supportive",
            id=first.activity.pk,
        )


def test_a_mentor_cannot_log_for_a_returnee_not_assigned_to_them(w: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        _session(w, case=w.not_mine)
    assert "case" in refused.value.message_dict


def test_an_event_counts_participants_by_group_sex_and_age(w: Any) -> None:
    logged = services.log_event(
        actor=w.mentor,
        occurred_on=TODAY(),
        duration_minutes=120,
        event_kind="awareness",
        title="Causerie",
        counts=[("returnee", "female", "18_24", 3), ("community", "male", "25_59", 7)],
    )
    assert ActivityCount.objects.filter(activity=logged.activity).count() == 2


def test_an_accompaniment_needs_a_place_and_an_assigned_returnee(w: Any) -> None:
    with pytest.raises(ValidationError):
        services.log_accompaniment(
            actor=w.mentor,
            occurred_on=TODAY(),
            duration_minutes=60,
            case=w.case,
            appointment_kind="mhpss",
        )
    logged = services.log_accompaniment(
        actor=w.mentor,
        occurred_on=TODAY(),
        duration_minutes=60,
        case=w.case,
        appointment_kind="mhpss",
        venue="Centre de santé",
        outcome="Vue par la psychologue",
    )
    assert logged.activity.kind == ActivityKind.ACCOMPANIMENT


def test_the_focal_point_moves_an_idea_and_the_mentor_may_not(w: Any) -> None:
    idea = services.log_idea(actor=w.mentor, title="Jardin communautaire").activity
    with pytest.raises(PermissionDenied):
        services.set_idea_status(
            actor=w.mentor, activity=idea, status="adopted", expected_version=1
        )
    services.set_idea_status(actor=w.focal, activity=idea, status="adopted", expected_version=1)
    assert Activity.objects.get(pk=idea.pk).idea_status == "adopted"


def test_only_the_owner_edits_and_a_stale_version_is_refused(w: Any) -> None:
    activity = _session(w).activity
    with pytest.raises(PermissionDenied):
        services.update_activity(actor=w.focal, activity=activity, expected_version=1, note="x")
    services.update_activity(actor=w.mentor, activity=activity, expected_version=1, note="Mieux")
    with pytest.raises(ValidationError):
        services.update_activity(actor=w.mentor, activity=activity, expected_version=1, note="y")


# --- who sees what -------------------------------------------------------------------------------


def test_a_mentor_cannot_open_another_mentors_session(w: Any, client: Any) -> None:
    other = services.log_session(
        actor=w.mentor2,
        case=w.not_mine,
        occurred_on=TODAY(),
        duration_minutes=30,
        session_kind="supportive",
    ).activity
    client.force_login(w.mentor)
    assert client.get(reverse("mentoring:activity", args=[other.pk])).status_code == 404
    assert client.get(f"/api/mentoring/activities/{other.pk}/").status_code == 404


def test_a_case_manager_sees_the_sessions_of_their_cases_only(w: Any) -> None:
    mine = _session(w).activity
    event = services.log_event(
        actor=w.mentor, occurred_on=TODAY(), duration_minutes=60, event_kind="creative", title="x"
    ).activity
    seen = set(visible(w.manager, Activity).values_list("pk", flat=True))
    assert mine.pk in seen and event.pk not in seen
    assert not visible(w.b[Role.CASE_MANAGER], Activity).exists()


def test_the_focal_point_sees_only_their_mentors_activities(w: Any) -> None:
    mine = _session(w).activity
    assert visible(w.focal, Activity).filter(pk=mine.pk).exists()
    assert not visible(w.b[Role.MHPSS_FOCAL_POINT], Activity).exists()


def test_standing_and_filter_agree_on_every_activity(w: Any) -> None:
    records = [
        _session(w, distress=True).activity,
        services.log_idea(actor=w.mentor2, title="Idée").activity,
        services.log_session(
            actor=w.mentor2,
            case=w.not_mine,
            occurred_on=TODAY(),
            duration_minutes=30,
            session_kind="pfa",
        ).activity,
    ]
    users = [*w.a.values(), *w.b.values(), w.mentor2]
    for user in users:
        found = activity_filter(user)
        for record in records:
            by_filter = found is not None and Activity.objects.filter(found, pk=record.pk).exists()
            assert activity_standing(user, record).sees == by_filter, (user.username, record)


def test_the_case_team_reads_the_flag_but_not_the_note(w: Any, client: Any) -> None:
    activity = _session(w, distress=True, note="Dort mal").activity
    rows = selectors.activities_of_case(w.manager, w.case)
    assert rows is not None and [r.pk for r in rows] == [activity.pk]
    client.force_login(w.manager)
    page = client.get(reverse("mentoring:activity", args=[activity.pk])).content.decode()
    assert "Dort mal" not in page
    client.force_login(w.focal)
    assert (
        "Dort mal" in client.get(reverse("mentoring:activity", args=[activity.pk])).content.decode()
    )


# --- pages and API -------------------------------------------------------------------------------


def _form_post(w: Any, client: Any, same: str, token: str) -> Any:
    return client.post(
        reverse("mentoring:log_session"),
        {
            "id": same,
            "form_token": token,
            "returnee": str(w.case.pk),
            "occurred_on": TODAY().isoformat(),
            "duration_minutes": 30,
            "session_kind": "supportive",
            "distress": "on",
            "distress_reason": "Ne dort plus",
        },
    )


def test_a_double_submitted_session_page_makes_one_record_and_one_referral(
    w: Any, client: Any
) -> None:
    client.force_login(w.mentor)
    same = str(uuid.uuid4())
    first = _form_post(w, client, same, uuid.uuid4().hex)
    second = _form_post(w, client, same, uuid.uuid4().hex)  # a fresh page, the same record
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Activity.objects.filter(mentor=w.mentor).count() == 1
    assert Referral.objects.filter(case=w.case).count() == 1


def test_the_session_page_preselects_the_returnee_and_refuses_someone_not_assigned(
    w: Any, client: Any
) -> None:
    client.force_login(w.mentor)
    page = client.get(reverse("mentoring:log_session") + f"?case={w.case.pk}")
    assert page.status_code == 200
    assert f'value="{w.case.pk}" selected' in page.content.decode()
    refused = client.post(
        reverse("mentoring:log_session"),
        {
            "returnee": str(w.not_mine.pk),
            "occurred_on": TODAY().isoformat(),
            "duration_minutes": 30,
            "session_kind": "supportive",
        },
    )
    assert refused.status_code == 200 and not Activity.objects.exists()


def test_the_api_create_is_idempotent_on_the_id(w: Any, client: Any) -> None:
    client.force_login(w.mentor)
    body = {
        "id": str(uuid.uuid4()),
        "kind": "session",
        "case": str(w.case.pk),
        "session_kind": "pfa",
        "distress": True,
        "distress_reason": "Ne dort plus",
    }
    first = client.post("/api/mentoring/activities/", body, content_type="application/json")
    second = client.post("/api/mentoring/activities/", body, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200), first.json()
    assert first.json()["id"] == second.json()["id"] == body["id"]
    assert first.json()["distress_alert"] == "referred"
    assert Referral.objects.filter(case=w.case).count() == 1
    client.force_login(w.mentor2)
    taken = client.post("/api/mentoring/activities/", body, content_type="application/json")
    assert taken.status_code == 403 and taken.json()["error"]["code"] == "permission_denied"


def test_the_api_refuses_a_returnee_not_assigned(w: Any, client: Any) -> None:
    client.force_login(w.mentor)
    body = {"kind": "session", "case": str(w.not_mine.pk), "session_kind": "pfa"}
    answer = client.post("/api/mentoring/activities/", body, content_type="application/json")
    assert answer.status_code == 400 and "case" in answer.json()["error"]["fields"]


def test_a_week_over_the_cap_warns_the_mentor(w: Any, client: Any) -> None:
    Volunteer.objects.filter(user=w.mentor).update(weekly_hours_cap=1)
    client.force_login(w.mentor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the wording checked is the English
    answer = client.post(
        reverse("mentoring:log_event"),
        {
            "occurred_on": TODAY().isoformat(),
            "duration_minutes": 120,
            "event_kind": "creative",
            "title": "Théâtre",
        },
        follow=True,
    )
    assert "over your limit" in answer.content.decode()


def test_me_officers_read_counts_with_small_numbers_hidden(w: Any, client: Any) -> None:
    _session(w)
    client.force_login(w.a[Role.ME_OFFICER])
    answer = client.get("/api/mentoring/activities/counts/")
    assert answer.status_code == 200
    assert answer.json()["months"][0]["by_kind"]["session"] == "<5"
    assert client.get("/api/mentoring/activities/").json()["results"] == []


def test_mentor_and_focal_point_home_cards(w: Any, client: Any) -> None:
    _session(w, case=w.no_consent, distress=True)
    client.force_login(w.mentor)
    home = client.get("/").content.decode()
    assert reverse("mentoring:log_event") in home
    client.force_login(w.focal)
    home = client.get("/").content.decode()
    assert w.no_consent.number in home


def test_the_sessions_join_the_persons_export_and_lose_their_words_on_anonymisation(
    w: Any,
) -> None:
    from sutura.mentoring.models import Assignment
    from sutura.privacy.selectors import person_file
    from sutura.privacy.services import anonymise_person

    activity = _session(
        w, note="Parle de son frère", follow_up_needed=True, follow_up="Appeler"
    ).activity
    exported = dict(person_file(w.case.person))
    assert [a.pk for a in exported[Activity]] == [activity.pk]
    assert len(exported[Assignment]) == 1
    anonymise_person(w.case.person, cause="request")
    kept = Activity.objects.get(pk=activity.pk)
    assert (kept.note, kept.follow_up, kept.session_kind) == ("", "", "supportive")


def test_every_log_page_opens_for_a_mentor_and_none_for_a_case_manager(w: Any, client: Any) -> None:
    names = ["log", "log_session", "log_event", "log_accompaniment", "log_idea"]
    client.force_login(w.mentor)
    for name in names:
        assert client.get(reverse(f"mentoring:{name}")).status_code == 200, name
    client.force_login(w.manager)
    for name in names:
        assert client.get(reverse(f"mentoring:{name}")).status_code == 403, name


def test_the_owner_edits_an_event_and_its_counts_by_page(w: Any, client: Any) -> None:
    event = services.log_event(
        actor=w.mentor,
        occurred_on=TODAY(),
        duration_minutes=60,
        event_kind="creative",
        title="Atelier",
        counts=[("returnee", "female", "18_24", 2)],
    ).activity
    url = reverse("mentoring:activity_edit", args=[event.pk])
    client.force_login(w.focal)
    assert client.get(url).status_code == 403
    client.force_login(w.mentor)
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {
            "version": 1,
            "occurred_on": TODAY().isoformat(),
            "duration_minutes": 90,
            "event_kind": "creative",
            "title": "Atelier peinture",
            "n_community_male_25_59": 6,
        },
    )
    assert answer.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.duration_minutes, event.version) == ("Atelier peinture", 90, 2)
    assert [(c.group, c.count) for c in ActivityCount.objects.filter(activity=event)] == [
        ("community", 6)
    ]


def test_the_focal_point_moves_an_idea_by_page_and_me_reads_counts_in_words(
    w: Any, client: Any
) -> None:
    idea = services.log_idea(actor=w.mentor, title="Jardin").activity
    _session(w, case=None, sex="female", age_group="25_59")
    client.force_login(w.focal)
    page = client.get(reverse("mentoring:activity", args=[idea.pk]))
    assert 'name="idea_status"' in page.content.decode()
    client.post(
        reverse("mentoring:idea_status", args=[idea.pk]), {"idea_status": "adopted", "version": 1}
    )
    assert Activity.objects.get(pk=idea.pk).idea_status == "adopted"
    client.force_login(w.a[Role.ME_OFFICER])
    counts = client.get(reverse("mentoring:activity_counts"))
    assert counts.status_code == 200
    assert "&lt;5" in counts.content.decode()
    month = date_format(TODAY(), "YEAR_MONTH_FORMAT")  # the month in words, not "2026-11"
    assert month.lower() in counts.content.decode().lower()  # « Décembre 2026 » in a list


def test_the_case_page_shows_its_mentoring_to_the_team_without_the_note(
    w: Any, client: Any
) -> None:
    _session(w, case=w.no_consent, distress=True, note="Pleure souvent")
    client.force_login(w.manager)
    page = client.get(reverse("cases:detail", args=[w.no_consent.pk])).content.decode()
    assert 'id="mentoring-activities-title"' in page
    assert "Pleure souvent" not in page
    api = client.get("/api/mentoring/activities/").json()["results"]
    assert [row["texts"] for row in api] == [None]
    assert api[0]["distress"] is True and api[0]["referral_status"] == ""


def test_the_event_form_starts_its_place_picker_at_the_mentors_area(w: Any, client: Any) -> None:
    from sutura.geo.models import Location

    area = Location.objects.filter(name_fr="Mbour").first() or seed_test_locations()["Mbour"]
    Volunteer.objects.get(user=w.mentor).areas.add(area)
    client.force_login(w.mentor)
    page = client.get(reverse("mentoring:log_event"))
    assert page.context["form"]["location"].value() == area.pk
    assert f'<option value="{area.pk}" selected' in page.content.decode()
