"""The dashboards page: the user's dashboards (by role), one shown with its filters; every
figure a chart drawn on the server and a table of its numbers, with links to the lists behind
them for those who may open them."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sutura.core.indicators import Period
from sutura.dashboards import charts, filters, selectors
from sutura.dashboards.drill import link_maker
from sutura.dashboards.labels import regions_by_id
from sutura.dashboards.sets import DashboardSet, sets_for
from sutura.programmes.selectors import programmes_for


def period_choices(today: datetime.date | None = None) -> list[tuple[str, str]]:
    """This year and the two before, their quarters, and the last twelve months."""
    today = today or timezone.localdate()
    found: list[tuple[str, str]] = []
    for year in (today.year, today.year - 1, today.year - 2):
        found.append((str(year), str(year)))
    for year in (today.year, today.year - 1):
        for quarter in (4, 3, 2, 1):
            found.append(
                (f"{year}-Q{quarter}", _("Quarter %(q)s %(year)s") % {"q": quarter, "year": year})
            )
    month = today.replace(day=1)
    for _i in range(12):
        found.append((f"{month:%Y-%m}", str(date_format(month, "F Y"))))
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return found


def _chart(figure: selectors.Figure) -> SafeString:
    points = [charts.Point(c.code, c.label, c.value) for c in figure.cells]
    chart = figure.panel.chart
    if chart == "trend":
        return charts.trend(figure.name, points)
    if chart == "map":
        regions = {str(k): v for k, v in regions_by_id([c.code for c in figure.cells]).items()}
        return charts.admin1_map(figure.name, points, regions)
    if chart == "bars":
        return charts.bars(figure.name, points)
    return mark_safe("")


def _chosen(request: HttpRequest, mine: list[DashboardSet]) -> tuple[DashboardSet, str | None]:
    code = request.GET.get("set", "")
    for found in mine:
        if found.code == code:
            return found, None
    return mine[0], (_("That dashboard is not one of yours: here is yours.") if code else None)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    mine = sets_for(request.user)
    if not mine:
        raise PermissionDenied
    chosen, error = _chosen(request, mine)
    found = filters.parse(request.user, request.GET, chosen)
    if error:
        found.errors.insert(0, error)
    figures = selectors.figures(request.user, chosen, found, link_maker(request.user))
    panels = [(figure, _chart(figure)) for figure in figures]
    query = found.query()
    context: dict[str, Any] = {
        "sets": mine,
        "chosen": chosen,
        "filters": found,
        "query": query,
        "panels": panels,
        "links": [link for link in chosen.links if link.allowed(request.user)],
        "periods": period_choices(),
        "custom": found.period.kind == "custom",
        "period_code": found.period.code,
        "period_text": _period_text(found.period),
        "regions": filters.regions(),
        "departments": filters.departments(found.admin1),
        "organisations": filters.organisations_for(request.user, chosen),
        "programmes": programmes_for(request.user),
        "donors": filters.donors_seen(request.user),
    }
    return render(request, "dashboards/dashboard.html", context)


def _period_text(period: Period) -> str:
    return _("from %(start)s to %(end)s") % {
        "start": date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": date_format(period.end, "SHORT_DATE_FORMAT"),
    }
