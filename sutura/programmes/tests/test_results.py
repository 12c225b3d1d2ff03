"""The results framework: actuals computed through the indicator registry for the programme
(one selector asks it), or entered with their source; progress against target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.core import indicators
from sutura.programmes import periods, selectors, services
from sutura.programmes.models import ResultLevel
from sutura.programmes.tests.helpers import case_of, programme_of

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class _Period:
    start: date
    end: date


@dataclass(frozen=True)
class _Scope:
    programme_ids: tuple[Any, ...] = ()


@dataclass
class _Figure:
    total: Any


class _Registered:
    """An indicator of the registry's interface (issue 20): value(user, period, scope=…)."""

    code, label, unit = "test.registered", "Registered", "count"
    asked: list[tuple[Any, Any, Any]] = []

    def value(self, user: Any, period: Any, *, scope: Any, by: tuple[str, ...] = ()) -> Any:
        self.asked.append((user, period, scope))
        return _Figure(total=12)


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> _Registered:
    indicator = _Registered()
    indicator.asked = []
    monkeypatch.setattr(indicators, "Period", _Period, raising=False)
    monkeypatch.setattr(indicators, "Scope", _Scope, raising=False)
    monkeypatch.setattr(indicators, "all_indicators", lambda: [indicator])
    real = indicators.get
    monkeypatch.setattr(
        indicators, "get", lambda code: indicator if code == indicator.code else real(code)
    )
    return indicator


def test_progress_runs_from_the_baseline_to_the_target() -> None:
    assert selectors.progress(Decimal(6), None, Decimal(8)) == 75
    assert selectors.progress(Decimal(6), Decimal(4), Decimal(8)) == 50
    assert selectors.progress(Decimal(10), Decimal(4), Decimal(8)) == 150
    assert selectors.progress(None, Decimal(4), Decimal(8)) is None
    assert selectors.progress(Decimal(3), None, None) is None


def test_a_registry_indicator_is_computed_for_the_programme_and_the_period(
    users_a: dict[Role, Any], registry: _Registered
) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    goal = services.add_result(
        actor=manager, programme=programme, level=ResultLevel.GOAL, statement="Réintégration"
    )
    outcome = services.add_result(
        actor=manager,
        programme=programme,
        level=ResultLevel.OUTCOME,
        statement="Accès",
        parent=goal,
    )
    computed = services.add_result_indicator(actor=manager, result=outcome, code=registry.code)
    services.set_period_value(
        actor=manager, indicator=computed, period="2026-Q1", baseline=Decimal(0), target=Decimal(16)
    )
    services.set_period_value(
        actor=manager, indicator=computed, period="2099-Q1", target=Decimal(1)
    )
    entered = services.add_result_indicator(
        actor=manager, result=goal, name="Score RSS moyen", unit="score", source="Enquête"
    )
    services.set_period_value(
        actor=manager,
        indicator=entered,
        period="2026",
        baseline=Decimal("0.4"),
        target=Decimal("0.6"),
    )
    with pytest.raises(ValidationError):  # a computed indicator takes no actual
        services.set_period_value(
            actor=manager,
            indicator=computed,
            period="2026-Q2",
            actual=Decimal(3),
            actual_source="x",
        )

    reader = users_a[Role.ME_OFFICER]
    rows = selectors.framework(reader, programme)
    assert [(r.node.level, r.depth) for r in rows] == [("goal", 0), ("outcome", 1)]
    (computed_row,) = rows[1].indicators
    past, future = computed_row.periods
    assert (past.actual, past.percent, past.bar, past.computed) == (12, 75, 75, True)
    assert future.actual is None  # a period not begun is not asked
    assert registry.asked == [
        (reader, _Period(date(2026, 1, 1), date(2026, 3, 31)), _Scope((programme.pk,)))
    ]
    (entered_row,) = rows[0].indicators
    assert entered_row.periods[0].actual is None and entered_row.periods[0].percent is None


def test_the_actual_is_none_when_the_registry_cannot_scope_a_programme(
    users_a: dict[Role, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registry without scopes (the old `count(user, start, end)`) shows nothing rather
    than the whole organisation's figure; an unknown code shows nothing either."""
    monkeypatch.delattr(indicators, "Scope", raising=False)
    old = _Registered()
    monkeypatch.setattr(indicators, "get", lambda code: old if code == "test.old" else {}[code])
    programme = programme_of(users_a[Role.PROGRAMME_MANAGER])
    period = periods.parse("2026-Q1")
    reader = users_a[Role.ME_OFFICER]
    assert selectors.indicator_actual(reader, "test.old", period, programme) is None
    assert selectors.indicator_actual(reader, "no.such", period, programme) is None
    assert old.asked == []


def test_an_actual_the_small_number_rule_holds_back_shows_as_it_is(
    users_a: dict[Role, Any], registry: _Registered, monkeypatch: pytest.MonkeyPatch
) -> None:
    @dataclass
    class _Shown:
        total: Any

        def display(self) -> dict[str, Any]:
            return {"total": "<5", "cells": [], "suppressed": True}

    monkeypatch.setattr(_Registered, "value", lambda self, *a, **k: _Shown(total=3))
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    goal = services.add_result(
        actor=manager, programme=programme, level=ResultLevel.GOAL, statement="R"
    )
    indicator = services.add_result_indicator(actor=manager, result=goal, code=registry.code)
    services.set_period_value(
        actor=manager, indicator=indicator, period="2026-Q1", target=Decimal(9)
    )
    (row,) = selectors.framework(users_a[Role.ME_OFFICER], programme)[0].indicators[0].periods
    assert (row.actual, row.suppressed, row.percent, row.bar) == ("<5", True, None, 0)


def test_the_registrys_cases_are_counted_for_the_programme_alone(
    users_a: dict[Role, Any],
) -> None:
    """The real registry (no stand-in): the programme's active cases in the period."""
    manager, worker = users_a[Role.PROGRAMME_MANAGER], users_a[Role.CASE_MANAGER]
    programme = programme_of(manager)
    other = programme_of(manager, name="Autre")
    case_of(programme, worker, "Awa")
    case_of(programme, worker, "Binta")
    case_of(other, worker, "Coumba")
    goal = services.add_result(
        actor=manager, programme=programme, level=ResultLevel.GOAL, statement="R"
    )
    indicator = services.add_result_indicator(actor=manager, result=goal, code="cases.active")
    today = periods.containing(timezone.localdate(), periods.YEAR)
    services.set_period_value(
        actor=manager, indicator=indicator, period=today.code, target=Decimal(4)
    )
    (row,) = selectors.framework(manager, programme)[0].indicators[0].periods
    assert (row.actual, row.percent) == (2, 50)
