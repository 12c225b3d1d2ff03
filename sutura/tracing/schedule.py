"""When the follow-up visits after a reunification fall due: `SUTURA_REUNIFICATION_VISITS`
("2w,1m,3m": two weeks, one month, three months after the reunification by default)."""

from __future__ import annotations

import calendar
import datetime
import re

from django.conf import settings

STEP = re.compile(r"^\s*(\d{1,3})\s*([dwm])\s*$")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def parse(text: str) -> list[tuple[int, str]]:
    steps = []
    for part in text.split(","):
        found = STEP.match(part)
        if found is None:
            raise ValueError(f"SUTURA_REUNIFICATION_VISITS: {part!r} is not like 2w, 30d or 3m")
        steps.append((int(found.group(1)), found.group(2)))
    return steps


def due_dates(reunified_on: datetime.date, text: str | None = None) -> list[datetime.date]:
    """The visits' due dates after a reunification on `reunified_on`, in order."""
    if text is None:
        text = getattr(settings, "SUTURA_REUNIFICATION_VISITS", "2w,1m,3m")
    steps = parse(str(text))
    dates = []
    for count, unit in steps:
        if unit == "m":
            dates.append(add_months(reunified_on, count))
        else:
            dates.append(reunified_on + datetime.timedelta(days=count * (7 if unit == "w" else 1)))
    return sorted(dates)
