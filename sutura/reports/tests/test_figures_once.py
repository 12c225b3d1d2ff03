"""A report's figures read each figure once: the results framework's actual of the report's
quarter is the indicator table's total (not counted again), and the framework's other
quarters are not counted at all — the snapshot is the same as before."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sutura.accounts.roles import Role
from sutura.programmes import selectors as programme_selectors
from sutura.programmes import services
from sutura.programmes.models import ResultLevel
from sutura.programmes.tests.helpers import case_of, programme_of
from sutura.reports import figures
from tests.worlds import World

pytestmark = pytest.mark.django_db

QUARTERS = ("2025-Q4", "2026-Q1", "2026-Q2")
CASES = 6  # the small-number rule shows 5 and more
Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def setup(world: World) -> dict[str, Any]:
    users = world.a.users
    manager = users[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager, name="Programme compté", code="PC-1")
    for number in range(CASES):
        case_of(programme, users[Role.CASE_MANAGER], name=f"Binta{number}")
    goal = services.add_result(
        actor=manager, programme=programme, level=ResultLevel.GOAL, statement="Réintégrés"
    )
    indicator = services.add_result_indicator(actor=manager, result=goal, code="cases.registered")
    for quarter in QUARTERS:
        services.set_period_value(
            actor=manager, indicator=indicator, period=quarter, target=Decimal(5)
        )
    return {"manager": manager, "programme": programme}


def _sql_of(call: Any) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        found = call()
    return found, [q["sql"] for q in queries.captured_queries]


def test_the_framework_within_a_report_counts_its_quarter_only(setup: dict[str, Any]) -> None:
    manager, programme = setup["manager"], setup["programme"]
    everything = programme_selectors.framework(manager, programme)
    within = programme_selectors.framework(manager, programme, within=Q1)
    periods = [p.value.period for p in everything[0].indicators[0].periods]
    assert sorted(periods) == list(QUARTERS)
    (q1,) = within[0].indicators[0].periods
    assert q1.value.period == "2026-Q1" and q1.actual == CASES
    earlier = {p.value.period: p.actual for p in everything[0].indicators[0].periods}
    assert earlier["2026-Q1"] == CASES


def test_the_snapshot_counts_each_figure_once_and_stays_the_same(setup: dict[str, Any]) -> None:
    manager, programme = setup["manager"], setup["programme"]
    snapshot, sql = _sql_of(lambda: figures.compute(manager, programme, *Q1, kind="quarter"))
    (registered,) = [i for i in snapshot["indicators"] if i["code"] == "cases.registered"]
    assert registered["total"] == CASES
    (period,) = snapshot["results"][0]["indicators"][0]["periods"]
    assert (period["period"], period["actual"], period["computed"]) == ("2026-Q1", CASES, True)
    # The cases of the programme are read once for cases.registered: its table, not the
    # framework's three quarters again.
    registered_reads = [s for s in sql if '"cases_case"."opened_on" >=' in s]
    assert len(registered_reads) == 1
    # What the snapshot says is what each part says on its own.
    assert snapshot["results"] == figures.results(manager, programme, *Q1)
    tables, _places = figures.indicator_tables(
        manager, programme, figures.indicators.Period(*Q1, "quarter")
    )
    assert snapshot["indicators"] == tables
