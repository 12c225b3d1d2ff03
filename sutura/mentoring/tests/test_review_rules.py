"""The privacy review's findings on the mentoring app, each a rule now: supervision notes and
check-in notes stay with the mentor's own focal point; nobody takes a mentor over by editing a
profile; an engagement's end, a closed case and a withdrawn consent end the mentor's access;
the mentor reads no free text of the case; the audit log keeps no free text of an activity;
the `back` of a form stays on the site; a focal point assigns only the cases offered to them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sutura.access.mentoring import checkin_standing, reads_supervision_notes
from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.cases.models import Case, CaseStatus
from sutura.cases.services import lifecycle
from sutura.cases.tests.helpers import open_test_case
from sutura.mentoring.models import Assignment, AssignmentEnd
from sutura.mentoring.services import activities, assignments, checkins, volunteers
from sutura.people.consent import record_consent
from sutura.people.models import ConsentPurpose, ConsentStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(users_a: dict[Role, Any]) -> Any:
    class Cast:
        volunteer: Any
        case: Any
        assignment: Any
        focal = users_a[Role.MHPSS_FOCAL_POINT]
        manager = users_a[Role.CASE_MANAGER]
        programme = users_a[Role.PROGRAMME_MANAGER]
        mentor = users_a[Role.COMMUNITY_MENTOR]
        other_focal = UserFactory.create(
            organisation=users_a[Role.MHPSS_FOCAL_POINT].organisation,
            roles=[Role.MHPSS_FOCAL_POINT],
        )

    cast = Cast()
    cast.volunteer = volunteers.create_volunteer(
        actor=cast.focal,
        user=cast.mentor,
        focal_point=cast.focal,
        starts_on=datetime.date(2025, 10, 1),
    )
    cast.case = open_test_case(cast.manager, given_names="Mariétou", family_name="Diouf")
    cast.assignment = assignments.assign_mentor(
        actor=cast.manager,
        case=cast.case,
        mentor=cast.mentor,
        purpose="psychosocial",
        ends_on=timezone.localdate() + datetime.timedelta(days=60),
        note="Victime de traite, suivi médical",
    )
    return cast


def test_another_focal_point_reads_no_supervision_note(cast: Any) -> None:
    volunteers.add_supervision_note(actor=cast.focal, volunteer=cast.volunteer, text="Fatigué")
    assert reads_supervision_notes(cast.focal, cast.volunteer)
    assert reads_supervision_notes(cast.programme, cast.volunteer)
    assert not reads_supervision_notes(cast.other_focal, cast.volunteer)
    api = APIClient()
    api.force_authenticate(cast.other_focal)
    url = f"/api/mentoring/volunteers/{cast.volunteer.pk}/notes/"
    assert api.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        volunteers.add_supervision_note(
            actor=cast.other_focal, volunteer=cast.volunteer, text="Pas le mien"
        )


def test_another_focal_point_cannot_take_a_mentor_over_nor_read_old_check_in_notes(
    cast: Any,
) -> None:
    checkin = checkins.schedule_checkin(
        cast.focal, mentor=cast.mentor, scheduled_on=timezone.localdate()
    )
    checkin = checkins.record_checkin(
        cast.focal,
        checkin,
        expected_version=checkin.version,
        held_on=timezone.localdate(),
        wellbeing="Se sent seul",
    )
    with pytest.raises(ValidationError) as refused:
        volunteers.update_volunteer(
            actor=cast.other_focal,
            volunteer=cast.volunteer,
            expected_version=cast.volunteer.version,
            focal_point=cast.other_focal,
        )
    assert "focal_point" in refused.value.message_dict
    # The programme manager hands the mentor over: neither focal point reads the old notes.
    cast.volunteer.refresh_from_db()
    volunteers.update_volunteer(
        actor=cast.programme,
        volunteer=cast.volunteer,
        expected_version=cast.volunteer.version,
        focal_point=cast.other_focal,
    )
    assert checkin_standing(cast.mentor, checkin).reads_notes
    assert not checkin_standing(cast.other_focal, checkin).reads_notes
    assert not checkin_standing(cast.focal, checkin).reads_notes
    assert not checkin_standing(cast.programme, checkin).reads_notes


def test_an_engagement_ending_today_ends_the_assignments_the_day_after(cast: Any) -> None:
    volunteers.end_engagement(
        actor=cast.programme,
        volunteer=cast.volunteer,
        ends_on=timezone.localdate(),
        reason="resigned",
    )
    cast.assignment.refresh_from_db()
    assert cast.assignment.ends_on == timezone.localdate() and cast.assignment.is_open
    assert (
        assignments.end_expired_assignments(today=timezone.localdate() + datetime.timedelta(days=1))
        == 1
    )
    cast.assignment.refresh_from_db()
    assert cast.assignment.end_reason in (AssignmentEnd.VOLUNTEER_LEFT, AssignmentEnd.PERIOD_OVER)
    assert Case.objects.get(pk=cast.case.pk).mentor_id is None


def test_closing_a_case_ends_the_mentors_view_of_it(cast: Any) -> None:
    mentor = Client()
    mentor.force_login(cast.mentor)
    assert mentor.get(reverse("cases:detail", args=[cast.case.pk])).status_code == 200
    lifecycle.move_case(
        actor=cast.manager,
        case=cast.case,
        to_status=CaseStatus.CLOSED,
        closure_reason="other",
        reason="Parti",
        closed_on=timezone.localdate(),
    )
    assert mentor.get(reverse("cases:detail", args=[cast.case.pk])).status_code == 404
    cast.assignment.refresh_from_db()
    assert cast.assignment.end_reason == AssignmentEnd.CASE_CLOSED
    with pytest.raises((ValidationError, PermissionDenied)):
        activities.log_session(
            actor=cast.mentor,
            case=cast.case,
            occurred_on=timezone.localdate(),
            duration_minutes=30,
            session_kind="supportive",
        )


def test_a_withdrawn_consent_ends_the_assignment_and_none_is_made_without_it(cast: Any) -> None:
    record_consent(
        actor=cast.manager,
        person=cast.case.person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.WITHDRAWN,
        method="verbal",
    )
    cast.assignment.refresh_from_db()
    assert cast.assignment.end_reason == AssignmentEnd.CONSENT_WITHDRAWN
    assert Case.objects.get(pk=cast.case.pk).mentor_id is None
    with pytest.raises(ValidationError):
        assignments.assign_mentor(
            actor=cast.manager,
            case=Case.objects.get(pk=cast.case.pk),
            mentor=cast.mentor,
            purpose="psychosocial",
            ends_on=timezone.localdate() + datetime.timedelta(days=30),
        )


def test_the_mentor_reads_no_note_of_the_assignment(cast: Any) -> None:
    api = APIClient()
    api.force_authenticate(cast.mentor)
    rows = api.get("/api/mentoring/assignments/").json()["results"]
    assert rows and all(row["note"] == "" for row in rows)
    page = Client()
    page.force_login(cast.mentor)
    assert "Victime de traite" not in page.get(reverse("mentoring:returnees")).content.decode()
    api.force_authenticate(cast.manager)
    rows = api.get("/api/mentoring/assignments/").json()["results"]
    assert any(row["note"] == "Victime de traite, suivi médical" for row in rows)


def test_the_audit_log_keeps_no_title_of_an_idea(cast: Any) -> None:
    logged = activities.log_idea(
        actor=cast.mentor,
        title="Aider Fatou Diallo (enceinte)",
        beneficiaries="Fatou et ses enfants",
    )
    entries = AuditEntry.objects.filter(object_id=str(logged.activity.pk))
    text = " ".join(str(entry.changes) for entry in entries)
    assert entries.exists() and "Fatou" not in text


def test_a_former_mentor_sees_no_case_number_and_no_referral_progress(cast: Any, users_a) -> None:
    logged = activities.log_session(
        actor=cast.mentor,
        case=cast.case,
        occurred_on=timezone.localdate(),
        duration_minutes=30,
        session_kind="supportive",
    )
    api = APIClient()
    api.force_authenticate(cast.mentor)
    [row] = api.get("/api/mentoring/activities/").json()["results"]
    assert row["case_number"] == "Mariétou"
    assignments.end_assignment(
        actor=cast.manager, assignment=cast.assignment, reason="no_longer_needed"
    )
    [row] = api.get("/api/mentoring/activities/").json()["results"]
    assert row["case_number"] in (
        "a returnee no longer assigned to you",
        "une personne qui ne vous est plus confiée",
    )
    assert row["referral_status"] == "" and "Mariétou" not in str(row)
    page = Client()
    page.force_login(cast.mentor)
    body = page.get(reverse("mentoring:activity", args=[logged.activity.pk])).content.decode()
    assert cast.case.number not in body


def test_a_forms_back_link_stays_on_the_site(cast: Any) -> None:
    page = Client()
    page.force_login(cast.manager)
    answer = page.post(
        reverse("mentoring:assign", args=[cast.case.pk]) + "?back=/%5Cevil.example",
        {},
    )
    assert "evil.example" not in answer.get("Location", "")


def test_a_focal_point_assigns_only_the_cases_offered_to_them(cast: Any) -> None:
    stranger = open_test_case(cast.manager, given_names="Moussa", family_name="Ba")
    with pytest.raises(PermissionDenied):
        assignments.assign_mentor(
            actor=cast.focal,
            case=stranger,
            mentor=cast.mentor,
            purpose="psychosocial",
            ends_on=timezone.localdate() + datetime.timedelta(days=30),
        )
    # The case their mentor already supports: they may change it.
    assert Assignment.objects.filter(case=cast.case, ended_on__isnull=True).exists()
    assignments.end_assignment(actor=cast.focal, assignment=cast.assignment, reason="other")


def test_outreach_volunteers_are_the_protection_officers_not_the_mentoring_desks(
    users_a: dict[Role, Any],
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    outreach = volunteers.create_volunteer(
        actor=officer,
        user=users_a[Role.OUTREACH_VOLUNTEER],
        kind="outreach",
        starts_on=datetime.date(2026, 1, 1),
    )
    volunteers.add_supervision_note(actor=officer, volunteer=outreach, text="Bonne mobilisation")
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    with pytest.raises(PermissionDenied):
        volunteers.update_volunteer(
            actor=focal, volunteer=outreach, expected_version=outreach.version, focal_point=focal
        )
    api = APIClient()
    api.force_authenticate(focal)
    assert api.get(f"/api/mentoring/volunteers/{outreach.pk}/").status_code == 404
    assert api.get(f"/api/mentoring/volunteers/{outreach.pk}/notes/").status_code == 404
    api.force_authenticate(officer)
    listed = [row["id"] for row in api.get("/api/mentoring/volunteers/").json()["results"]]
    assert listed == [str(outreach.pk)]
    assert api.get(f"/api/mentoring/volunteers/{outreach.pk}/notes/").status_code == 200
    with pytest.raises(ValidationError):
        volunteers.update_volunteer(
            actor=officer, volunteer=outreach, expected_version=outreach.version, focal_point=focal
        )
