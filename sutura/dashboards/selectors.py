"""The dashboard's figures: each panel is ONE call of the registry (one GROUP BY), shown as the
small-number rule allows (`Figure.display()`: "<5" outside the owning organisation, the
complementary cell too). The figures are counted off the request and kept per user, dashboard
and filters (`models.DashboardSnapshot`, written by `services`); what is kept holds codes and
numbers only, labels are put on after, in the reader's language."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Case, Value, When
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sutura.core import indicators
from sutura.core.indicators import Period
from sutura.core.templatetags.typography import percent_text
from sutura.dashboards.filters import Filters
from sutura.dashboards.labels import labeller, natural_rank
from sutura.dashboards.models import DashboardSnapshot
from sutura.dashboards.sets import DashboardSet, Panel

SUPPRESSED = indicators.SUPPRESSED


def shown(value: Any, unit: str) -> SafeString:
    """A value as the page prints it: "<5" marked as hidden, "–" for nothing, a unit."""
    if value is None:
        return mark_safe("–")
    if value == SUPPRESSED:
        return format_html('<span class="suppressed" title="{}">&lt;5</span>', _("fewer than 5"))
    text = number_format(value, force_grouping=True)
    if unit == "percent":
        return format_html("{}", percent_text(text))
    if unit == "median_days":
        return format_html("{}", _("%(days)s days") % {"days": text})
    return format_html("{}", text)


@dataclass
class Cell:
    code: str
    label: str
    value: Any
    url: str | None = None
    text: SafeString | str = ""


@dataclass
class Figure:
    panel: Panel
    name: str
    definition: str
    unit: str
    by: str  # the dimension of the cells ("" for a number alone)
    total: Any
    cells: list[Cell]
    suppressed: bool
    total_url: str | None = None
    total_text: SafeString | str = ""
    by_text: str = ""  # "by week", "by age group": tells apart panels of one indicator


def by_text(dimension: str) -> str:
    """How a panel's cells are broken down, in words ("" for a number alone)."""
    extra = {
        "status": _("status"),
        "category": _("category"),
        "currency": _("currency"),
        "admin1": _("region"),  # a title in plain words: "(admin 1)" is for the filters
    }
    name = extra.get(dimension) or indicators.DIMENSIONS.get(dimension)
    return _("by %(dimension)s") % {"dimension": name} if name else ""


def _unless_said(name: str, by: str) -> str:
    """`by` unless the indicator's name already says how it is broken down ("Cases by
    status", "Vulnerable cases by category"): a title says it once."""
    word = (_("by %(dimension)s") % {"dimension": ""}).strip().casefold()
    return "" if by and f" {word} " in f" {name.casefold()} " else by


def time_dimension(period: Period) -> str:
    """Weeks for a period of a quarter or less, months beyond."""
    return "week" if (period.end - period.start).days <= 92 else "month"


def _dimension(panel: Panel, period: Period) -> str:
    if panel.chart == "trend":
        return time_dimension(period)
    if panel.chart == "map":
        return "admin1"
    if panel.chart == "bars":
        return panel.by
    return ""


def _steps(period: Period, dimension: str) -> list[str]:
    """Every week or month of the period, in order (a trend shows its empty ones as 0)."""
    codes: list[str] = []
    day = period.start
    while day <= period.end:
        kind = dimension
        code = Period(day, day, kind).code
        if code not in codes:
            codes.append(code)
        day += datetime.timedelta(days=7 if dimension == "week" else 28)
    last = Period(period.end, period.end, dimension).code
    if last not in codes:
        codes.append(last)
    return codes


def _asked(panel: Panel, filters: Filters) -> tuple[indicators.Indicator, tuple[str, ...]] | None:
    """The indicator a panel asks and its disaggregation, or None when the registry lacks it."""
    try:
        indicator = indicators.get(panel.indicator)
    except KeyError:
        return None
    dimension = _dimension(panel, filters.period)
    if dimension in ("week", "month") and dimension not in indicator.dimensions:
        # The standard time disaggregations need only the rows' date, which the counter
        # checks ("these rows have no week" otherwise): an indicator that did not list them
        # is asked with them added.
        indicator = replace(indicator, dimensions=(*indicator.dimensions, dimension))
    return indicator, ((dimension,) if dimension else ())


def compute(user: Any, panel: Panel, filters: Filters) -> dict[str, Any] | None:
    """One panel's figure as plain data (cacheable), or None when the registry lacks the
    indicator or cannot split it that way."""
    return compute_all(user, [panel], filters)[0]


def compute_all(
    user: Any, panels: Sequence[Panel], filters: Filters
) -> list[dict[str, Any] | None]:
    """Each panel's figure (`compute`); the panels of one indicator (a trend, a map and bars
    of the cases registered) are asked together, in one read of the rows
    (`Indicator.values`)."""
    together: dict[str, list[tuple[int, indicators.Indicator, tuple[str, ...]]]] = {}
    for index, panel in enumerate(panels):
        found = _asked(panel, filters)
        if found is not None:
            together.setdefault(found[0].code, []).append((index, *found))
    results: list[dict[str, Any] | None] = [None] * len(panels)
    for group in together.values():
        names = dict.fromkeys(name for _i, ind, _by in group for name in ind.dimensions)
        indicator = replace(group[0][1], dimensions=tuple(names))
        bys = [by for _i, _ind, by in group]
        figures: list[indicators.Figure | None]
        try:
            figures = list(indicator.values(user, filters.period, scope=filters.scope, sets=bys))
        except ValueError:  # a panel the registry refuses: each alone, the refused empty
            figures = [_alone(user, indicator, filters, by) for by in bys]
        for (index, _ind, by), figure in zip(group, figures, strict=True):
            if figure is not None:
                results[index] = _data(indicator, figure, by, filters)
    return results


def _alone(
    user: Any, indicator: indicators.Indicator, filters: Filters, by: tuple[str, ...]
) -> indicators.Figure | None:
    try:
        return indicator.value(user, filters.period, scope=filters.scope, by=by)
    except ValueError:
        return None


def _data(
    indicator: indicators.Indicator,
    figure: indicators.Figure,
    by: tuple[str, ...],
    filters: Filters,
) -> dict[str, Any]:
    dimension = by[0] if by else ""
    shown = figure.display()
    split = len(figure.by) - len(by)  # an amount's currency comes first
    cells = []
    for cell in shown["cells"]:
        key = [str(cell["key"][name]) for name in figure.by]
        cells.append(
            [" ".join(key[:split] + key[split:]) if split else key[-1], key, cell["value"]]
        )
    if dimension in ("week", "month"):
        present = {code for code, _k, _v in cells}
        cells += [
            [code, [code], 0] for code in _steps(filters.period, dimension) if code not in present
        ]
        cells.sort(key=lambda c: c[0])
    return {
        "unit": indicator.unit,
        "by": list(figure.by) if split else ([dimension] if dimension else []),
        "dimension": dimension,
        "total": shown["total"],
        "cells": cells,
        "suppressed": shown["suppressed"],
    }


def snapshot_of(user: Any, dashboard: str, query_key: str) -> DashboardSnapshot | None:
    """The user's own snapshot of a dashboard with these filters (never anyone else's)."""
    return DashboardSnapshot.objects.filter(
        user_id=user.pk, dashboard=dashboard, query_key=query_key
    ).first()


def own_snapshot(user: Any, snapshot_id: Any) -> DashboardSnapshot | None:
    """The snapshot `snapshot_id` if it is the user's own (None for anyone else's)."""
    return DashboardSnapshot.objects.filter(user_id=user.pk, pk=snapshot_id).first()


# How many of a dashboard's last counts say whether the next one is cheap.
TIMED_COUNTS = 3


def recent_count_ms(user: Any, dashboard: str) -> int | None:
    """The slowest of the last counts of `dashboard` (the user's own first, then anyone's), in
    milliseconds; None when none was ever timed."""
    mine = Case(When(user_id=user.pk, then=Value(1)), default=Value(0))
    took: list[int] = [
        ms
        for ms in DashboardSnapshot.objects.filter(dashboard=dashboard, count_ms__isnull=False)
        .annotate(mine=mine)
        .order_by("-mine", "-counted_at")
        .values_list("count_ms", flat=True)[:TIMED_COUNTS]
        if ms is not None
    ]
    return max(took, default=None)


def snapshot_for_worker(snapshot_id: Any) -> DashboardSnapshot | None:
    """The snapshot a recount job was given (by id, in the job's arguments) with its user: the
    job counts again as that user, with the rights the account has now."""
    return DashboardSnapshot.objects.select_related("user").filter(pk=snapshot_id).first()


def recent_viewers(since: datetime.datetime) -> Iterator[tuple[Any, datetime.datetime]]:
    """Each user who opened a dashboard since `since`, with when they last did (the sweep keeps
    their default views counted)."""
    last: dict[Any, datetime.datetime] = {}
    users: dict[Any, Any] = {}
    rows = DashboardSnapshot.objects.select_related("user").defer("figures", "query")
    for found in rows.filter(viewed_at__gte=since):
        users[found.user_id] = found.user
        last[found.user_id] = max(last.get(found.user_id, found.viewed_at), found.viewed_at)
    for user_id, user in users.items():
        yield user, last[user_id]


def step_label(dimension: str, code: str) -> str:
    try:
        period = Period.parse(code)
    except ValueError:
        return code
    if dimension == "month":
        return str(date_format(period.start, "N Y"))
    if dimension == "week":
        return _("week %(week)s of %(year)s") % {"week": code.rsplit("W", 1)[-1], "year": code[:4]}
    return code


def panel_names(dashboard: DashboardSet) -> list[tuple[str, str]]:
    """Each panel's name and definition, shown while its figures are being counted."""
    found = []
    for panel in dashboard.panels:
        try:
            indicator = indicators.get(panel.indicator)
        except KeyError:
            continue
        found.append((str(indicator.name), str(indicator.definition)))
    return found


def figures(
    dashboard: DashboardSet,
    filters: Filters,
    drill: Any,
    every: Sequence[dict[str, Any] | None],
) -> list[Figure]:
    """The panels of a dashboard, from their counted figures (`compute_all`, or a snapshot of
    it), with their labels and, for those who may open the list behind a number, its link
    (`drill(panel, filters, by, code) -> url | None`)."""
    found = []
    wanted: dict[str, set[str]] = {}
    for data in every:
        if data is not None and data["dimension"]:
            wanted.setdefault(data["dimension"], set()).update(c[0] for c in data["cells"])
    label = labeller(wanted)
    for panel, data in zip(dashboard.panels, every, strict=True):
        if data is None:
            continue
        indicator = indicators.get(panel.indicator)
        dimension = data["dimension"]
        cells = []
        rank = natural_rank(dimension)
        for code, key, value in sorted(data["cells"], key=lambda cell: rank(cell[0])):
            if dimension in ("week", "month"):
                text = step_label(dimension, code)
            elif len(key) > 1:  # an amount's currency, then the dimension
                text = " · ".join(
                    label(name, part, panel.indicator)
                    for name, part in zip(data["by"], key, strict=True)
                )
            else:
                text = label(dimension, code, panel.indicator)
            link = None if value == SUPPRESSED else drill(panel, filters, dimension, code)
            cells.append(Cell(code, text, value, link, shown(value, data["unit"])))
        total = data["total"]
        found.append(
            Figure(
                panel=panel,
                name=str(indicator.name),
                definition=str(indicator.definition),
                unit=data["unit"],
                by=dimension,
                total=total,
                cells=cells,
                suppressed=data["suppressed"],
                total_url=None if total == SUPPRESSED else drill(panel, filters, "", ""),
                total_text=shown(total, data["unit"]),
                by_text=_unless_said(str(indicator.name), by_text(dimension)),
            )
        )
    return found
