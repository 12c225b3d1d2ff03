"""The survey's indicators on the access world (a baseline with example A's answers on the
first case of each side): the mean scores, the surveys done, the share of cases with a
baseline; each side counts its own."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.core import indicators
from sutura.core.indicators import Period
from sutura.rss import services
from sutura.rss.tests.examples import EXAMPLE_C
from tests.worlds import World

pytestmark = pytest.mark.django_db
YEAR = Period.parse("2026")


def test_the_indicators_are_registered_with_their_units() -> None:
    units = {i.code: i.unit for i in indicators.all_indicators() if i.code.startswith("rss.")}
    assert units == {
        "rss.mean_composite": "score",
        "rss.mean_economic": "score",
        "rss.mean_social": "score",
        "rss.mean_psychosocial": "score",
        "rss.surveys_done": "count",
        "rss.baseline_share": "percent",
    }


def test_the_mean_scores_of_the_surveys_done_in_the_period(world: World, settings: Any) -> None:
    officer = world.a.users[Role.ME_OFFICER]
    composite = indicators.get("rss.mean_composite").value(officer, YEAR)
    # The registry hands scores out to two places (its rounding, core.indicators._result).
    assert composite.total == 0.72
    services.record_survey(
        actor=world.a.users[Role.CASE_MANAGER],
        case=world.a.case,
        kind="follow_up",
        offset_months=3,
        surveyed_on=datetime.date(2026, 4, 10),
        answers=EXAMPLE_C,
    )
    both = indicators.get("rss.mean_composite").value(officer, YEAR, by=("survey_kind",))
    assert both.cells == {("baseline",): 0.72, ("follow_up",): 0.3}
    assert both.total == 0.51  # (0.7175 + 0.295833) / 2 = 0.50666…
    done = indicators.get("rss.surveys_done").value(officer, YEAR, by=("survey_kind",))
    assert (done.total, done.cells) == (2, {("baseline",): 1, ("follow_up",): 1})
    q1 = indicators.get("rss.surveys_done").value(officer, Period.parse("2026-Q1"))
    assert q1.total == 1
    assert indicators.get("rss.surveys_done").value(world.b.users[Role.ME_OFFICER], YEAR).total == 1


def test_the_share_of_cases_with_a_baseline(world: World) -> None:
    officer = world.a.users[Role.ME_OFFICER]
    share = indicators.get("rss.baseline_share").value(officer, YEAR)
    # Of A's return-and-reintegration cases opened in 2026, one (A's first case) is surveyed.
    assert share.base >= 1
    assert share.total == round(100.0 / share.base, 1)
