"""What a case list opened from a dashboard's number is narrowed to, in words.

The dashboards' drill-down (`dashboards/drill.py`) opens the list with hidden filters
(`forms.CaseFilterForm`: programme, residence, the period's dates, flagged); the list says
them in the reader's language — the period's and the place's names, never codes — so nobody
takes a narrowed list for all their cases, and offers to clear them.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sutura.core.dates import date_format
from sutura.people.models import Sex

# The hidden fields of the list's form (the drill-down's), cleared together.
HIDDEN = (
    "programme",
    "residence",
    "opened_from",
    "opened_to",
    "open_from",
    "open_to",
    "flagged",
    "sex",
    "age_group",
)


QUARTERS = (
    gettext_noop("first quarter of %(year)s"),
    gettext_noop("second quarter of %(year)s"),
    gettext_noop("third quarter of %(year)s"),
    gettext_noop("fourth quarter of %(year)s"),
)


def named_period(start: datetime.date, end: datetime.date) -> str:
    """A year, a quarter, a month or an ISO week by its name; "" for other spans."""
    last_day = calendar.monthrange(end.year, end.month)[1]
    whole_months = start.day == 1 and end.day == last_day and start.year == end.year
    if whole_months and (start.month, end.month) == (1, 12):
        return str(start.year)
    if whole_months and start.month == end.month:
        return date_format(start, "YEAR_MONTH_FORMAT")
    if whole_months and start.month % 3 == 1 and end.month == start.month + 2:
        quarter = QUARTERS[(start.month - 1) // 3]
        return gettext(quarter) % {"year": start.year}
    year, week, day = start.isocalendar()
    if day == 1 and end == start + datetime.timedelta(days=6):
        return gettext("week %(week)s of %(year)s") % {"week": week, "year": year}
    return ""


def _period(start: datetime.date | None, end: datetime.date | None, opened: bool) -> str:
    """One sentence per kind of period: opened in it, or open at some time in it."""
    if start and end:
        name = named_period(start, end)
        if name:
            text = (
                gettext("Opened during: %(period)s")
                if opened
                else gettext("Open at some time during: %(period)s")
            )
            return text % {"period": name}
        text = (
            gettext("Opened between %(start)s and %(end)s")
            if opened
            else gettext("Open at some time between %(start)s and %(end)s")
        )
        return text % {"start": date_format(start), "end": date_format(end)}
    if start:
        text = gettext("Opened since %(start)s") if opened else gettext("Open since %(start)s")
        return text % {"start": date_format(start)}
    if end:
        text = gettext("Opened until %(end)s") if opened else gettext("Open until %(end)s")
        return text % {"end": date_format(end)}
    return ""


def _programmes(user: Any, chosen: Any) -> str:
    """The programmes' names (the form offers only those the user may see)."""
    names = sorted(programme.name for programme in chosen)
    if len(names) == 1:
        return gettext("Programme: %(name)s") % {"name": names[0]}
    return gettext("Programmes: %(names)s") % {"names": ", ".join(names)}


def narrowed_to(user: Any, data: dict[str, Any]) -> list[str]:
    """The list's hidden filters in words (empty: the list is not narrowed by them)."""
    said = [
        _period(data.get("opened_from"), data.get("opened_to"), opened=True),
        _period(data.get("open_from"), data.get("open_to"), opened=False),
    ]
    place = data.get("residence")
    if place is not None:
        said.append(gettext("Living in %(place)s") % {"place": place.name})
    if data.get("programme"):
        said.append(_programmes(user, data["programme"]))
    if data.get("flagged"):
        said.append(gettext("With at least one vulnerability"))
    if data.get("sex"):
        said.append(gettext("Sex: %(sex)s") % {"sex": Sex(data["sex"]).label})
    if data.get("age_group"):
        on = data.get("open_to") or data.get("opened_to") or timezone.localdate()
        said.append(
            gettext("Aged %(group)s years on %(day)s")
            % {"group": data["age_group"].replace("-", "–"), "day": date_format(on)}
        )
    return [sentence for sentence in said if sentence]


def without_narrowing(query: QueryDict) -> str:
    """The list's query string with the hidden filters cleared (the visible ones kept)."""
    kept = query.copy()
    for name in (*HIDDEN, "page"):
        kept.pop(name, None)
    return kept.urlencode()
