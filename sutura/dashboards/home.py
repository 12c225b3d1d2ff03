"""What the dashboards add to the home page and the menu (`DashboardsConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.core.registry import Card, NavItem
from sutura.dashboards.sets import sets_for


class DashboardsItem(NavItem):
    """Shown to whoever has a dashboard (several permissions open one: `sets.SETS`)."""

    def shown_to(self, user: Any) -> bool:
        return bool(sets_for(user))


MENU = [DashboardsItem(_("Dashboards"), "dashboards:dashboard", order=40)]


def cards(user: Any) -> Iterator[Card]:
    mine = sets_for(user)
    if not mine:
        return
    url = reverse("dashboards:dashboard")
    yield Card(
        _("Dashboards"),
        _("Your figures as charts, by period, area and programme; open the list behind a number."),
        [(str(found.name), f"{url}?set={found.code}") for found in mine],
        order=30,
    )
