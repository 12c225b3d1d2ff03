"""Reading check-ins: the check-ins a user may see (a programme manager sees that they took
place), one check-in (404 otherwise), the missed ones, and the mentors without a check-in
for too long. The notes are given only to those `checkin_standing(...).reads_notes` names."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sutura.access import get_visible_or_404, visible
from sutura.access.mentoring import checkin_standing, supervised_mentors
from sutura.audit.services import record_read
from sutura.mentoring.models import CheckIn, CheckInStatus, Volunteer, VolunteerKind

# A mentor with no check-in held for this long is flagged (a monthly rhythm, with some slack).
CHECKIN_GAP_DAYS = 35
NOTE_FIELDS = ("wellbeing", "difficulties", "ideas", "actions")


def checkins_for(user: Any) -> QuerySet[CheckIn]:
    return visible(user, CheckIn).select_related("mentor", "focal_point")


def checkin_for(user: Any, pk: Any, *, audit: bool = True) -> CheckIn:
    checkin = get_visible_or_404(
        user, CheckIn.objects.select_related("mentor", "focal_point"), pk=pk
    )
    if audit:
        record_read(user, checkin)
    return checkin


def notes_of(user: Any, checkin: CheckIn) -> dict[str, str] | None:
    """The notes, for those who read them; None for everyone else."""
    if not checkin_standing(user, checkin).reads_notes:
        return None
    return {name: getattr(checkin, name) for name in NOTE_FIELDS}


def missed(user: Any) -> QuerySet[CheckIn]:
    """Check-ins planned for a day gone by and neither recorded nor cancelled."""
    return checkins_for(user).filter(
        status=CheckInStatus.SCHEDULED, scheduled_on__lt=timezone.localdate()
    )


def next_of(user: Any, mentor_id: Any) -> CheckIn | None:
    return (
        checkins_for(user)
        .filter(mentor_id=mentor_id, status=CheckInStatus.SCHEDULED)
        .order_by("scheduled_on")
        .first()
    )


def last_held(user: Any, mentor_ids: list[Any]) -> dict[Any, datetime.date]:
    found: dict[Any, datetime.date] = {}
    rows = (
        checkins_for(user)
        .filter(mentor_id__in=mentor_ids, status=CheckInStatus.HELD)
        .values_list("mentor_id", "held_on")
    )
    for mentor_id, held_on in rows:
        if held_on and (mentor_id not in found or held_on > found[mentor_id]):
            found[mentor_id] = held_on
    return found


@dataclass
class Overdue:
    volunteer: Volunteer
    last_held_on: datetime.date | None


def without_checkin(user: Any) -> list[Overdue]:
    """The mentors this user supervises (or the user, a mentor) with no check-in held in the
    last `CHECKIN_GAP_DAYS` days."""
    mentors = list(
        visible(user, Volunteer)
        .filter(kind=VolunteerKind.MENTOR, user__is_active=True)
        .filter(user_id__in=supervised_mentors(user))
        .select_related("user")
    ) + list(visible(user, Volunteer).filter(user_id=user.pk, kind=VolunteerKind.MENTOR))
    limit = timezone.localdate() - datetime.timedelta(days=CHECKIN_GAP_DAYS)
    held = last_held(user, [v.user_id for v in mentors])
    return [
        Overdue(v, held.get(v.user_id))
        for v in mentors
        if v.engaged_on() and v.starts_on <= limit and (held.get(v.user_id) or limit) <= limit
    ]
