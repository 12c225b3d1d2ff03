"""Case trends of a community: the periods asked (months or quarters), and the counts from
`access.community.case_trend_counts` (numbers only, small counts protected)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access.community import CaseTrend, Shown, case_trend_counts
from sutura.cases.models import Vulnerability
from sutura.community.models import Community
from sutura.core.dates import date_format

STEPS = ("month", "quarter")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def periods_between(
    start: datetime.date, end: datetime.date, step: str
) -> list[tuple[datetime.date, datetime.date]]:
    """Whole months (or quarters) from the one holding `start` to the one holding `end`."""
    months = 3 if step == "quarter" else 1
    first = quarter_start(start) if step == "quarter" else month_start(start)
    found: list[tuple[datetime.date, datetime.date]] = []
    while first <= end and len(found) < 60:
        following = add_months(first, months)
        found.append((first, following - datetime.timedelta(days=1)))
        first = following
    return found


def default_periods(step: str, today: datetime.date | None = None) -> list[tuple[Any, Any]]:
    """The last twelve months, or the last four quarters, up to today."""
    today = today or timezone.localdate()
    if step == "quarter":
        return periods_between(add_months(quarter_start(today), -9), today, step)
    return periods_between(add_months(month_start(today), -11), today, step)


def period_label(start: datetime.date, end: datetime.date, step: str) -> str:
    if step == "quarter":
        return _("Q%(quarter)s %(year)s") % {
            "quarter": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    if step == "month":
        return date_format(start, "YEAR_MONTH_FORMAT")
    return _("%(start)s to %(end)s") % {
        "start": date_format(start, "SHORT_DATE_FORMAT"),
        "end": date_format(end, "SHORT_DATE_FORMAT"),
    }


@dataclass
class TrendRow:
    label: str
    cells: list[Shown]
    total: Shown


@dataclass
class TrendView:
    """What a page, the API and the reports show of a case trend."""

    community: Community
    step: str
    headers: list[str]
    rows: list[TrendRow]
    column_totals: list[Shown]
    total: Shown

    def as_data(self) -> dict[str, Any]:
        return {
            "community": str(self.community.pk),
            "step": self.step,
            "categories": self.headers,
            "rows": [{"period": r.label, "counts": r.cells, "total": r.total} for r in self.rows],
            "totals": self.column_totals,
            "total": self.total,
        }


def _view(community: Community, step: str, trend: CaseTrend) -> TrendView:
    labels = dict(Vulnerability.choices)
    rows = [
        TrendRow(period_label(start, end, step), cells, total)
        for (start, end), cells, total in zip(
            trend.periods, trend.table.cells, trend.table.row_totals, strict=True
        )
    ]
    return TrendView(
        community=community,
        step=step,
        headers=[str(labels[code]) for code in trend.categories],
        rows=rows,
        column_totals=trend.table.column_totals,
        total=trend.table.total,
    )


def trend_for(
    user: Any,
    community: Community,
    *,
    step: str = "month",
    periods: list[tuple[datetime.date, datetime.date]] | None = None,
    programme: Any = None,
) -> TrendView:
    """The community's case trend for the user (404 when the user does not see it)."""
    # Always calendar quarters (the access layer snaps any period to them: one fixed grid, so
    # no two tables differ by a small count); `step` and `programme` are kept for callers.
    chosen = periods if periods is not None else default_periods("quarter")
    trend = case_trend_counts(user, community, periods=chosen, programme=programme)
    if trend is None:
        raise Http404
    return _view(community, "quarter", trend)
