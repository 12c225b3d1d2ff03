"""Outreach volunteers: an account in their own role, a `mentoring.Volunteer` profile of kind
outreach opened and supervised by the community protection officer (who gets no hold on the
mentors), shown on the communities their areas cover, with their trainings and supervision
notes; an ended engagement refuses sign-in."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sutura.access import can, visible
from sutura.access.community import manages_outreach, outreach_filter, outreach_volunteers_of
from sutura.accounts.roles import Perm, Role
from sutura.community.models import COMMUNITY_CONTEXT, Community
from sutura.community.selectors import structures as selectors
from sutura.community.services import communities
from sutura.meetings.attendance import add_participant
from sutura.meetings.models import MeetingKind
from sutura.meetings.services import create_meeting
from sutura.mentoring.models import SupervisionNote, Volunteer
from sutura.mentoring.services import volunteers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 5)


@pytest.fixture
def officer(users_b: dict[Role, Any]) -> Any:
    return users_b[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(officer: Any, locations: dict[str, Any]) -> Community:
    return communities.create_community(
        actor=officer, name="Kayes N'Di", location=locations["ML-1"]
    )


@pytest.fixture
def volunteer(officer: Any, users_b: dict[Role, Any], locations: dict[str, Any]) -> Volunteer:
    return volunteers.create_volunteer(
        actor=officer, user=users_b[Role.OUTREACH_VOLUNTEER], kind="outreach",
        areas=[locations["ML-1"]], starts_on=START,
    )  # fmt: skip


def test_an_outreach_volunteer_holds_no_permission_on_anyones_data() -> None:
    from sutura.accounts.roles import permissions_for, sees_personal_data

    # they may tell the directory of a service, and record a complaint someone gave them
    # (which they do not read again: sutura.access.feedback.recorded_by_user)
    assert permissions_for([Role.OUTREACH_VOLUNTEER]) == {
        Perm.PROPOSE_DIRECTORY_CHANGES,
        Perm.RECORD_FEEDBACK,
    }
    assert not sees_personal_data([Role.OUTREACH_VOLUNTEER])


def test_the_officer_opens_a_profile_only_on_an_outreach_volunteers_account(
    officer: Any, users_b: dict[Role, Any], volunteer: Volunteer
) -> None:
    assert volunteer.kind == "outreach" and volunteer.organisation_id == officer.organisation_id
    with pytest.raises(ValidationError):
        volunteers.create_volunteer(
            actor=officer, user=users_b[Role.CASE_MANAGER], kind="outreach", starts_on=START
        )
    with pytest.raises(ValidationError):  # already has a profile
        volunteers.create_volunteer(
            actor=officer, user=users_b[Role.OUTREACH_VOLUNTEER], kind="outreach", starts_on=START
        )


def test_the_officer_gets_no_hold_on_the_mentors(officer: Any, users_b: dict[Role, Any]) -> None:
    assert not can(officer, Perm.MANAGE_VOLUNTEERS)
    with pytest.raises(PermissionDenied):
        volunteers.create_volunteer(
            actor=officer, user=users_b[Role.COMMUNITY_MENTOR], kind="mentor", starts_on=START
        )
    mentor = volunteers.create_volunteer(
        actor=users_b[Role.MHPSS_FOCAL_POINT], user=users_b[Role.COMMUNITY_MENTOR],
        kind="mentor", starts_on=START,
    )  # fmt: skip
    assert not manages_outreach(officer, mentor)
    assert not visible(officer, Volunteer).filter(pk=mentor.pk).exists()
    with pytest.raises(PermissionDenied):
        volunteers.update_volunteer(
            actor=officer, volunteer=mentor, expected_version=mentor.version, is_returnee=False
        )
    with pytest.raises(PermissionDenied):
        volunteers.add_supervision_note(actor=officer, volunteer=mentor, text="Non")


def test_the_officer_supervises_and_the_volunteer_managers_still_manage_outreach_volunteers(
    officer: Any, users_b: dict[Role, Any], users_a: dict[Role, Any], volunteer: Volunteer
) -> None:
    volunteers.add_supervision_note(actor=officer, volunteer=volunteer, text="Bon relais")
    changed = volunteers.update_volunteer(
        actor=officer, volunteer=volunteer, expected_version=volunteer.version,
        languages=["fr", "bm"],
    )  # fmt: skip
    assert changed.languages == ["fr", "bm"]
    manager = users_b[Role.PROGRAMME_MANAGER]
    assert visible(manager, SupervisionNote).filter(volunteer=volunteer).count() == 1
    with pytest.raises(PermissionDenied):
        volunteers.add_supervision_note(
            actor=users_a[Role.PROTECTION_OFFICER], volunteer=volunteer, text="Autre"
        )


def test_manages_outreach_agrees_with_its_filter(
    users_a: dict[Role, Any], users_b: dict[Role, Any], volunteer: Volunteer
) -> None:
    for user in (*users_a.values(), *users_b.values()):
        found = outreach_filter(user)
        listed = found is not None and Volunteer.objects.filter(found, pk=volunteer.pk).exists()
        assert listed == manages_outreach(user, volunteer), user.username


def test_a_community_shows_the_volunteers_whose_areas_cover_it_with_trainings_and_notes(
    officer: Any, community: Community, volunteer: Volunteer, users_b: dict[Role, Any],
    locations: dict[str, Any],
) -> None:  # fmt: skip
    volunteers.add_supervision_note(actor=officer, volunteer=volunteer, text="Bon relais")
    elsewhere = UserFactory.create(
        organisation=officer.organisation, roles=[Role.OUTREACH_VOLUNTEER]
    )
    volunteers.create_volunteer(
        actor=officer, user=elsewhere, kind="outreach", areas=[locations["SN"]], starts_on=START
    )
    country_wide = UserFactory.create(
        organisation=officer.organisation, roles=[Role.OUTREACH_VOLUNTEER]
    )
    volunteers.create_volunteer(
        actor=officer, user=country_wide, kind="outreach", areas=[locations["ML"]],
        starts_on=START,
    )  # fmt: skip
    rows = selectors.outreach_of(officer, community)
    assert {row.volunteer.user_id for row in rows} == {volunteer.user_id, country_wide.pk}
    mine = next(row for row in rows if row.volunteer.pk == volunteer.pk)
    assert [note.text for note in mine.notes] == ["Bon relais"]
    assert not outreach_volunteers_of(users_b[Role.ME_OFFICER], community).exists()
    managers = selectors.outreach_of(users_b[Role.PROGRAMME_MANAGER], community)
    assert next(row.notes for row in managers if row.volunteer.pk == volunteer.pk)


def test_the_volunteers_page_is_for_the_supervising_officer_only(
    officer: Any, users_b: dict[Role, Any], volunteer: Volunteer, client: Any
) -> None:
    url = reverse("community:outreach", kwargs={"pk": volunteer.pk})
    client.force_login(officer)
    assert client.get(url).status_code == 200
    noted = client.post(
        reverse("community:outreach_note", kwargs={"pk": volunteer.pk}),
        {"noted_on": "2026-03-05", "text": "Visite de suivi"},
    )
    assert noted.status_code == 302
    for role in (Role.COMMUNITY_MENTOR, Role.PROVIDER_AGENT, Role.ME_OFFICER):
        client.force_login(users_b[role])
        assert client.get(url).status_code == 404
        assert client.get(reverse("community:outreach_new")).status_code == 404


def test_the_officer_opens_a_profile_from_the_page(
    officer: Any, users_b: dict[Role, Any], locations: dict[str, Any], client: Any
) -> None:
    client.force_login(officer)
    account = users_b[Role.OUTREACH_VOLUNTEER]
    sent = client.post(
        reverse("community:outreach_new"),
        {"user": account.pk, "areas": [locations["ML-1"].pk], "starts_on": "2026-01-05",
         "languages": ["fr"]},
    )  # fmt: skip
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert Volunteer.objects.get(user=account).kind == "outreach"


def test_an_outreach_volunteer_whose_engagement_ended_signs_in_no_more(
    officer: Any, volunteer: Volunteer
) -> None:
    volunteers.end_engagement(
        actor=officer, volunteer=volunteer, ends_on=datetime.date(2026, 2, 1), reason="moved"
    )
    assert volunteers.sign_in_refusal(volunteer.user)


def test_a_volunteer_at_a_community_meeting_reads_its_community_without_a_link_to_a_404(
    officer: Any, community: Community, volunteer: Volunteer, client: Any
) -> None:
    """Browser walk: the breadcrumb "Communauté" of a meeting led its participant, an outreach
    volunteer who may not open the community's page, to a 404."""
    meeting = create_meeting(
        officer,
        kind=MeetingKind.objects.get(code="community_consultation"),
        title="Dialogue communautaire",
        starts_at=timezone.now(),
        context_kind=COMMUNITY_CONTEXT,
        context_id=community.pk,
    )
    add_participant(officer, meeting, user=volunteer.user, attended=True)
    community_page = reverse("community:community", kwargs={"pk": community.pk})
    client.force_login(volunteer.user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Communauté" in page.content.decode()
    assert community_page not in page.content.decode()
    assert client.get(community_page).status_code == 404  # why there is no link
    client.force_login(officer)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert f'href="{community_page}"' in page.content.decode()
