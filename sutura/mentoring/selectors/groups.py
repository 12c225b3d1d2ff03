"""Reading peer-support groups: the groups a user may see, one group (404 otherwise, its
opening in the audit log), its sessions with their attendance, and what the forms offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from sutura.access import can, get_visible_or_404, visible
from sutura.access.accounts import colleagues
from sutura.access.mentoring import group_assignments, supervised_mentors
from sutura.accounts.roles import Perm, Role
from sutura.audit.services import record_read
from sutura.meetings.models import AttendanceCount, Meeting, Participant
from sutura.mentoring.models import PEER_GROUP_CONTEXT, PeerGroup, Volunteer, VolunteerKind


def groups_for(user: Any) -> QuerySet[PeerGroup]:
    return visible(user, PeerGroup).select_related("mentor", "co_facilitator", "location")


def group_for(user: Any, pk: Any, *, audit: bool = True) -> PeerGroup:
    group = get_visible_or_404(
        user, PeerGroup.objects.select_related("mentor", "co_facilitator", "location"), pk=pk
    )
    if audit:
        record_read(user, group)
    return group


@dataclass
class Session:
    meeting: Meeting
    named: int
    counted: int

    @property
    def attended(self) -> int:
        return self.named + self.counted


def sessions_of(user: Any, group: PeerGroup) -> list[Session]:
    """The group's sessions the user sees, newest first, with how many came."""
    meetings = list(
        visible(user, Meeting)
        .filter(context_kind=PEER_GROUP_CONTEXT, context_id=group.pk)
        .order_by("-starts_at")
    )
    ids = [m.pk for m in meetings]
    named: dict[Any, int] = {}
    for meeting_id in (
        visible(user, Participant)
        .filter(meeting_id__in=ids, attended=True)
        .values_list("meeting_id", flat=True)
    ):
        named[meeting_id] = named.get(meeting_id, 0) + 1
    counted: dict[Any, int] = {}
    for meeting_id, number in (
        visible(user, AttendanceCount).filter(meeting_id__in=ids).values_list("meeting_id", "count")
    ):
        counted[meeting_id] = counted.get(meeting_id, 0) + number
    return [Session(m, named.get(m.pk, 0), counted.get(m.pk, 0)) for m in meetings]


def returnees_to_name(user: Any, group: PeerGroup) -> list[tuple[Any, str]]:
    """(person id, first name) of the mentor's returnees, for the attendance by
    name: the minimal profile only."""
    rows = []
    for assignment in group_assignments(user, group):
        person = assignment.case.person
        rows.append((person.pk, person.given_names))
    return rows


def co_facilitators_to_choose(user: Any) -> QuerySet[Any]:
    """Active MHPSS staff of the user's organisation."""
    return colleagues(user, Role.MHPSS_FOCAL_POINT)


def mentors_to_choose(user: Any) -> QuerySet[Volunteer]:
    """The mentors the user may open a group for: themself, or those they supervise."""
    mine = Q(user_id=user.pk)
    if can(user, Perm.SUPERVISE_MENTORS):
        mine |= Q(user_id__in=supervised_mentors(user))
    return (
        visible(user, Volunteer)
        .filter(mine, kind=VolunteerKind.MENTOR, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name")
    )


def persons_to_name(user: Any, group: PeerGroup) -> list[Any]:
    """The mentor's returnees (persons) that may be named in a session of the group."""
    return [assignment.case.person for assignment in group_assignments(user, group)]
