"""Hours: what a mentor logged in a week or a month, against their weekly cap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sutura.access import visible
from sutura.access.mentoring import minutes_logged
from sutura.mentoring.models import Volunteer

# A mentor is "near" their cap from this share of it.
NEAR_CAP = 0.8


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday around `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


@dataclass(frozen=True)
class Hours:
    volunteer: Volunteer
    minutes: int
    cap_hours: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def over_cap(self) -> bool:
        return self.minutes > self.cap_hours * 60

    @property
    def near_cap(self) -> bool:
        return not self.over_cap and self.minutes >= NEAR_CAP * self.cap_hours * 60


def hours_for(user: Any, start: date, end: date, volunteers: Any = None) -> list[Hours]:
    """Each volunteer the user may see (or those given, narrowed to them), with the minutes
    logged from `start` to `end` and their weekly cap."""
    seen = visible(user, Volunteer)
    if volunteers is not None:
        seen = seen.filter(pk__in=[v.pk for v in volunteers])
    rows = list(seen.select_related("user"))
    minutes = minutes_logged([v.user_id for v in rows], start, end)
    return [Hours(v, minutes.get(v.user_id, 0), v.weekly_hours_cap) for v in rows]


def week_hours_of(user: Any, day: date) -> Hours | None:
    """The user's own hours in the week of `day` (None: not a volunteer)."""
    start, end = week_of(day)
    own = visible(user, Volunteer).filter(user_id=user.pk)
    found = hours_for(user, start, end, volunteers=list(own))
    return found[0] if found else None
