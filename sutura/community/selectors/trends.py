"""Case trends of a community by calendar quarter (a fixed grid: small-number protection), and
the counts from `access.community.case_trend_counts` (numbers only, small counts protected)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access.community import (
    HIDDEN,
    CaseTrend,
    Shown,
    case_trend_counts,
    reads_case_trends,
)
from sutura.cases.models import Vulnerability
from sutura.community.models import Community


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarters_between(
    start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """Whole calendar quarters from the one holding `start` to the one holding `end`."""
    first = quarter_start(start)
    found: list[tuple[datetime.date, datetime.date]] = []
    while first <= end and len(found) < 20:
        following = add_months(first, 3)
        found.append((first, following - datetime.timedelta(days=1)))
        first = following
    return found


def default_periods(today: datetime.date | None = None) -> list[tuple[Any, Any]]:
    """The last four calendar quarters, up to today's."""
    today = today or timezone.localdate()
    return quarters_between(add_months(quarter_start(today), -9), today)


def period_label(start: datetime.date) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}


def sum_if_all_shown(values: list[Shown]) -> Shown:
    """The total of figures already shown, or HIDDEN when one of them is not a number.

    A total over several quarters is shown only when every figure it adds up is shown as a
    number: it is then the sum a reader could make from the table, and tells nothing more. A
    total over a cell shown "<5" or "…" is hidden, since the total less the other cells would
    give that cell back (the complementary-cell rule); so is one whose window differs from a
    shown one by a hidden quarter, since that quarter's column holds a hidden figure too."""
    if any(not isinstance(value, int) for value in values):
        return HIDDEN
    return sum(value for value in values if isinstance(value, int))


@dataclass
class TrendRow:
    label: str
    cells: list[Shown]
    total: Shown


@dataclass
class TrendView:
    """What a page, the API and the reports show of a case trend (always by quarter)."""

    community: Community
    headers: list[str]
    rows: list[TrendRow]
    column_totals: list[Shown]
    total: Shown

    def as_data(self) -> dict[str, Any]:
        return {
            "community": str(self.community.pk),
            "step": "quarter",
            "categories": self.headers,
            "rows": [{"period": r.label, "counts": r.cells, "total": r.total} for r in self.rows],
            "totals": self.column_totals,
            "total": self.total,
        }


def _view(community: Community, trend: CaseTrend) -> TrendView:
    labels = dict(Vulnerability.choices)
    cells, row_totals = trend.table.cells, trend.table.row_totals
    rows = [
        TrendRow(period_label(start), row, total)
        for (start, _end), row, total in zip(trend.periods, cells, row_totals, strict=True)
    ]
    # The access layer gives no total over the quarters; the Total row adds up the figures
    # shown, and only when all of them are numbers (`sum_if_all_shown`).
    columns = [sum_if_all_shown([row[j] for row in cells]) for j in range(len(trend.categories))]
    return TrendView(
        community=community,
        headers=[str(labels[code]) for code in trend.categories],
        rows=rows,
        column_totals=columns,
        total=sum_if_all_shown(list(row_totals)),
    )


def trend_for(
    user: Any,
    community: Community,
    *,
    periods: list[tuple[datetime.date, datetime.date]] | None = None,
) -> TrendView:
    """The community's case trend for the user, by calendar quarter: the last four, or those
    holding `periods` (the access layer snaps any period to quarters: one fixed grid, so no
    two tables differ by a small count). 404 when the user does not read it."""
    chosen = periods if periods is not None else default_periods()
    trend = case_trend_counts(user, community, periods=chosen)
    if trend is None:
        raise Http404
    return _view(community, trend)


def trends_section(user: Any, community: Community) -> dict[str, Any] | None:
    """The community page's link to its case trends, for those who read them."""
    if not reads_case_trends(user, community):
        return None
    return {"community": community}
