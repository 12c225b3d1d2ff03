"""The figures of a programme report, as one JSON-ready dict (the snapshot a submitted report
keeps): the indicator tables with their disaggregations, the results framework's progress over
the report's period and the budget against the envelopes.

Everything is asked as the report's reader (a draft) or its submitter (the snapshot) through
the indicator registry and the programmes app's selectors: counts only, never rows. Labels the
registry gives (indicator names, definitions, admin1 names) are stored in both languages, so a
snapshot renders in French or English without asking anything again. Tables follow the
small-number rule (`SUTURA_REPORT_SUPPRESS`: a donor report leaves the organisation).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from sutura.access import visible
from sutura.cases.models import Programme
from sutura.core import indicators
from sutura.geo.models import Location
from sutura.programmes import selectors as programme_selectors
from sutura.programmes.models import ResultIndicator

SCHEMA = 1
# The tables each indicator gets, when it supports their dimensions.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sex_age", ("sex", "age_group")),
    ("admin1", ("admin1",)),
)


def _both(text: Any) -> dict[str, str]:
    found = {}
    for language in ("fr", "en"):
        with translation.override(language):
            found[language] = str(text)
    return found


def plain(value: Any) -> Any:
    """A figure as JSON keeps it (amounts as strings: no float rounding)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")  # never "1.5E+5"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _codes(user: Any, programme: Programme) -> list[str]:
    wanted = list(getattr(settings, "SUTURA_REPORT_INDICATORS", ()))
    framework_codes = (
        visible(user, ResultIndicator)
        .filter(result__programme=programme)
        .exclude(code="")
        .values_list("code", flat=True)
    )
    for code in framework_codes:
        if code not in wanted:
            wanted.append(code)
    known = []
    for code in wanted:
        try:
            indicators.get(code)
        except KeyError:
            continue
        known.append(code)
    return known


def indicator_tables(
    user: Any,
    programme: Programme,
    period: indicators.Period,
    *,
    step: Callable[[], None] | None = None,
) -> tuple[list[dict[str, Any]], set[str]]:
    """Each indicator's total and tables; the admin1 ids the tables name."""
    suppress = bool(getattr(settings, "SUTURA_REPORT_SUPPRESS", True))
    scope = indicators.Scope(programme_ids=(programme.pk,))
    places: set[str] = set()
    found = []
    for code in _codes(user, programme):
        indicator = indicators.get(code)
        entry: dict[str, Any] = {
            "code": code,
            "unit": indicator.unit,
            "name": _both(indicator.name),
            "definition": _both(indicator.definition),
            "total": None,
            "tables": {},
        }
        tables = [(name, by) for name, by in TABLES if set(by) <= set(indicator.dimensions)]
        try:  # the total and every table in one read of the rows (`Indicator.values`)
            together = indicator.values(
                user, period, scope=scope, sets=[(), *(by for _name, by in tables)]
            )
        except ValueError:  # each alone below: what the registry gives is kept
            together = []
        try:
            total = together[0] if together else indicator.value(user, period, scope=scope)
            shown = total.display(suppress=suppress)
            entry["total"] = plain(shown["total"])
            if indicator.split_by:  # amounts: the total per currency
                entry["tables"]["split"] = _table(shown)
            for index, (name, by) in enumerate(tables, start=1):
                figure = (
                    together[index]
                    if together
                    else indicator.value(user, period, scope=scope, by=by)
                )
                table = _table(figure.display(suppress=suppress))
                entry["tables"][name] = table
                if "admin1" in by:
                    places.update(str(c["key"]["admin1"]) for c in table["cells"])
        except ValueError:  # a figure the registry refuses for this scope: shown empty
            entry["refused"] = True
        found.append(entry)
        if step:
            step()
    return found, places


def _table(shown: dict[str, Any]) -> dict[str, Any]:
    return {
        "total": plain(shown["total"]),
        "suppressed": shown["suppressed"],
        "cells": [
            {"key": {k: str(v) for k, v in c["key"].items()}, "value": plain(c["value"])}
            for c in shown["cells"]
        ],
    }


def _place_names(ids: set[str]) -> dict[str, dict[str, str]]:
    real = [i for i in ids if i and i != indicators.UNKNOWN]
    names = {}
    for place in Location.objects.filter(pk__in=real).only("pk", "name_fr", "name_en"):
        names[str(place.pk)] = {"fr": place.name_fr, "en": place.name_en or place.name_fr}
    return names


def _indicator_label(indicator: Any, label: str) -> dict[str, str]:
    if not indicator.name:
        try:
            return _both(indicators.get(indicator.code).name)
        except KeyError:
            pass
    return {"fr": label, "en": label}


def results(user: Any, programme: Programme, start: datetime.date, end: datetime.date) -> Any:
    """The results framework, each indicator with the periods that fall in the report's."""
    rows = []
    for row in programme_selectors.framework(user, programme, within=(start, end)):
        node = row.node
        entry: dict[str, Any] = {
            "depth": row.depth,
            "level": node.level,
            "statement": node.statement,
            "indicators": [],
        }
        for ind in row.indicators:
            periods = []
            for p in ind.periods:
                value = p.value
                if value.starts_on > end or value.ends_on < start:
                    continue
                periods.append(
                    {
                        "period": value.period,
                        "baseline": plain(value.baseline),
                        "target": plain(value.target),
                        "actual": plain(p.actual),
                        "computed": p.computed,
                        "percent": p.percent,
                        "source": value.actual_source or ind.indicator.source,
                    }
                )
            entry["indicators"].append(
                {
                    "label": _indicator_label(ind.indicator, ind.label),
                    "code": ind.indicator.code,
                    "periods": periods,
                }
            )
        rows.append(entry)
    return rows


def budget(user: Any, programme: Programme) -> list[dict[str, Any]]:
    return [
        {
            "budget_line": line.envelope.budget_line,
            "currency": line.envelope.currency,
            "dimension": line.envelope.dimension,
            "amount": plain(line.envelope.amount),
            "planned": plain(line.planned),
            "committed": plain(line.committed),
            "disbursed": plain(line.disbursed),
            "remaining": plain(line.remaining),
            "committed_percent": line.committed_percent,
            "disbursed_percent": line.disbursed_percent,
            "level": str(line.level),
        }
        for line in programme_selectors.envelope_lines(user, programme)
    ]


def compute(
    user: Any,
    programme: Programme,
    start: datetime.date,
    end: datetime.date,
    *,
    kind: str = "custom",
    step: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """The whole snapshot of a report over [start, end]."""
    period = indicators.Period(start, end, kind if kind in ("month", "quarter") else "custom")
    # A figure asked twice (an indicator's total and the results framework's actual of the
    # same quarter) is counted once.
    with indicators.remembered():
        tables, places = indicator_tables(user, programme, period, step=step)
        framework = results(user, programme, start, end)
    details = programme_selectors.details_of(programme)
    return {
        "schema": SCHEMA,
        "computed_at": timezone.now().isoformat(),
        "programme": {
            "name": programme.name,
            "code": programme.code,
            "organisation": str(programme.organisation),
            "donors": [str(d.name) for d in details.donors] or [programme.donor],
        },
        "period": {"code": period.code, "start": start.isoformat(), "end": end.isoformat()},
        "indicators": tables,
        "places": _place_names(places),
        "results": framework,
        "budget": budget(user, programme),
    }


def steps_of(user: Any, programme: Programme) -> int:
    """How many indicator steps `compute` takes (the progress bar's total)."""
    return len(_codes(user, programme))
