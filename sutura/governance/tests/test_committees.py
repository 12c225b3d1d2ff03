"""Committees and working groups: who sees them (members while their mandate runs, the NRM
coordinator), who keeps them (chair, secretariat, coordinator), and their one page with
members, meetings, decisions and open action items. Anyone else gets 404 on the committee, its
meetings and their action items."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sutura.access import visible
from sutura.access.meetings import meeting_standing, open_actions_for
from sutura.accounts.roles import Role
from sutura.governance.models import Committee, CommitteeKind, MemberRole
from sutura.governance.services import committees as services
from sutura.meetings.models import ActionItem, Meeting
from sutura.meetings.services import add_action_item, add_decision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def committee(users_a):
    coordinator = users_a[Role.NRM_COORDINATOR]
    committee = services.create_committee(
        coordinator, kind=CommitteeKind.STEERING, name="Comité de pilotage"
    )
    services.add_member(
        coordinator,
        committee,
        organisation=users_a[Role.PROGRAMME_MANAGER].organisation,
        user=users_a[Role.PROGRAMME_MANAGER],
        role=MemberRole.SECRETARIAT,
        mandate_start=D(2024, 1, 1),
    )
    return committee


@pytest.fixture
def meeting(committee, users_a):
    secretariat = users_a[Role.PROGRAMME_MANAGER]
    meeting = services.record_meeting(
        secretariat,
        committee,
        title="Session 1",
        starts_at=timezone.now() - datetime.timedelta(days=7),
    )
    decision = add_decision(secretariat, meeting, text="Réviser le protocole")
    add_action_item(
        secretariat,
        meeting,
        what="Diffuser le projet",
        responsible_user=users_a[Role.NRM_COORDINATOR],
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        decision=decision,
    )
    return meeting


def test_members_and_their_colleagues_see_it_another_organisation_does_not(
    committee, meeting, users_a, users_b
):
    for user in (users_a[Role.PROGRAMME_MANAGER], users_a[Role.CASE_MANAGER]):
        assert visible(user, Committee).filter(pk=committee.pk).exists()
        assert meeting_standing(user, meeting).sees
    for user in (users_b[Role.PROGRAMME_MANAGER], users_b[Role.CASE_MANAGER]):
        assert not visible(user, Committee).filter(pk=committee.pk).exists()
        assert not visible(user, Meeting).filter(pk=meeting.pk).exists()
        assert not visible(user, ActionItem).filter(meeting=meeting).exists()
    # Every NRM coordinator sees every committee.
    assert visible(users_b[Role.NRM_COORDINATOR], Committee).filter(pk=committee.pk).exists()


def test_a_colleague_without_the_governance_permission_does_not_see_it(committee, users_a):
    mentor = users_a[Role.COMMUNITY_MENTOR]
    assert not visible(mentor, Committee).filter(pk=committee.pk).exists()


def test_a_mandate_that_ended_ends_what_the_member_sees(committee, users_a):
    coordinator = users_a[Role.NRM_COORDINATOR]
    seat = committee.members.get()
    services.end_mandate(
        coordinator,
        seat,
        expected_version=seat.version,
        mandate_end=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert not visible(users_a[Role.CASE_MANAGER], Committee).filter(pk=committee.pk).exists()


def test_only_the_chair_the_secretariat_and_the_coordinator_keep_it(committee, users_a, users_b):
    member = users_a[Role.CASE_MANAGER]
    services.add_member(
        users_a[Role.PROGRAMME_MANAGER],  # the secretariat seats members
        committee,
        organisation=member.organisation,
        user=member,
        role=MemberRole.MEMBER,
        mandate_start=D(2024, 1, 1),
    )
    with pytest.raises(PermissionDenied):
        services.record_meeting(member, committee, title="X", starts_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.add_member(
            member,
            committee,
            organisation=member.organisation,
            name="Quelqu'un",
            role=MemberRole.OBSERVER,
            mandate_start=D(2024, 1, 1),
        )
    services.record_meeting(
        users_b[Role.NRM_COORDINATOR], committee, title="Y", starts_at=timezone.now()
    )


def test_a_seat_names_a_user_of_that_organisation_or_a_person(committee, users_a, users_b):
    coordinator = users_a[Role.NRM_COORDINATOR]
    with pytest.raises(ValidationError):
        services.add_member(
            coordinator,
            committee,
            organisation=users_a[Role.CASE_MANAGER].organisation,
            role=MemberRole.MEMBER,
            mandate_start=D(2024, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.add_member(
            coordinator,
            committee,
            organisation=users_a[Role.CASE_MANAGER].organisation,
            user=users_b[Role.CASE_MANAGER],
            role=MemberRole.MEMBER,
            mandate_start=D(2024, 1, 1),
        )


def test_the_page_shows_members_meetings_decisions_and_open_actions(
    client, committee, meeting, users_a
):
    client.force_login(users_a[Role.CASE_MANAGER])
    body = client.get(reverse("governance:committee", args=[committee.pk])).content.decode()
    assert "Session 1" in body
    assert "Réviser le protocole" in body
    assert "Diffuser le projet" in body
    assert users_a[Role.PROGRAMME_MANAGER].get_full_name() in body
    # A plain member does not keep the committee.
    assert reverse("governance:committee_member_new", args=[committee.pk]) not in body


def test_another_organisation_gets_404_on_the_committee_and_its_pages(
    client, committee, meeting, users_b
):
    outsider = users_b[Role.PROGRAMME_MANAGER]
    client.force_login(outsider)
    for name in ("committee", "committee_member_new", "committee_meeting_new"):
        assert client.get(reverse(f"governance:{name}", args=[committee.pk])).status_code == 404
    assert (
        client.get(reverse("api-governance-committee-detail", args=[committee.pk])).status_code
        == 404
    )
    listed = client.get(reverse("api-governance-committee-list")).json()["results"]
    assert listed == []


def test_the_overdue_action_item_is_on_the_responsible_person_s_list(meeting, users_a):
    coordinator = users_a[Role.NRM_COORDINATOR]
    items = list(open_actions_for(coordinator))
    assert [item.what for item in items] == ["Diffuser le projet"]
    assert items[0].is_overdue


def test_the_secretariat_records_a_meeting_through_the_page(client, committee, users_a):
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    url = reverse("governance:committee_meeting_new", args=[committee.pk])
    response = client.post(url, {"title": "Session 2", "starts_at": "2026-02-03T09:30"})
    assert response.status_code == 302
    meeting = visible(users_a[Role.PROGRAMME_MANAGER], Meeting).get(title="Session 2")
    assert (meeting.context_kind, meeting.context_id) == ("committee", committee.pk)
    assert meeting.kind.code == "steering_committee"


def test_a_user_of_the_seated_organisation_sees_it_through_the_api(client, committee, users_a):
    colleague = UserFactory.create(
        organisation=users_a[Role.CASE_MANAGER].organisation, roles=[Role.CASE_MANAGER]
    )
    client.force_login(colleague)
    body = client.get(reverse("api-governance-committee-detail", args=[committee.pk])).json()
    assert body["name"] == "Comité de pilotage"
    assert [m["role"] for m in body["members"]] == ["secretariat"]


def test_both_forms_of_the_committee_rule_agree_for_every_user(
    committee, meeting, users_a, users_b
):
    from sutura.access.governance import committee_standing, committees_recorded

    for user in [*users_a.values(), *users_b.values()]:
        standing = committee_standing(user, committee)
        assert standing.sees == visible(user, Committee).filter(pk=committee.pk).exists()
        recorded = committees_recorded(user)
        records = recorded is not None and recorded.filter(pk=committee.pk).exists()
        assert standing.records == records, user.username
        assert meeting_standing(user, meeting).records == records


def test_the_terms_of_reference_are_a_library_document_linked_by_the_coordinator(
    committee, users_a, client
):
    from sutura.governance.services import library

    coordinator = users_a[Role.NRM_COORDINATOR]
    terms = library.create_document(coordinator, kind="tor", title_fr="TDR du comité")
    sop = library.create_document(coordinator, kind="sop", title_fr="POS")
    with pytest.raises(ValidationError):
        services.set_terms_of_reference(coordinator, committee, document=sop)
    with pytest.raises(PermissionDenied):
        services.set_terms_of_reference(users_a[Role.PROGRAMME_MANAGER], committee, document=terms)
    url = reverse("governance:committee_terms", args=[committee.pk])
    client.force_login(coordinator)
    response = client.post(url, {"terms_of_reference": str(terms.pk)})
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.terms_of_reference == terms
    page = client.get(reverse("governance:committee", args=[committee.pk])).content.decode()
    assert "TDR du comité" in page
    assert reverse("library:document", args=[terms.pk]) in page
