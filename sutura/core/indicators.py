"""The indicator registry: what each app counts for the programme's indicators and donor
reports. An app registers its indicators in its `AppConfig.ready()`:

    indicators.add(indicators.Indicator(
        code="children.bia_completed",
        label=_("Children with a best-interests assessment"),
        count="sutura.children.indicators.bia_completed",
        unit="people",
    ))

`count(user, start, end)` returns the figure for the period (dates inclusive) over the records
the user may count (`access.*.counted_for` filters: one's own organisation, never rows).
A figure may be disaggregated: `count` then returns `{"total": n, "by_sex": {…}, …}`; a plain
int is a total. The results framework (programmes, targets, reports) reads this registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import import_string

UNITS = ("people", "cases", "records", "days")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str | Promise
    count: str  # dotted path of `count(user, start, end)`
    unit: str = "people"

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"{self.code}: unknown unit {self.unit!r}")

    def value(self, user: Any, start: date, end: date) -> Any:
        return import_string(self.count)(user, start, end)


_INDICATORS: dict[str, Indicator] = {}


def add(*indicators: Indicator) -> None:
    for indicator in indicators:
        _INDICATORS[indicator.code] = indicator


def all_indicators() -> list[Indicator]:
    return sorted(_INDICATORS.values(), key=lambda i: i.code)


def get(code: str) -> Indicator:
    return _INDICATORS[code]
