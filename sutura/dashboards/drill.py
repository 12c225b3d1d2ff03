"""From a number to the list behind it, with the dashboard's filters as its query parameters
(`cases/forms.py::DrillFields`, the hidden drill-down fields). Those who open cases
(`Perm.MANAGE_CASES`) land on the case list, which shows the cases they may see (`visible`);
those who only count them (`Perm.VIEW_INDICATORS`: an M&E officer) land on the list without
names (`cases:counted`), which shows the cases they count (`access.cases.cases_counted_for`).
For most, both are their organisation's: the rows counted.

A cell whose value is hidden ("<5") gets no link (the caller checks); neither does a cell the
list cannot narrow to ("unknown", a week of an indicator other than registrations), nor one
of another organisation's figures."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.indicators import UNKNOWN, Period
from sutura.dashboards.filters import NOTHING, Filters
from sutura.dashboards.sets import Panel

# Which cases each indicator counts, as the list's filters over the period.
CASE_PERIOD = {
    "cases.registered": ("opened_from", "opened_to"),
    "cases.active": ("open_from", "open_to"),
    "cases.vulnerable": ("open_from", "open_to"),
}
# A cell's dimension → the list's parameter.
CASE_CELLS = {
    "status": "status",
    "vulnerability": "vulnerability",
    "programme": "programme",
    "sex": "sex",
    "age_group": "age_group",
}


def _case_list(user: Any) -> str | None:
    """The list of cases this user may open from a figure, or None."""
    if can(user, Perm.MANAGE_CASES):
        return reverse("cases:list")
    if can(user, Perm.VIEW_INDICATORS):
        return reverse("cases:counted")
    return None


def _cases(user: Any, panel: Panel, filters: Filters, dimension: str, code: str) -> str | None:
    target = _case_list(user)
    if target is None or panel.indicator not in CASE_PERIOD:
        return None
    if filters.organisation is not None and filters.organisation.pk != user.organisation_id:
        return None  # the list holds one's own organisation's cases
    if code == UNKNOWN:
        return None
    period = filters.period
    params: list[tuple[str, str]] = []
    if dimension in ("week", "month"):
        try:
            step = Period.parse(code)
        except ValueError:
            return None
        if panel.indicator != "cases.registered":
            return None
        # A week or month at the edge of the filters' period counts only its days inside it:
        # the list too (week 40 of a fourth quarter starts on 28 September).
        first, last = max(step.start, period.start), min(step.end, period.end)
        if last < first:
            return None
        period = Period(first, last, "custom")
    elif dimension == "admin1":
        if filters.admin2 is not None:
            return None
        params.append(("residence", code))
    elif dimension:
        if dimension not in CASE_CELLS:
            return None
        params.append((CASE_CELLS[dimension], code))
    start, end = CASE_PERIOD[panel.indicator]
    params += [(start, period.start.isoformat()), (end, period.end.isoformat())]
    place = filters.admin2 or filters.admin1
    if place is not None and dimension != "admin1":
        params.append(("residence", str(place.pk)))
    if filters.programme_ids and dimension != "programme":
        if filters.programme_ids == (NOTHING,):
            return None
        params += [("programme", str(pk)) for pk in filters.programme_ids]
    if panel.indicator == "cases.vulnerable":
        params.append(("flagged", "on"))
    return f"{target}?{urlencode(params)}"


LISTS = {"cases": _cases}


def link_maker(user: Any) -> Any:
    """drill(panel, filters, dimension, code) → the list's URL, or None."""

    def drill(panel: Panel, filters: Filters, dimension: str, code: str) -> str | None:
        found = LISTS.get(panel.drill)
        return found(user, panel, filters, dimension, code) if found else None

    return drill
