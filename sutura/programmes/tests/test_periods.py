"""Reporting periods as people write them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sutura.programmes import periods


def test_a_quarter_runs_from_its_first_to_its_last_day() -> None:
    quarter = periods.parse("2026-q3")
    assert (quarter.start, quarter.end, quarter.code, quarter.kind) == (
        date(2026, 7, 1),
        date(2026, 9, 30),
        "2026-Q3",
        periods.QUARTER,
    )


def test_a_month_and_a_year() -> None:
    assert periods.parse("2028-02").end == date(2028, 2, 29)
    assert periods.parse("2026").start == date(2026, 1, 1)
    assert periods.parse(" 2026 ").end == date(2026, 12, 31)


@pytest.mark.parametrize("code", ["", "2026-Q5", "2026-13", "26-Q1", "2026-W14", "9999"])
def test_other_forms_are_refused_with_the_forms_allowed(code: str) -> None:
    with pytest.raises(ValidationError):
        periods.parse(code)


def test_the_period_holding_a_day() -> None:
    assert periods.containing(date(2026, 11, 5), periods.QUARTER).code == "2026-Q4"
    assert periods.containing(date(2026, 11, 5), periods.MONTH).code == "2026-11"
