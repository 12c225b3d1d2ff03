"""The dashboards page: the user's dashboards (by role), one shown with its filters; every
figure a chart drawn on the server and a table of its numbers, with links to the lists behind
them for those who may open them. While a combination of filters is counted by the worker
(`services.counted_figures`), the page shows its panels "being counted" and polls
`figures_part` (htmx, `POLL_SECONDS`), which answers the figures once they are there."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.core.indicators import Period
from sutura.dashboards import charts, filters, selectors, services
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
            period = Period.parse(f"{year}-Q{quarter}")
            found.append((period.code, filters.period_name(period)))
    month = today.replace(day=1)
    for _i in range(12):
        period = Period.parse(f"{month:%Y-%m}")
        found.append((period.code, filters.period_name(period)))
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


# How often a page whose figures are being counted asks for them (seconds).
POLL_SECONDS = 2


def _chosen(request: HttpRequest, mine: list[DashboardSet]) -> DashboardSet:
    """The dashboard asked (`set`), the user's first without one; 404 for one that is not the
    user's, as for any object one may not see."""
    code = request.GET.get("set", "")
    if not code:
        return mine[0]
    for found in mine:
        if found.code == code:
            return found
    raise Http404


def _figures_context(
    request: HttpRequest,
    chosen: DashboardSet,
    found: filters.Filters,
    counted: services.Counted,
) -> dict[str, Any]:
    """What `_figures.html` shows: the panels counted, or being counted (and how to poll)."""
    panels: list[tuple[selectors.Figure, SafeString]] = []
    if counted.figures is not None:
        figures = selectors.figures(chosen, found, link_maker(request.user), counted.figures)
        panels = [(figure, _chart(figure)) for figure in figures]
    poll = counted.waiting and counted.snapshot_id is not None
    return {
        "chosen": chosen,
        "query": found.query(),
        "counted": counted,
        "counted_text": counted_text(counted.counted_at) if counted.counted_at else "",
        "panels": panels,
        "pending_panels": [] if counted.figures is not None else selectors.panel_names(chosen),
        "poll_url": reverse("dashboards:figures", args=[counted.snapshot_id]) if poll else "",
        "poll_seconds": POLL_SECONDS,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    mine = sets_for(request.user)
    if not mine:
        raise PermissionDenied
    chosen = _chosen(request, mine)
    found = filters.parse(request.user, request.GET, chosen)
    counted = services.counted_figures(actor=request.user, dashboard=chosen, filters=found)
    context: dict[str, Any] = {
        **_figures_context(request, chosen, found, counted),
        "sets": mine,
        "filters": found,
        "links": [link for link in chosen.links if link.allowed(request.user)],
        "periods": period_choices(),
        "custom": found.period.kind == "custom",
        "period_code": found.period.code,
        "period_name": filters.period_name(found.period),
        "period_text": _period_text(found.period),
        "regions": filters.regions_by_country(request.user),
        "departments": filters.departments(found.admin1),
        "organisations": filters.organisations_for(request.user, chosen),
        "programmes": programmes_for(request.user),
        "donors": filters.donors_seen(request.user),
    }
    return render(request, "dashboards/dashboard.html", context)


@login_required
def figures_part(request: HttpRequest, pk: Any) -> HttpResponse:
    """The figures of one of the user's own snapshots, as the page shows them (polled while
    they are being counted: the answer polls on until they are there). 404 for anyone else's."""
    mine = sets_for(request.user)
    if not mine:
        raise PermissionDenied
    snapshot = selectors.own_snapshot(request.user, pk)
    chosen = next((s for s in mine if snapshot is not None and s.code == snapshot.dashboard), None)
    if snapshot is None or chosen is None:
        raise Http404
    params = QueryDict(mutable=True)
    params.update(snapshot.query)
    found = filters.parse(request.user, params, chosen)
    counted = services.state_of(request.user, snapshot)
    context = _figures_context(request, chosen, found, counted)
    response = render(request, "dashboards/_figures.html", context)
    response["Cache-Control"] = "no-store"
    return response


def counted_text(when: datetime.datetime, today: datetime.date | None = None) -> str:
    """ "Figures counted at 07:42", or on another day, its date too (local time)."""
    local = timezone.localtime(when)
    time = time_format(local, "H:i")
    if local.date() == (today or timezone.localdate()):
        return _("Figures counted at %(time)s") % {"time": time}
    return _("Figures counted on %(date)s at %(time)s") % {
        "date": date_format(local, "SHORT_DATE_FORMAT"),
        "time": time,
    }


@login_required
@require_POST
def recount(request: HttpRequest) -> HttpResponse:
    """ "Count again now": the worker counts the figures of this dashboard and filters again;
    back to the page, which says a count is under way. With `now` ("Count now, in this page",
    offered when no worker seems to run): counted here, the user waiting."""
    mine = sets_for(request.user)
    if not mine:
        raise PermissionDenied
    code = request.POST.get("set", "") or mine[0].code  # the page's default, as on the page
    chosen = next((s for s in mine if s.code == code), None)
    if chosen is None:
        raise Http404
    found = filters.parse(request.user, request.POST, chosen)
    if request.POST.get("now"):
        services.count_now(actor=request.user, dashboard=chosen, filters=found)
    else:
        services.request_recount(actor=request.user, dashboard=chosen, filters=found)
    query = urlencode({"set": chosen.code, **found.query()})
    return HttpResponseRedirect(f"{reverse('dashboards:dashboard')}?{query}")


def _period_text(period: Period) -> str:
    return _("from %(start)s to %(end)s") % {
        "start": date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": date_format(period.end, "SHORT_DATE_FORMAT"),
    }
