"""Reporting periods of a results framework, written as codes people read: "2026" (a year),
"2026-Q3" (a quarter), "2026-05" (a month). Targets, baselines and actuals are kept per code;
the indicator registry is asked for the same dates (`selectors.indicator_actual`)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

YEAR, QUARTER, MONTH = "year", "quarter", "month"
_FORMS = (
    (re.compile(r"^(\d{4})$"), YEAR),
    (re.compile(r"^(\d{4})-Q([1-4])$"), QUARTER),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), MONTH),
)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    code: str
    kind: str

    def __str__(self) -> str:
        return self.code


def parse(code: str) -> Period:
    """The period a code names; a code of no known form is refused with the forms it may take."""
    code = (code or "").strip().upper()
    for pattern, kind in _FORMS:
        found = pattern.match(code)
        if not found:
            continue
        year = int(found.group(1))
        if not 1900 <= year <= 2200:
            break
        if kind == YEAR:
            return Period(date(year, 1, 1), date(year, 12, 31), code, kind)
        if kind == QUARTER:
            quarter = int(found.group(2))
            first = 3 * quarter - 2
            last = first + 2
            end = date(year, last, calendar.monthrange(year, last)[1])
            return Period(date(year, first, 1), end, code, kind)
        month = int(found.group(2))
        end = date(year, month, calendar.monthrange(year, month)[1])
        return Period(date(year, month, 1), end, code, kind)
    raise ValidationError(
        _("Write the period as a year (2026), a quarter (2026-Q3) or a month (2026-05)."),
        code="period",
    )


def containing(day: date, kind: str) -> Period:
    """The period of this kind that holds `day` (the current quarter, say)."""
    if kind == YEAR:
        return parse(f"{day.year}")
    if kind == QUARTER:
        return parse(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    return parse(f"{day.year}-{day.month:02d}")
