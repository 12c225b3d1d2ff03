"""A week or month at the edge of the dashboard's period links to its days inside the period,
as the number it stands for counted them (week 40 of 2026 starts on 28 September, in the third
quarter; shown in the fourth, it counts from 1 October)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from sutura.accounts.roles import Role
from sutura.core.indicators import Period
from sutura.dashboards.drill import link_maker

pytestmark = pytest.mark.django_db


def params(url: str | None) -> dict[str, list[str]]:
    assert url is not None
    return parse_qs(urlparse(url).query)


def test_a_week_at_the_edge_of_the_period_links_to_its_days_inside_it(
    users_a: dict[Role, Any],
) -> None:
    drill = link_maker(users_a[Role.PROGRAMME_MANAGER])
    panel = SimpleNamespace(indicator="cases.registered", drill="cases")
    quarter = SimpleNamespace(
        period=Period.parse("2026-Q4"),
        organisation=None,
        admin1=None,
        admin2=None,
        programme_ids=(),
    )
    edge = params(drill(panel, quarter, "week", "2026-W40"))
    assert edge["opened_from"] == ["2026-10-01"] and edge["opened_to"] == ["2026-10-04"]
    inside = params(drill(panel, quarter, "week", "2026-W42"))
    assert inside["opened_from"] == ["2026-10-12"] and inside["opened_to"] == ["2026-10-18"]
    last = params(drill(panel, quarter, "week", "2026-W53"))
    assert last["opened_from"] == ["2026-12-28"] and last["opened_to"] == ["2026-12-31"]
    custom = SimpleNamespace(**{**vars(quarter), "period": Period.parse("2026-03-10..2026-05-20")})
    month = params(drill(panel, custom, "month", "2026-03"))
    assert month["opened_from"] == ["2026-03-10"] and month["opened_to"] == ["2026-03-31"]
    assert drill(panel, quarter, "week", "2026-W30") is None  # outside the period: no link
