"""Protection committees and their members: who records them, who reads the names (the
owner's officer and programme manager; never M&E officers or partners, who get counts), the
trainings a member received and the meetings they took part in."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sutura.access import visible
from sutura.access.community import sees_record
from sutura.accounts.roles import Role
from sutura.community.models import COMMUNITY_CONTEXT, CommitteeMember, Community
from sutura.community.selectors import structures as selectors
from sutura.community.services import committees, communities
from sutura.core.concurrency import StaleVersionError
from sutura.meetings import attendance
from sutura.meetings import services as meetings
from sutura.meetings.models import MeetingKind

pytestmark = pytest.mark.django_db
SINCE = datetime.date(2026, 2, 1)


@pytest.fixture
def officer(users_b: dict[Role, Any]) -> Any:
    return users_b[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(officer: Any, locations: dict[str, Any]) -> Community:
    return communities.create_community(
        actor=officer, name="Kayes N'Di", location=locations["ML-1"]
    )


@pytest.fixture
def committee(officer: Any, community: Community) -> Any:
    return committees.create_committee(
        actor=officer, community=community, kind="committee", name="Comité de Kayes N'Di"
    )


@pytest.fixture
def member(officer: Any, committee: Any) -> CommitteeMember:
    return committees.add_member(
        actor=officer,
        committee=committee,
        name="Mariam Diakité",
        role="Présidente",
        sex="female",
        age_group="25_59",
        since=SINCE,
    )


def _training(officer: Any, community: Community, title: str) -> Any:
    return meetings.create_meeting(
        officer,
        kind=MeetingKind.objects.get(code="training"),
        title=title,
        starts_at=datetime.datetime(2026, 3, 3, 9, tzinfo=datetime.UTC),
        context_kind=COMMUNITY_CONTEXT,
        context_id=community.pk,
        status="held",
    )


def test_only_the_communitys_protection_officer_records_a_committee_and_its_members(
    users_b: dict[Role, Any], users_a: dict[Role, Any], community: Community, committee: Any
) -> None:
    for user in (
        users_b[Role.PROGRAMME_MANAGER],
        users_b[Role.ME_OFFICER],
        users_b[Role.COMMUNITY_MENTOR],
        users_a[Role.PROTECTION_OFFICER],
    ):
        with pytest.raises(PermissionDenied):
            committees.create_committee(actor=user, community=community, kind="network", name="X")
        with pytest.raises(PermissionDenied):
            committees.add_member(
                actor=user, committee=committee, name="Y", role="Membre", sex="male",
                age_group="25_59", since=SINCE,
            )  # fmt: skip


def test_a_committee_name_is_once_per_community(
    officer: Any, community: Community, committee: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        committees.create_committee(
            actor=officer, community=community, kind="network", name="Comité de Kayes N'Di"
        )
    assert "name" in refused.value.error_dict


def test_a_member_is_named_or_has_an_account_and_leaves_after_joining(
    officer: Any, committee: Any, member: CommitteeMember
) -> None:
    with pytest.raises(ValidationError) as unnamed:
        committees.add_member(
            actor=officer, committee=committee, name=" ", role="Membre", sex="male",
            age_group="25_59", since=SINCE,
        )  # fmt: skip
    assert "name" in unnamed.value.error_dict
    with pytest.raises(ValidationError) as backwards:
        committees.update_member(
            actor=officer, member=member, expected_version=member.version,
            until=SINCE - datetime.timedelta(days=1),
        )  # fmt: skip
    assert "until" in backwards.value.error_dict
    ended = committees.update_member(
        actor=officer, member=member, expected_version=member.version,
        until=datetime.date(2026, 6, 30),
    )  # fmt: skip
    assert ended.until == datetime.date(2026, 6, 30)
    with pytest.raises(StaleVersionError):
        committees.update_member(actor=officer, member=member, expected_version=1, role="X")


def test_a_member_with_an_account_is_named_after_it(
    officer: Any, committee: Any, users_b: dict[Role, Any]
) -> None:
    volunteer = users_b[Role.OUTREACH_VOLUNTEER]
    made = committees.add_member(
        actor=officer, committee=committee, user=volunteer, role="Relais",
        sex="female", age_group="18_24", since=SINCE,
    )  # fmt: skip
    assert made.name == volunteer.get_full_name()


def test_an_me_officer_counts_the_members_and_never_reads_their_names(
    users_b: dict[Role, Any], committee: Any, member: CommitteeMember, client: Any
) -> None:
    me = users_b[Role.ME_OFFICER]
    assert not visible(me, CommitteeMember).exists()
    assert selectors.counts_of(me, committee)["female"] == 1
    client.force_login(me)
    page = client.get(reverse("community:committee", kwargs={"pk": committee.pk}))
    assert page.status_code == 200
    assert "Diakité" not in page.content.decode()
    edit = client.get(reverse("community:member_edit", kwargs={"pk": member.pk}))
    assert edit.status_code == 404
    api = client.get(f"/api/community/committees/{committee.pk}/members/")
    assert api.status_code == 404


def test_the_programme_manager_reads_the_names_and_the_read_is_audited(
    users_b: dict[Role, Any], committee: Any, member: CommitteeMember, client: Any
) -> None:
    from sutura.audit.models import AuditEntry

    manager = users_b[Role.PROGRAMME_MANAGER]
    client.force_login(manager)
    page = client.get(reverse("community:committee", kwargs={"pk": committee.pk}))
    assert "Mariam Diakité" in page.content.decode()
    assert AuditEntry.objects.filter(actor_id=manager.pk, detail="committee members").exists()
    api = client.get(f"/api/community/committees/{committee.pk}/members/")
    assert [row["name"] for row in api.json()] == ["Mariam Diakité"]


def test_a_mentor_and_a_provider_agent_cannot_open_a_committee(
    users_b: dict[Role, Any], committee: Any, client: Any
) -> None:
    for role in (Role.COMMUNITY_MENTOR, Role.PROVIDER_AGENT, Role.OUTREACH_VOLUNTEER):
        client.force_login(users_b[role])
        assert (
            client.get(reverse("community:committee", kwargs={"pk": committee.pk})).status_code
            == 404
        )
        assert client.get("/api/community/committees/").status_code == 404


def test_a_named_member_received_the_community_trainings_where_their_name_is_on_the_sheet(
    officer: Any, community: Community, member: CommitteeMember
) -> None:
    held = _training(officer, community, "Formation PBC")
    attendance.add_participant(officer, held, name="mariam diakité ", sex="female")
    other = _training(officer, community, "Formation PSEA")
    attendance.add_participant(officer, other, name="Mariam Traoré", sex="female")
    trainings = selectors.trainings_of_member(officer, member)
    assert [row.meeting.title for row in trainings] == ["Formation PBC"]
    committee_meetings = selectors.meetings_of_committee(officer, member.committee, [member])
    assert [m.title for m in committee_meetings] == ["Formation PBC"]


def test_a_member_with_an_account_has_the_trainings_of_that_account(
    officer: Any, community: Community, committee: Any, users_b: dict[Role, Any]
) -> None:
    account = users_b[Role.OUTREACH_VOLUNTEER]
    made = committees.add_member(
        actor=officer, committee=committee, user=account, role="Relais",
        sex="female", age_group="18_24", since=SINCE,
    )  # fmt: skip
    held = _training(officer, community, "Formation des relais")
    attendance.add_participant(officer, held, user=account, sex="female")
    assert [r.meeting.title for r in selectors.trainings_of_member(officer, made)] == [
        "Formation des relais"
    ]


def test_committees_and_members_scope_and_standing_agree(
    users_a: dict[Role, Any], users_b: dict[Role, Any], officer: Any, community: Community,
    committee: Any, member: CommitteeMember,
) -> None:  # fmt: skip
    communities.add_partner(
        actor=officer, community=community, organisation=users_a[Role.ME_OFFICER].organisation,
        role="cbo",
    )  # fmt: skip
    for user in (*users_a.values(), *users_b.values()):
        for record in (committee, member):
            seen = visible(user, type(record)).filter(pk=record.pk).exists()
            assert seen == sees_record(user, record), (user.username, type(record).__name__)
    assert visible(users_a[Role.PROTECTION_OFFICER], type(committee)).exists()
    assert not visible(users_a[Role.PROTECTION_OFFICER], CommitteeMember).exists()
