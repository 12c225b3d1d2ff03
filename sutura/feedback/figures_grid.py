"""The grid the feedback figures are counted on, and the rules that protect small counts
(explained in `figures.py`): the period (a year or a quarter: quarters are the grid's),
the cells per organisation, value and quarter, and what a column of them may show."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count
from django.db.models.functions import ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

SMALL_COUNT = 5
SUPPRESSED = "<5"  # from 1 to 4
HIDDEN = "…"  # not shown: it would let a count from 1 to 4 be worked out
Shown = int | str
SENSITIVE = "sensitive"
UNKNOWN = ""


def small(number: int) -> bool:
    return 0 < number < SMALL_COUNT


# --- the period -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A calendar year or one of its quarters (the grid's quarters, in the site's time zone)."""

    year: int
    quarter: int | None = None

    @property
    def quarters(self) -> tuple[int, ...]:
        return (self.quarter,) if self.quarter else (1, 2, 3, 4)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def label(self) -> str:
        if self.quarter:
            return _("Quarter %(quarter)d of %(year)d") % {
                "quarter": self.quarter,
                "year": self.year,
            }
        return _("Year %(year)d") % {"year": self.year}

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_current_timezone()
        first = (self.quarter - 1) * 3 + 1 if self.quarter else 1
        start = datetime.datetime(self.year, first, 1, tzinfo=zone)
        if self.quarter and self.quarter < 4:
            end = datetime.datetime(self.year, first + 3, 1, tzinfo=zone)
        else:
            end = datetime.datetime(self.year + 1, 1, 1, tzinfo=zone)
        return start, end

    @classmethod
    def parse(cls, text: str) -> Period | None:
        found = re.fullmatch(r"(\d{4})(?:-Q([1-4]))?", (text or "").strip())
        if found is None:
            return None
        year = int(found.group(1))
        return cls(year, int(found.group(2)) if found.group(2) else None)

    @classmethod
    def current_year(cls) -> Period:
        return cls(timezone.localdate().year)


def period_choices(years: int = 3) -> list[tuple[str, str]]:
    """This year and the previous ones, each followed by its quarters (those begun)."""
    today = timezone.localdate()
    choices = []
    for year in range(today.year, today.year - years, -1):
        choices.append((str(year), Period(year).label))
        last = (today.month - 1) // 3 + 1 if year == today.year else 4
        choices += [(Period(year, q).key, Period(year, q).label) for q in range(last, 0, -1)]
    return choices


# --- the grid ---------------------------------------------------------------------------------

Cells = dict[tuple[Any, Any, int], int]  # (organisation, value, quarter) → items


def count_cells(items: models.QuerySet[Any], expression: Any) -> Cells:
    found: Cells = {}
    rows = (
        items.order_by()
        .annotate(quarter=ExtractQuarter("received_at"), value=expression)
        .values("organisation_id", "value", "quarter")
        .annotate(number=Count("pk"))
    )
    for row in rows:
        value = row["value"] if row["value"] is not None else UNKNOWN
        found[(row["organisation_id"], value, row["quarter"])] = row["number"]
    return found


@dataclass(frozen=True)
class Unit:
    """Whose items a column (or a row of "By organisation") counts, and whether the reader may
    know its counts under 5."""

    organisations: frozenset[Any]
    protected: bool
    single: bool = True  # one organisation: its total may read "<5"


class Grid:
    """The cells of every breakdown of the items counted, and the rules above."""

    def __init__(self, cells: dict[str, Cells]) -> None:
        self.cells = cells

    def _sum(self, breakdown: str, organisations: frozenset[Any]) -> dict[tuple[Any, int], int]:
        found: dict[tuple[Any, int], int] = {}
        for (organisation, value, quarter), number in self.cells[breakdown].items():
            if organisation in organisations:
                found[(value, quarter)] = found.get((value, quarter), 0) + number
        return found

    def _quarters(self, organisation: Any, breakdown: str = "outcome") -> dict[int, int]:
        found: dict[int, int] = {}
        for (_value, quarter), number in self._sum(breakdown, frozenset({organisation})).items():
            found[quarter] = found.get(quarter, 0) + number
        return found

    def values(self, breakdown: str, unit: Unit) -> set[Any]:
        return {value for (value, _q) in self._sum(breakdown, unit.organisations)}

    def total_exact(self, unit: Unit) -> bool:
        """No organisation of the unit holds 1 to 4 items in one quarter of the period."""
        if not unit.protected:
            return True
        return not any(
            small(number)
            for organisation in unit.organisations
            for number in self._quarters(organisation).values()
        )

    def total(self, unit: Unit) -> Shown:
        number = sum(self._sum("outcome", unit.organisations).values())
        if self.total_exact(unit):
            return number
        if unit.single:
            [organisation] = unit.organisations
            quarters = [n for n in self._quarters(organisation).values() if n]
            if len(quarters) == 1 and small(number):
                return SUPPRESSED
        return HIDDEN

    def masked(self, breakdown: str, unit: Unit) -> bool:
        """A protected unit's breakdown is shown whole or not at all."""
        if not unit.protected:
            return False
        if not self.total_exact(unit):
            return True
        return any(small(n) for n in self._sum(breakdown, unit.organisations).values())

    def cell(self, breakdown: str, unit: Unit, value: Any) -> Shown:
        if self.masked(breakdown, unit):
            return HIDDEN
        return sum(
            n for (v, _q), n in self._sum(breakdown, unit.organisations).items() if v == value
        )

    def column_total(self, breakdown: str, unit: Unit) -> Shown:
        if self.masked(breakdown, unit):
            return HIDDEN
        return sum(self._sum(breakdown, unit.organisations).values())

    def sensitive(self, unit: Unit) -> Shown:
        """The sensitive items' line: a count under 5 is known to the focal points only."""
        quarters = [n for n in self._quarters_of(unit).values() if n]
        number = sum(quarters)
        if not unit.protected or not any(small(n) for n in quarters):
            return number
        return SUPPRESSED if len(quarters) == 1 and small(number) else HIDDEN

    def _quarters_of(self, unit: Unit) -> dict[int, int]:
        found: dict[int, int] = {}
        for (_v, quarter), number in self._sum(SENSITIVE, unit.organisations).items():
            found[quarter] = found.get(quarter, 0) + number
        return found


def combined(parts: Iterable[Shown]) -> Shown:
    """The sum of columns shown (one not shown, beside zeros, keeps its mark)."""
    parts = list(parts)
    hidden = [p for p in parts if not is_number(p)]
    numbers = [int(p) for p in parts if is_number(p)]
    if not hidden:
        return sum(numbers)
    if len(hidden) == 1 and not any(numbers):
        return hidden[0]
    return HIDDEN


def is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
