"""Peer-support groups: opening one (a mentor facilitates, an MHPSS staff member of the
organisation co-facilitates, always), editing it, and recording a session with its attendance.

A session is a `meetings.Meeting` of kind "peer_support_session" in the group's context,
written through the meetings services (the context rule in `access.mentoring` says who
records it: the mentor, the co-facilitator, the mentor's focal point). Attendance is by
returnee (the mentor's assigned returnees, as participants) or counted by sex and age group
for people not registered.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access.accounts import colleague
from sutura.access.mentoring import group_standing, supervises, volunteer_of
from sutura.accounts.roles import Role
from sutura.core.concurrency import save_versioned
from sutura.meetings import attendance
from sutura.meetings import services as meetings
from sutura.meetings.models import Meeting, MeetingKind, MeetingStatus, ParticipantCategory
from sutura.mentoring.models import PEER_GROUP_CONTEXT, PEER_SESSION_KIND, PeerGroup

GROUP_FIELDS = ("name", "description", "co_facilitator", "location", "starts_on", "ends_on")


def may_open_group(user: Any, mentor: Any) -> bool:
    """The mentor themself, or their focal point."""
    return mentor is not None and (mentor.pk == user.pk or supervises(user, mentor.pk))


def _check(mentor: Any, fields: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    volunteer = volunteer_of(mentor)
    if volunteer is None or Role.COMMUNITY_MENTOR not in mentor.roles or not mentor.is_active:
        errors["mentor"] = _("Choose an active community mentor of the organisation.")
    co = fields.get("co_facilitator")
    if co is None or colleague(co.pk, mentor.organisation_id, [Role.MHPSS_FOCAL_POINT]) is None:
        errors["co_facilitator"] = _(
            "Choose an MHPSS staff member of the organisation to co-facilitate the group."
        )
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = _("The end comes before the start.")
    if not (fields.get("name") or "").strip():
        errors["name"] = _("Give the group a name.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_group(actor: Any, *, mentor: Any, **fields: Any) -> PeerGroup:
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"unknown group fields: {sorted(unknown)}")
    if not may_open_group(actor, mentor) or mentor.organisation_id != actor.organisation_id:
        raise PermissionDenied
    _check(mentor, fields)
    group = PeerGroup(
        organisation_id=mentor.organisation_id, mentor=mentor, created_by=actor, **fields
    )
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def update_group(
    actor: Any, group: PeerGroup, *, expected_version: int, **fields: Any
) -> PeerGroup:
    if not group_standing(actor, group).records:
        raise PermissionDenied
    unknown = set(fields) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"unknown group fields: {sorted(unknown)}")
    merged = {name: getattr(group, name) for name in GROUP_FIELDS} | fields
    _check(group.mentor, merged)
    for name, value in fields.items():
        setattr(group, name, value)
    group.full_clean()
    save_versioned(group, expected_version=expected_version, fields=fields)
    return group


def session_kind() -> MeetingKind:
    return MeetingKind.objects.get(code=PEER_SESSION_KIND)


@transaction.atomic
def record_session(
    actor: Any,
    group: PeerGroup,
    *,
    on: datetime.date,
    starts: datetime.time,
    ends: datetime.time,
    status: str = MeetingStatus.HELD,
    persons: Any = (),
    counts: dict[tuple[str, str], int] | None = None,
) -> Meeting:
    """One session of the group, with who came: registered returnees by name (`persons`) and
    the others counted by (sex, age group)."""
    if not group_standing(actor, group).records:
        raise PermissionDenied
    if ends <= starts:
        raise ValidationError({"ends_at": _("The end comes before the start.")})
    if status == MeetingStatus.HELD and on > timezone.localdate():
        raise ValidationError({"on": _("A session held cannot be in the future.")})
    tz = timezone.get_current_timezone()
    meeting = meetings.create_meeting(
        actor,
        kind=session_kind(),
        title=group.name,
        starts_at=datetime.datetime.combine(on, starts, tzinfo=tz),
        ends_at=datetime.datetime.combine(on, ends, tzinfo=tz),
        organisation=group.organisation,
        context_kind=PEER_GROUP_CONTEXT,
        context_id=group.pk,
        location=group.location,
        status=status,
    )
    for person in persons:
        attendance.add_participant(
            actor, meeting, person=person, attended=True, category=ParticipantCategory.COMMUNITY
        )
    if counts:
        attendance.set_counts(
            actor,
            meeting,
            counts={
                (ParticipantCategory.COMMUNITY, sex, age): number
                for (sex, age), number in counts.items()
            },
        )
    return meeting
