"""Reads of committees, outreach volunteers, safe spaces and initiatives, through the access
layer (`access/community.py`). Committee members and outreach volunteers are named: their
reads go to the audit log.

Trainings of a committee member: a member with an account has the trainings the meetings app
knows for that account (`meetings.selectors.trainings_of_user`, as the reader may see them); a
member known by name only has the community's trainings (meetings of kind training, context
`community`) where a participant of the same name, not linked to an account or a registered
person, was present. Names are compared as the meetings app compares them (case, accents and
spacing aside: `meetings.attendance.fold`): a homonym in the same community would be counted
too, a differently spelled name missed — the committee's page says so.

A committee's meetings are the community's meetings (context `community`) where one of its
members took part (by account or by name): a committee meets as the community's structure, so
no context of its own."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.community import (
    community_standing,
    follow_ups_due,
    member_counts,
    outreach_accounts,
    outreach_notes,
    outreach_volunteer,
    outreach_volunteers_of,
)
from sutura.audit.services import record_list_read, record_read
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    ChecklistAnswer,
    CommitteeMember,
    Community,
    Initiative,
    ProtectionCommittee,
    SafeSpace,
    SafeSpaceAttendance,
    SafetyCheck,
)
from sutura.community.services.safespaces import is_overdue, overdue_since
from sutura.meetings.attendance import fold
from sutura.meetings.models import AgeGroup, Meeting, Participant
from sutura.meetings.selectors import trainings_of_user
from sutura.people.models import LANGUAGE_CHOICES, Sex

# --- committees ----------------------------------------------------------------------------------


def community_for(user: Any, pk: Any) -> Community:
    return get_visible_or_404(user, Community.objects.select_related("location"), pk=pk)


def committees_of(user: Any, community: Community) -> QuerySet[ProtectionCommittee]:
    return visible(user, ProtectionCommittee).filter(community_id=community.pk)


def committee_for(user: Any, pk: Any) -> ProtectionCommittee:
    return get_visible_or_404(
        user, ProtectionCommittee.objects.select_related("community__location"), pk=pk
    )


def members_of(user: Any, committee: ProtectionCommittee) -> list[CommitteeMember]:
    """The members (current first), for those who read the community's personal rows (none
    for the others); the read is audited."""
    members = list(
        visible(user, CommitteeMember)
        .filter(committee_id=committee.pk)
        .select_related("user")
        .order_by("until", "since", "name")
    )
    if members:
        record_read(user, committee, detail=gettext_noop("committee members"))
    return members


def member_for(user: Any, pk: Any) -> CommitteeMember:
    member = get_visible_or_404(
        user, CommitteeMember.objects.select_related("committee__community", "user"), pk=pk
    )
    record_read(user, member)
    return member


def counts_of(user: Any, committee: ProtectionCommittee) -> dict[str, int]:
    return member_counts(user, committee)


def _community_meetings(user: Any, community: Community) -> QuerySet[Meeting]:
    return visible(user, Meeting).filter(context_kind=COMMUNITY_CONTEXT, context_id=community.pk)


def _named_participants(user: Any, community: Community) -> QuerySet[Participant]:
    """Participants of the community's meetings known by name only (no account, no person)."""
    return visible(user, Participant).filter(
        meeting__in=_community_meetings(user, community),
        user__isnull=True,
        person__isnull=True,
    )


def trainings_of_member(user: Any, member: CommitteeMember) -> list[Participant]:
    """The trainings a member received (see the module's docstring)."""
    if member.user_id is not None:
        return list(trainings_of_user(user, member.user))
    wanted = fold(member.name)
    found = (
        _named_participants(user, member.committee.community)
        .filter(attended=True, meeting__kind__is_training=True)
        .exclude(meeting__status="cancelled")
        .select_related("meeting__kind")
        .order_by("-meeting__starts_at")
    )
    return [row for row in found if fold(row.name) == wanted]


def meetings_of_committee(
    user: Any, committee: ProtectionCommittee, members: list[CommitteeMember]
) -> QuerySet[Meeting]:
    """The community's meetings a member of the committee took part in (for whoever reads the
    members: the match uses their names)."""
    if not members:
        return Meeting.objects.none()
    community = committee.community
    names = {fold(member.name) for member in members if member.user_id is None}
    accounts = [member.user_id for member in members if member.user_id is not None]
    by_name = [
        row.meeting_id
        for row in _named_participants(user, community).only("meeting_id", "name")
        if fold(row.name) in names
    ]
    by_account = visible(user, Participant).filter(user_id__in=accounts).values("meeting_id")
    return (
        _community_meetings(user, community)
        .filter(Q(pk__in=by_name) | Q(pk__in=by_account))
        .select_related("kind")
        .order_by("-starts_at")
    )


# --- outreach volunteers -------------------------------------------------------------------------


@dataclass
class OutreachRow:
    volunteer: Any
    trainings: list[Participant] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.volunteer.languages]


def outreach_of(user: Any, community: Community) -> list[OutreachRow]:
    """The community's outreach volunteers with their trainings and, to those allowed, their
    supervision notes (audited: names)."""
    rows = [
        OutreachRow(
            volunteer=volunteer,
            trainings=list(trainings_of_user(user, volunteer.user)),
            notes=list(outreach_notes(user, volunteer)[:3]),
        )
        for volunteer in outreach_volunteers_of(user, community)
    ]
    if rows:
        record_list_read(
            user, what=gettext_noop("outreach volunteers of a community"), searched=False, page=1
        )
    return rows


def outreach_for(user: Any, pk: Any) -> OutreachRow:
    """One outreach volunteer, for the officer who supervises them (404 for anyone else)."""
    from django.http import Http404

    volunteer = outreach_volunteer(user, pk)
    if volunteer is None:
        raise Http404
    record_read(user, volunteer)
    return OutreachRow(
        volunteer=volunteer,
        trainings=list(trainings_of_user(user, volunteer.user)),
        notes=list(outreach_notes(user, volunteer)),
    )


def accounts_for_outreach(user: Any) -> QuerySet[Any]:
    return outreach_accounts(user)


# --- safe spaces --------------------------------------------------------------------------------


def safe_spaces_of(user: Any, community: Community) -> QuerySet[SafeSpace]:
    return (
        visible(user, SafeSpace)
        .filter(community_id=community.pk)
        .select_related("managing_partner", "location")
    )


def safe_space_for(user: Any, pk: Any) -> SafeSpace:
    return get_visible_or_404(
        user,
        SafeSpace.objects.select_related("community__location", "managing_partner", "location"),
        pk=pk,
    )


SEXES = (Sex.FEMALE, Sex.MALE)


@dataclass
class MonthGrid:
    month: datetime.date
    cells: dict[tuple[str, str], int]
    total: int

    @property
    def rows(self) -> list[tuple[Any, list[int]]]:
        """One row per age group: its label and the count of each sex (female, male)."""
        return [
            (label, [self.cells.get((sex, code), 0) for sex in SEXES])
            for code, label in age_groups()
        ]


def age_groups() -> list[tuple[str, Any]]:
    return [(code, label) for code, label in AgeGroup.choices if code != AgeGroup.UNKNOWN]


def attendance_of(user: Any, space: SafeSpace, months: int = 6) -> list[MonthGrid]:
    """The last `months` months recorded, newest first, each a sex × age-group grid."""
    rows = visible(user, SafeSpaceAttendance).filter(safe_space_id=space.pk)
    by_month: dict[datetime.date, dict[tuple[str, str], int]] = defaultdict(dict)
    for row in rows:
        by_month[row.month][(row.sex, row.age_group)] = row.count
    found = sorted(by_month, reverse=True)[:months]
    return [MonthGrid(m, by_month[m], sum(by_month[m].values())) for m in found]


def month_counts(user: Any, space: SafeSpace, month: datetime.date) -> dict[tuple[str, str], int]:
    rows = visible(user, SafeSpaceAttendance).filter(safe_space_id=space.pk, month=month)
    return {(row.sex, row.age_group): row.count for row in rows}


def attendance_total(user: Any, space: SafeSpace) -> int:
    found = visible(user, SafeSpaceAttendance).filter(safe_space_id=space.pk)
    return found.aggregate(total=Sum("count"))["total"] or 0


def checks_of(user: Any, space: SafeSpace) -> list[SafetyCheck]:
    checks = list(
        visible(user, SafetyCheck)
        .filter(safe_space_id=space.pk)
        .select_related("checked_by")
        .order_by("-checked_on", "-created_at")
    )
    for check in checks:
        check.overdue = is_overdue(check)  # type: ignore[attr-defined]
    return checks


def check_for(user: Any, pk: Any) -> SafetyCheck:
    check = get_visible_or_404(
        user,
        SafetyCheck.objects.select_related(
            "safe_space__community", "checked_by", "checklist_version__checklist"
        ),
        pk=pk,
    )
    check.overdue = is_overdue(check)  # type: ignore[attr-defined]
    return check


def answers_of(user: Any, check: SafetyCheck) -> QuerySet[ChecklistAnswer]:
    return (
        visible(user, ChecklistAnswer)
        .filter(safety_check_id=check.pk)
        .select_related("item")
        .order_by("item__order")
    )


def overdue_follow_ups(user: Any) -> list[SafetyCheck]:
    """The officer's overdue safe-space follow-ups (their home card)."""
    return list(follow_ups_due(user, overdue_since()).order_by("checked_on"))


# --- initiatives ---------------------------------------------------------------------------------


def initiatives_of(user: Any, community: Community) -> QuerySet[Initiative]:
    return (
        visible(user, Initiative)
        .filter(community_id=community.pk)
        .select_related("partner")
        .prefetch_related("programmes")
    )


def initiative_for(user: Any, pk: Any) -> Initiative:
    return get_visible_or_404(
        user,
        Initiative.objects.select_related("community__location", "partner").prefetch_related(
            "programmes"
        ),
        pk=pk,
    )


# --- the community page's sections ---------------------------------------------------------------


@dataclass
class Structures:
    community: Community
    standing: Any
    committees: list[Any]
    outreach: list[OutreachRow]
    safe_spaces: list[SafeSpace]
    initiatives: list[Initiative]


def structures_of(user: Any, community: Community) -> Structures:
    """Everything of this part about a community, as the user may see it."""
    committees = list(committees_of(user, community))
    for committee in committees:
        committee.member_counts = counts_of(user, committee)  # type: ignore[attr-defined]
    return Structures(
        community=community,
        standing=community_standing(user, community),
        committees=committees,
        outreach=outreach_of(user, community),
        safe_spaces=list(safe_spaces_of(user, community)),
        initiatives=list(initiatives_of(user, community)),
    )


@dataclass
class SectionRows:
    """What a section of the community page draws: its rows, the reader's standing (to offer
    the forms) and the community."""

    community: Community
    standing: Any
    rows: list[Any]

    def __bool__(self) -> bool:
        return True  # drawn even when empty: it offers to record the first one


def _section(user: Any, community: Community, rows: list[Any]) -> SectionRows:
    return SectionRows(community, community_standing(user, community), rows)


def committees_section(user: Any, community: Community) -> SectionRows:
    """The community page's section "committees" (with their members counted by sex)."""
    committees = list(committees_of(user, community))
    for committee in committees:
        committee.member_counts = counts_of(user, committee)  # type: ignore[attr-defined]
    return _section(user, community, committees)


def outreach_section(user: Any, community: Community) -> SectionRows:
    return _section(user, community, outreach_of(user, community))


def safe_spaces_section(user: Any, community: Community) -> SectionRows:
    return _section(user, community, list(safe_spaces_of(user, community)))


def initiatives_section(user: Any, community: Community) -> SectionRows:
    return _section(user, community, list(initiatives_of(user, community)))


def communities_edited(user: Any) -> list[Community]:
    """The communities the user works on as their protection officer (the home card)."""
    from sutura.access.community import edited_communities

    found = edited_communities(user)
    return [] if found is None else list(found.order_by("name"))
