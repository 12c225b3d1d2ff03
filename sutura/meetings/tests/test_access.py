"""Who sees and records a meeting, by role and organisation (access/meetings.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sutura.access import visible
from sutura.access.meetings import meeting_standing
from sutura.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from sutura.meetings import attendance, services
from sutura.meetings.models import Meeting, MeetingKind, Participant
from sutura.meetings.tests.conftest import when

pytestmark = pytest.mark.django_db


def _records(role: Role) -> bool:
    return Perm.RECORD_MEETINGS in ROLE_PERMISSIONS[role]


@pytest.mark.parametrize("role", list(Role))
def test_own_meetings_are_seen_by_the_organisations_staff_who_record_meetings(
    role: Role, users_a: dict[Role, Any], meeting_a: Meeting
) -> None:
    user = users_a[role]
    seen = visible(user, Meeting).filter(pk=meeting_a.pk).exists()
    assert seen is _records(role)
    assert meeting_standing(user, meeting_a).sees is seen
    assert meeting_standing(user, meeting_a).records is seen


@pytest.mark.parametrize("role", list(Role))
def test_another_organisation_gets_nothing(
    role: Role, users_b: dict[Role, Any], meeting_a: Meeting, client: Any
) -> None:
    user = users_b[role]
    assert not visible(user, Meeting).filter(pk=meeting_a.pk).exists()
    assert not meeting_standing(user, meeting_a).sees
    client.force_login(user)
    assert client.get(reverse("meetings:detail", args=[meeting_a.pk])).status_code == 404


def test_a_participant_sees_the_meeting_but_not_the_contacts(
    users_a: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    mentor = users_a[Role.COMMUNITY_MENTOR]  # no record_meetings
    attendance.add_participant(manager_a, meeting_a, user=mentor)
    attendance.add_participant(
        manager_a, meeting_a, name="Awa Ndiaye", phone="+221770000001", email="awa@example.org"
    )
    standing = meeting_standing(mentor, meeting_a)
    assert standing.sees and not standing.records
    client.force_login(mentor)
    page = client.get(reverse("meetings:detail", args=[meeting_a.pk])).content.decode()
    assert "Awa Ndiaye" in page and "+221770000001" not in page and "awa@example.org" not in page
    client.force_login(manager_a)
    page = client.get(reverse("meetings:detail", args=[meeting_a.pk])).content.decode()
    assert "+221770000001" in page and "awa@example.org" in page
    with pytest.raises(PermissionDenied):
        services.add_decision(mentor, meeting_a, text="Non")


def test_the_responsible_person_of_another_organisation_sees_the_meeting(
    users_b: dict[Role, Any], manager_a: Any, meeting_a: Meeting
) -> None:
    agent = users_b[Role.PROVIDER_AGENT]
    services.add_action_item(manager_a, meeting_a, what="Envoyer la liste", responsible_user=agent)
    assert meeting_standing(agent, meeting_a).sees
    assert not meeting_standing(agent, meeting_a).records
    # …but not the other meetings of the organisation
    other = services.create_meeting(
        manager_a,
        kind=MeetingKind.objects.get(code="working_group"),
        title="Autre",
        starts_at=when(),
        address="Dakar",
    )
    assert not visible(agent, Meeting).filter(pk=other.pk).exists()


def test_staff_of_another_organisation_cannot_record_a_meeting_for_it(
    users_b: dict[Role, Any], org_a: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.create_meeting(
            users_b[Role.PROGRAMME_MANAGER],
            kind=MeetingKind.objects.get(code="working_group"),
            title="Intrus",
            starts_at=when(),
            organisation=org_a,
        )


def test_a_participant_may_only_be_a_person_the_user_sees(
    users_a: dict[Role, Any], users_b: dict[Role, Any], manager_a: Any, meeting_a: Meeting
) -> None:
    from django.core.exceptions import ValidationError

    from sutura.people import services as people

    theirs = people.register_person(
        actor=users_b[Role.CASE_MANAGER], given_names="Fanta", family_name="Keita", sex="female"
    )
    ours = people.register_person(
        actor=users_a[Role.CASE_MANAGER], given_names="Mariama", family_name="Ba", sex="female"
    )
    with pytest.raises(ValidationError):
        attendance.add_participant(manager_a, meeting_a, person=theirs)
    added = attendance.add_participant(manager_a, meeting_a, person=ours)
    assert added.sex == "female"
    assert Participant.objects.filter(meeting=meeting_a).count() == 1
