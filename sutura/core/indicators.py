"""The indicator registry: what each app counts for the results framework, dashboards and
donor reports (issue 20). An app registers its indicators in its `AppConfig.ready()`:

    indicators.add(indicators.Indicator(
        code="cases.registered",
        name=_("Cases registered"),
        definition=_("Cases opened in the period …"),
        unit="count",
        compute="sutura.cases.indicators.registered",
        dimensions=("sex", "age_group", "admin1", …),
    ))

`compute(user, period)` is ONE small function: it returns `Rows`, the queryset of the rows the
user may count (an `access.*.counted_for` queryset, filtered to what is counted) and the ORM
paths that say where the row's date, person, case, organisation and programme are. The
generic counter here does the rest in ONE GROUP BY query per figure (plus one aggregate for
the total when the cells cannot be summed): the period, the scope (programmes,
organisations, admin1/admin2), the disaggregation and the measure (count, percent, median
days, amount, score). No per-row Python: it holds at a million rows.

    period = indicators.Period.parse("2026-Q3")    # "2026-05", "2026", "2026-W14", "a..b"
    scope = indicators.Scope(programme_ids=(…,), admin1_ids=(…,))
    fig = indicators.get("cases.registered").value(user, period, scope=scope, by=("sex",))
    fig.total, fig.cells          # {("female",): 12, …}: codes, never labels
    fig.display()                 # the small-number rule: "<5" outside the owner organisation

Age groups are computed at the period's end from the birth date (an estimated date counts as
given), with the bands of `settings.SUTURA_INDICATOR_AGE_GROUPS`; codes like "0-4", "60+".

`core` imports no app: the paths are strings and the querysets come from the apps.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import TruncMonth, TruncQuarter, TruncWeek, TruncYear
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

UNITS = ("count", "percent", "median_days", "amount", "score")
UNIT_LABELS: dict[str, Promise] = {
    "count": _("count"),
    "percent": _("percent"),
    "median_days": _("median days"),
    "amount": _("amount"),
    "score": _("score"),
}
# The standard disaggregations (the app may add its own through `Rows.extra`).
DIMENSIONS: dict[str, Promise] = {
    "sex": _("sex"),
    "age_group": _("age group"),
    "admin1": _("region (admin 1)"),
    "admin2": _("department (admin 2)"),
    "vulnerability": _("vulnerability"),
    "organisation": _("organisation"),
    "programme": _("programme"),
    "nationality": _("nationality"),
    "case_type": _("type of case"),
    "week": _("week"),
    "month": _("month"),
    "quarter": _("quarter"),
    "year": _("year"),
    "currency": _("currency"),
    "dimension": _("dimension of reintegration"),
}
FIRST_YEAR, LAST_YEAR = 1900, 2999  # beyond, no age group can be worked out
SMALL = 5  # counts below this are shown as "<5" outside the owning organisation
SUPPRESSED = "<5"
STAR = "*"  # a margin's summed dimension, in `suppress_table`
UNKNOWN = "unknown"
MULTIPLE = frozenset({"vulnerability"})  # a row may stand under several of its values


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Dates inclusive. `kind`: week, month, quarter, year or custom."""

    start: datetime.date
    end: datetime.date
    kind: str = "custom"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")
        if not (self.start.year >= FIRST_YEAR and self.end.year <= LAST_YEAR):
            raise ValueError("a period between 1900 and 2999")

    @property
    def code(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "week":
            year, week, _day = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.code

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2026", "2026-Q3", "2026-05", "2026-W14" (ISO week) or "2026-01-01..2026-03-31";
        ValueError otherwise."""
        text = (text or "").strip()
        if m := re.fullmatch(r"(\d{4})", text):
            year = int(m[1])
            return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")
        if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
            year, quarter = int(m[1]), int(m[2])
            first = 3 * quarter - 2
            last = first + 2
            return cls(
                datetime.date(year, first, 1),
                datetime.date(year, last, calendar.monthrange(year, last)[1]),
                "quarter",
            )
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise ValueError(f"no month {month}")
            days = calendar.monthrange(year, month)[1]
            return cls(datetime.date(year, month, 1), datetime.date(year, month, days), "month")
        if m := re.fullmatch(r"(\d{4})-[Ww](\d{2})", text):
            start = datetime.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return cls(start, start + datetime.timedelta(days=6), "week")
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            return cls(
                datetime.date.fromisoformat(m[1]), datetime.date.fromisoformat(m[2]), "custom"
            )
        raise ValueError(f"not a period: {text!r}")


# --- scope ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Narrows a figure (each empty tuple: no narrowing). Donors: the programmes app resolves
    a donor to its programme ids first."""

    programme_ids: tuple[Any, ...] = ()
    organisation_ids: tuple[Any, ...] = ()
    admin1_ids: tuple[Any, ...] = ()
    admin2_ids: tuple[Any, ...] = ()


# --- what an indicator function returns ------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """The rows an indicator counts and where their facts are (ORM paths from the row).

    - `date`: the path whose date puts a row in the period (None: `compute` filtered itself);
    - `person`, `case`: paths to the person and the case (None: the row has none) — the
      person gives sex, age group, nationality and place; the case gives vulnerability flags
      and, by default, the programme;
    - `organisation`: the owning organisation (scope, disaggregation); `owners`: the paths of
      every organisation whose own figure the row is (default: `organisation`) — a row none
      of them matches for the user makes the figure someone else's (suppression);
    - `programme`, `location`: override the defaults (`<case>__programme`,
      `<person>__current_location`);
    - `facts`: the path to a record that keeps a copy of the person's sex, birth date and
      current place (`person_sex`, `person_birth_date`, `person_location`), kept in step with
      the person by the database (a case: `cases/0006_case_person_facts`): they are read
      there instead of the person's row, so a count of cases never visits the people
      (`on_case` sets it when the person is the case's);
    - `programme_link`: for rows that carry no programme but are linked to programmes
      another way (a meeting or an activity tagged to one, a person through their cases), the
      kind of link and the path to the linked record's id, e.g. ("meeting", "meeting"); the
      programmes app says how such a link narrows to programmes (`link_programmes`): a figure
      for a programme counts them instead of nothing;
    - `distinct`: count distinct values of this path (e.g. the person) instead of rows;
    - `value`: for amount and score, the path summed or averaged; for median_days, a pair
      (start path, end path) whose days between are the median's values;
    - `numerator`: for percent, the condition of the rows counted above the line;
    - `weight`: for a count, the path of a number each row stands for (a row of counted
      attendance: "count"), summed instead of counting rows;
    - `extra`: the app's own disaggregations, name → path or expression (status, category,
      provider…); a standard name here overrides the standard path (a record's own sex).

    `compute` may return several `Rows` (counts only): their figures are added (named
    participants and counted attendance).
    """

    queryset: models.QuerySet[Any]
    date: str | None = None
    person: str | None = None
    case: str | None = None
    organisation: str | None = "organisation"
    owners: tuple[str, ...] = ()
    programme: str | None = None
    programme_link: tuple[str, str] | None = None
    location: str | None = None
    facts: str | None = None
    distinct: str | None = None
    value: str | tuple[str, str] | None = None
    numerator: Q | None = None
    weight: str | None = None
    extra: Mapping[str, str | models.Expression] = field(default_factory=dict)

    @classmethod
    def on_case(cls, queryset: models.QuerySet[Any], case: str = "case", **rest: Any) -> Rows:
        """Rows kept on a case (its person, its organisation, its programme and flags; the
        person's facts as the case keeps them, unless the rows name another person)."""
        paths = {"person": f"{case}__person", "case": case, "organisation": f"{case}__organisation"}
        if "person" not in rest:
            paths["facts"] = case
        return cls(queryset, **{**paths, **rest})


# --- the registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    definition: str | Promise
    compute: str  # dotted path of `compute(user, period) -> Rows`
    unit: str = "count"
    dimensions: tuple[str, ...] = ()
    # Always split by these (an amount by its currency: amounts of two currencies never add
    # up; the total is None when the cells hold more than one currency).
    split_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"{self.code}: unknown unit {self.unit!r}")
        if not re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", self.code):
            raise ValueError(f"{self.code}: codes are app.name in lower case")

    @property
    def label(self) -> str | Promise:  # the old name, kept for readers of the registry
        return self.name

    def rows(self, user: Any, period: Period) -> tuple[Rows, ...]:
        found = import_string(self.compute)(user, period)
        return found if isinstance(found, tuple) else (found,)

    def value(
        self,
        user: Any,
        period: Period | str,
        *,
        scope: Scope | None = None,
        by: Sequence[str] = (),
    ) -> Figure:
        if isinstance(period, str):
            period = Period.parse(period)
        by = self._by(tuple(by))
        scope = scope or Scope()
        found = _recalled(self, user, period, scope, by)
        if found is not None:
            return found
        parts = [_compute(self, rows, user, period, scope, by) for rows in self.rows(user, period)]
        return _kept(self, user, period, scope, by, self._whole(parts))

    def values(
        self,
        user: Any,
        period: Period | str,
        *,
        scope: Scope | None = None,
        sets: Sequence[Sequence[str]] = ((),),
    ) -> list[Figure]:
        """The figures of several disaggregations at once (`()`: the total alone), each as
        `value(by=…)` gives it, in one query per part: PostgreSQL groups the rows by every
        set in one pass (`GROUPING SETS`) instead of reading them once per table. A report's
        tables (total, sex × age group, region) cost one read of the rows, not three."""
        if isinstance(period, str):
            period = Period.parse(period)
        bys = [self._by(tuple(by)) for by in sets]
        scope = scope or Scope()
        known: dict[tuple[str, ...], Figure] = {}
        for by in bys:
            found = _recalled(self, user, period, scope, by)
            if found is not None:
                known[by] = found
        missing = list(dict.fromkeys(by for by in bys if by not in known))
        if missing:
            per_part = [
                _compute_sets(self, rows, user, period, scope, missing)
                for rows in self.rows(user, period)
            ]
            for i, by in enumerate(missing):
                whole = self._whole([part[i] for part in per_part])
                known[by] = _kept(self, user, period, scope, by, whole)
        return [known[by] for by in bys]

    def _by(self, by: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [name for name in by if name not in self.dimensions]
        if unknown:
            raise ValueError(f"{self.code} has no disaggregation {', '.join(unknown)}")
        if len(set(by)) != len(by):
            raise ValueError("a disaggregation asked twice")
        return (*[name for name in self.split_by if name not in by], *by)

    def _whole(self, parts: list[Figure]) -> Figure:
        if len(parts) > 1 and self.unit != "count":
            raise ValueError(f"{self.code}: only counts add up from several parts")
        figure = parts[0] if len(parts) == 1 else _added(parts)
        if self.split_by and len({key[: len(self.split_by)] for key in figure.cells}) > 1:
            figure = replace(figure, total=None)
        return figure


_INDICATORS: dict[str, Indicator] = {}


def add(*indicators: Indicator) -> None:
    for indicator in indicators:
        _INDICATORS[indicator.code] = indicator


def all_indicators() -> list[Indicator]:
    return sorted(_INDICATORS.values(), key=lambda i: i.code)


def get(code: str) -> Indicator:
    """KeyError for an unknown code."""
    return _INDICATORS[code]


# --- the figure -------------------------------------------------------------------------------

Number = int | Decimal | float | None


@dataclass(frozen=True)
class Figure:
    """One indicator's value over a period: `total` and the `cells` of the disaggregation
    (keys: tuples of codes in the order of `by`). `bases`: the number of rows behind each
    cell and behind the total (what the small-number rule looks at). `foreign`: some rows
    are another organisation's (the rule then applies)."""

    indicator: Indicator
    period: Period
    by: tuple[str, ...]
    total: Number
    cells: dict[tuple[str, ...], Number]
    base: int
    bases: dict[tuple[str, ...], int]
    foreign: bool = False
    # Per dimension of `by`: does it split each row into one value? (vulnerability does not:
    # a case counts under each of its flags.)
    partitions: tuple[bool, ...] = ()
    # The distinct people behind each cell and the total, when the rows have a person: five
    # referrals of one person are one person, and the small-number rule counts people.
    people: dict[tuple[str, ...], int] | None = None
    people_total: int | None = None

    @property
    def additive(self) -> bool:
        """Do the cells partition the total?"""
        return all(self.partitions)

    def display(self, *, suppress: bool | None = None) -> dict[str, Any]:
        """The figure as it may be shown: a cell whose base is 1 to 4 shows "<5" (a count)
        or nothing (None: a percentage, median, amount or score), and so does its
        complementary cell so the hidden one cannot be recovered by differencing
        (`suppress_table`). `suppress`: force the rule on (a report for outsiders) or off;
        default: on when some rows are another organisation's."""
        if suppress is None:
            suppress = self.foreign
        hidden: set[tuple[str, ...]] = set()
        if suppress:
            bases, base = self.bases, self.base
            if self.people is not None:  # people, not rows (never more people than rows)
                bases = {k: min(v, self.people.get(k, v)) for k, v in bases.items()}
                base = min(base, self.people_total if self.people_total is not None else base)
            hidden = suppress_table(bases, base, partitions=self.partitions)
            # A margin of people is no sum of its cells' people: a cell of few people under
            # a margin of many is still hidden by the primary rule above.
        shown = SUPPRESSED if self.indicator.unit == "count" else None

        def cell(key: tuple[str, ...], value: Number) -> Any:
            return shown if key in hidden else _plain(value)

        return {
            "total": cell(TOTAL, self.total),
            "cells": [
                {"key": dict(zip(self.by, key, strict=True)), "value": cell(key, value)}
                for key, value in sorted(self.cells.items())
            ],
            "suppressed": bool(hidden),
        }


TOTAL: tuple[str, ...] = ()


def _plain(value: Number) -> Any:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return round(value, 2)
    return value


# --- figures remembered within one computation ------------------------------------------------


@dataclass
class _Memory:
    figures: dict[tuple[Any, ...], Figure] = field(default_factory=dict)
    # The users asked for, kept alive: a key holds a user's id, which names no one else
    # while the user lives.
    askers: list[Any] = field(default_factory=list)


_REMEMBERED: ContextVar[_Memory | None] = ContextVar("sutura_indicator_figures", default=None)


@contextmanager
def remembered() -> Iterator[None]:
    """Inside, a figure asked twice — the same indicator, user, dates, scope and
    disaggregation — is computed once: a report's table and its results framework's actual over
    the same quarter read the rows once. For one computation only (a report, a page): what it
    remembers is as of its first asking, and it is forgotten on leaving."""
    token = _REMEMBERED.set(_Memory())
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def _key(
    indicator: Indicator, user: Any, period: Period, scope: Scope, by: tuple[str, ...]
) -> tuple[Any, ...]:
    # The user object by identity (kept alive by the memory): its roles and organisation
    # decide what it counts. The scope's ids as tuples, whatever sequence a caller gave.
    narrowed = tuple(
        tuple(ids)
        for ids in (
            scope.programme_ids,
            scope.organisation_ids,
            scope.admin1_ids,
            scope.admin2_ids,
        )
    )
    return (indicator.code, id(user), period.start, period.end, narrowed, by)


def _recalled(
    indicator: Indicator, user: Any, period: Period, scope: Scope, by: tuple[str, ...]
) -> Figure | None:
    memory = _REMEMBERED.get()
    if memory is None:
        return None
    found = memory.figures.get(_key(indicator, user, period, scope, by))
    if found is None:
        return None
    return found if found.period == period else replace(found, period=period)


def _kept(
    indicator: Indicator,
    user: Any,
    period: Period,
    scope: Scope,
    by: tuple[str, ...],
    figure: Figure,
) -> Figure:
    memory = _REMEMBERED.get()
    if memory is not None:
        memory.figures[_key(indicator, user, period, scope, by)] = figure
        if not any(kept is user for kept in memory.askers):
            memory.askers.append(user)
    return figure


# --- suppression ------------------------------------------------------------------------------


def suppress_table(
    counts: Mapping[tuple[str, ...], int],
    total: int | None = None,
    *,
    partitions: Sequence[bool] | None = None,
    small: int = SMALL,
) -> set[tuple[str, ...]]:
    """The keys to hide in a table of counts (cells keyed by tuples of codes; `()` is the
    grand total), by the small-number rule:

    - primary: every count from 1 to small-1 — cells, margins and the total alike (0 is
      shown: nobody discloses no one);
    - secondary: the table is read with its margins (the sums of the cells along each
      dimension that partitions: they are published by the same figure asked with fewer
      dimensions). A line — a margin and the members that add up to it along one dimension —
      with exactly one hidden member gives it away by subtraction, so the smallest other
      member is hidden too (a non-zero one first, a margin only when nothing else is left),
      until no line has a lone hidden member.

    `partitions[i]`: does dimension i split each row into exactly one value (sex, age group,
    place…)? A multi-valued one (vulnerability: a case under each of its flags) has no
    margin along it; the grand total then stands on its own. Returns cell keys, `()` for the
    total, and margin keys ("*" for a summed dimension) that a caller showing only the cells
    ignores."""
    # In the order of their keys, whatever order they came in: which cells the secondary rule
    # hides depends on the order the lines are walked, and two views of one table (a report's
    # and a dashboard's, queries of different shapes) must hide the same cells — two
    # different choices would let a reader recover a hidden cell from the other view.
    cells = {
        tuple(k): int(v)
        for k, v in sorted(counts.items(), key=lambda item: tuple(map(str, item[0])))
        if tuple(k) != TOTAL
    }
    if partitions is None:
        partitions = (True,) * (len(next(iter(cells))) if cells else 0)
    dims = len(partitions)
    summable = [i for i in range(dims) if partitions[i]]
    grand = int(total) if total is not None else sum(cells.values())
    everything = (STAR,) * dims
    table: dict[tuple[str, ...], int] = dict(cells)
    for key, value in cells.items():
        for mask in range(1, 2 ** len(summable)):
            summed = list(key)
            for bit, i in enumerate(summable):
                if mask >> bit & 1:
                    summed[i] = STAR
            table[tuple(summed)] = table.get(tuple(summed), 0) + value
    if dims and everything in table:  # every dimension partitions: that margin is the total
        del table[everything]
    table[TOTAL] = grand

    def as_key(key: tuple[str, ...]) -> tuple[str, ...]:
        return everything if key == TOTAL and dims else key

    lines: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = []
    if dims and len(summable) == dims:
        margins = [k for k in table if k == TOTAL or STAR in k]
    else:
        margins = [k for k in table if k != TOTAL and STAR in k]
    for margin in margins:
        full = as_key(margin)
        for i in summable:
            if full[i] != STAR:
                continue
            members = [
                k
                for k in table
                if k != TOTAL
                and k[i] != STAR
                and all(k[j] == full[j] for j in range(dims) if j != i)
            ]
            if members:
                lines.append((margin, members))
    hidden = {key for key, value in table.items() if 0 < value < small}
    changed = True
    while changed:
        changed = False
        for margin, members in lines:
            line = [margin, *members]
            if sum(1 for k in line if k in hidden) != 1:
                continue
            others = sorted(
                (k for k in line if k not in hidden),
                key=lambda k: (k == margin, table[k] == 0, table[k], k),
            )
            if others:
                hidden.add(others[0])
                changed = True
    return hidden


# --- the generic counter ----------------------------------------------------------------------


def age_groups() -> list[tuple[str, int, int | None]]:
    """(code, lowest age, highest age or None) from `SUTURA_INDICATOR_AGE_GROUPS`."""
    default = ((0, 4), (5, 11), (12, 17), (18, 59), (60, None))
    bands = getattr(settings, "SUTURA_INDICATOR_AGE_GROUPS", default)
    return [(f"{low}-{high}" if high is not None else f"{low}+", low, high) for low, high in bands]


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_group_expression(birth: str, on: datetime.date) -> models.Expression:
    """The age group at `on` of the birth date at path `birth`, in SQL (no per-row Python),
    as its index in `age_groups()` (-1: unknown; a small integer groups faster than text):
    aged at least `low` ⇔ born on or before `on` minus `low` years."""
    whens = [models.When(**{f"{birth}__isnull": True}, then=models.Value(-1))]
    for index, (_code, low, _high) in reversed(list(enumerate(age_groups()))):
        whens.append(
            models.When(**{f"{birth}__lte": years_before(on, low)}, then=models.Value(index))
        )
    return models.Case(*whens, default=models.Value(-1), output_field=models.IntegerField())


def in_age_group(birth: str, code: str, on: datetime.date) -> Q:
    """The rows whose birth date at path `birth` puts them in age group `code` at `on`, as
    `age_group_expression` counts them (aged at most `high` ⇔ born after `on` minus `high + 1`
    years). An unknown code: ValueError."""
    for found, low, high in age_groups():
        if found == code:
            condition = Q(**{f"{birth}__lte": years_before(on, low)})
            if high is not None:
                condition &= Q(**{f"{birth}__gt": years_before(on, high + 1)})
            return condition
    raise ValueError(f"unknown age group {code}")


def admin_expression(location: str, level: int) -> models.Expression:
    """The id of the admin1 (level 1) or admin2 (level 2) unit holding the place at path
    `location` (a place deeper down walks up its parents; a shallower one: None, unknown)."""
    whens = [
        models.When(
            **{f"{location}__level": depth},
            then=models.F(location + "__parent" * (depth - level)),
        )
        for depth in range(level, 4)
    ]
    return models.Case(*whens, default=None, output_field=models.UUIDField())


def _in_admin(location: str, level: int, ids: Sequence[Any]) -> Q:
    """The places at path `location` inside one of the admin units `ids` of `level`."""
    found = Q()
    for depth in range(level, 4):
        up = location + "__parent" * (depth - level)
        found |= Q(**{f"{location}__level": depth, f"{up}__in": ids})
    return found


class Median(models.Aggregate):
    function = "percentile_cont"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.FloatField()
    allow_distinct = False


class DaysBetween(models.Func):
    """Days (fractional for date-times) from the first expression to the second."""

    arg_joiner = " AS timestamptz) - CAST("
    template = "(EXTRACT(EPOCH FROM (CAST(%(expressions)s AS timestamptz))) / 86400.0)"
    output_field = models.FloatField()

    def __init__(self, start: str, end: str) -> None:
        super().__init__(models.F(end), models.F(start))


def _path(base: str | None, rest: str) -> str | None:
    return None if base is None else f"{base}__{rest}" if base else rest


def _location(rows: Rows) -> str | None:
    return rows.location or _fact(rows, "current_location", "person_location")


def _fact(rows: Rows, name: str, copy: str) -> str | None:
    """The path of a fact of the person: its copy on the record that keeps them (`facts`),
    else the person's own."""
    if rows.facts is not None and rows.person:
        return _path(rows.facts, copy)
    return _path(rows.person, name)


def _programme(rows: Rows) -> str | None:
    return rows.programme or _path(rows.case, "programme")


def _dimension(rows: Rows, name: str, period: Period) -> models.Expression | str:
    def need(path: str | None) -> str:
        if path is None:
            raise ValueError(f"these rows have no {name}")
        return path

    if name in rows.extra:
        return rows.extra[name]
    if name == "sex":
        return need(_fact(rows, "sex", "person_sex"))
    if name == "nationality":
        return need(_path(rows.person, "nationality"))
    if name == "age_group":
        return age_group_expression(
            need(_fact(rows, "birth_date", "person_birth_date")), period.end
        )
    if name in ("admin1", "admin2"):
        return admin_expression(need(_location(rows)), 1 if name == "admin1" else 2)
    if name == "organisation":
        return need(rows.organisation)
    if name == "programme":
        return need(_programme(rows))
    if name == "case_type":
        return need(_path(rows.case, "case_type"))
    if name == "vulnerability":
        return models.Func(
            models.F(need(_path(rows.case, "flags"))),
            function="unnest",
            output_field=models.CharField(),
        )
    if name in ("week", "month", "quarter", "year"):
        trunc = {"week": TruncWeek, "month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
        return trunc[name](need(rows.date), output_field=models.DateField())
    raise ValueError(f"unknown disaggregation {name}")


def _expression(value: models.Expression | str) -> Any:
    return models.F(value) if isinstance(value, str) else value


def _code(name: str, value: Any, groups: Sequence[tuple[str, int, int | None]] = ()) -> str:
    if value is None or value == "":
        return UNKNOWN
    if name == "age_group" and isinstance(value, int):
        return groups[value][0] if 0 <= value < len(groups) else UNKNOWN
    if isinstance(value, datetime.date):
        kind = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}[name]
        return Period(value, value, kind).code
    return str(value)


def _measures(indicator: Indicator, rows: Rows) -> dict[str, models.Aggregate]:
    base: models.Aggregate = (
        models.Count(rows.distinct, distinct=True)
        if rows.distinct
        else models.Sum(rows.weight)
        if rows.weight
        else models.Count("pk")
    )
    measures: dict[str, Any] = {"_base": base}
    person = _people_path(rows)
    if person is not None:
        measures["_people"] = models.Count(person, distinct=True)
    unit = indicator.unit
    if unit == "percent":
        if rows.numerator is None:
            raise ValueError(f"{indicator.code}: a percentage needs a numerator")
        measures["_num"] = (
            models.Count(rows.distinct, distinct=True, filter=rows.numerator)
            if rows.distinct
            else models.Count("pk", filter=rows.numerator)
        )
    elif unit == "amount":
        if not isinstance(rows.value, str):
            raise ValueError(f"{indicator.code}: an amount needs the path of its value")
        measures["_value"] = models.Sum(rows.value)
    elif unit == "score":
        if not isinstance(rows.value, str):
            raise ValueError(f"{indicator.code}: a score needs the path of its value")
        measures["_value"] = models.Avg(rows.value)
    elif unit == "median_days":
        if not isinstance(rows.value, tuple):
            raise ValueError(f"{indicator.code}: median days need (start path, end path)")
        start, end = rows.value
        measures["_value"] = Median(DaysBetween(start, end))
        both = Q(**{f"{start}__isnull": False, f"{end}__isnull": False})
        measures["_base"] = models.Count("pk", filter=both)
        if person is not None:
            measures["_people"] = models.Count(person, distinct=True, filter=both)
    return measures


def _people_path(rows: Rows) -> str | None:
    """The path of the person the rows stand for, when a row is not itself one (a weighted
    row stands for several: none)."""
    if not rows.person or rows.weight:
        return None
    return rows.person


def _result(unit: str, row: Mapping[str, Any]) -> Number:
    if unit == "count":
        return int(row["_base"] or 0)
    if unit == "percent":
        base = row["_base"] or 0
        return round(100.0 * (row["_num"] or 0) / base, 1) if base else None
    value = row.get("_value")
    if unit == "median_days":
        return None if value is None else round(float(value), 1)
    if unit == "amount":
        return value if value is not None else 0
    return None if value is None else round(float(value), 2)


def _added(parts: list[Figure]) -> Figure:
    cells: dict[tuple[str, ...], Number] = {}
    bases: dict[tuple[str, ...], int] = {}
    for part in parts:
        for key, value in part.cells.items():
            cells[key] = int(cells.get(key) or 0) + int(value or 0)
            bases[key] = bases.get(key, 0) + part.bases[key]
    return replace(
        parts[0],
        total=sum(int(part.total or 0) for part in parts),
        cells=cells,
        base=sum(part.base for part in parts),
        bases=bases,
        foreign=any(part.foreign for part in parts),
        people=_added_people(parts),
        people_total=(
            sum(int(part.people_total or 0) for part in parts)
            if all(part.people_total is not None for part in parts)
            else None
        ),
        partitions=tuple(all(flags) for flags in zip(*(p.partitions for p in parts), strict=True)),
    )


def _added_people(parts: list[Figure]) -> dict[tuple[str, ...], int] | None:
    """Two parts' people add up (at most: one person may be in both)."""
    if any(part.people is None for part in parts):
        return None
    people: dict[tuple[str, ...], int] = {}
    for part in parts:
        for key, n in (part.people or {}).items():
            people[key] = people.get(key, 0) + n
    return people


def _merge(unit: str, one: dict[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    """Two groups under one code (an empty text and NULL are both "unknown"): counts and
    amounts add up; a score is averaged by its bases; of two medians, the larger group's
    stands (rare: both unknown)."""
    merged = dict(one)
    for name in ("_base", "_num", "_foreign", "_people"):
        if name in one:
            merged[name] = (one[name] or 0) + (other[name] or 0)
    if unit == "amount":
        merged["_value"] = (one["_value"] or 0) + (other["_value"] or 0)
    elif unit == "score" and merged["_base"]:
        weighted = (one["_value"] or 0) * (one["_base"] or 0)
        weighted += (other["_value"] or 0) * (other["_base"] or 0)
        merged["_value"] = weighted / merged["_base"]
    elif unit == "median_days" and (other["_base"] or 0) > (one["_base"] or 0):
        merged["_value"] = other["_value"]
    return merged


def _prepared(
    indicator: Indicator, rows: Rows, user: Any, period: Period, scope: Scope
) -> tuple[models.QuerySet[Any], dict[str, Any], bool]:
    """The rows in the period and scope, the measures to aggregate and whether the user's
    organisation can own rows (else every row counts as someone else's)."""
    queryset = rows.queryset
    if rows.date is not None:
        queryset = queryset.filter(
            **{f"{rows.date}__gte": period.start, f"{rows.date}__lte": period.end}
        )
    queryset = _narrow(queryset, rows, scope, period)
    own = getattr(user, "organisation_id", None)
    owners = rows.owners or ((rows.organisation,) if rows.organisation else ())
    mine = Q()
    for path in owners:
        mine |= Q(**{path: own})
    measures = _measures(indicator, rows)
    owned = bool(owners and own)
    measures["_foreign"] = models.Count("pk", filter=~mine) if owned else models.Count("pk")
    return queryset, measures, owned


def _grouped(
    queryset: models.QuerySet[Any],
    rows: Rows,
    period: Period,
    by: Sequence[str],
    measures: dict[str, Any],
    **more: Any,
) -> models.QuerySet[Any]:
    names = [f"_d_{name}" for name in by]
    return (
        queryset.annotate(
            **{n: _expression(_dimension(rows, d, period)) for n, d in zip(names, by, strict=True)}
        )
        .values(*names)
        .annotate(**measures, **more)
        .order_by()
    )


def _figure(
    indicator: Indicator,
    rows: Rows,
    period: Period,
    by: tuple[str, ...],
    found: Sequence[Mapping[str, Any]],
    totals: Mapping[str, Any] | None,
    *,
    owned: bool,
    counted: bool,
) -> Figure:
    """A figure from its grouped rows (`found`, one per group of `by`) and the aggregate of
    every row (`totals`; None when the cells' sum is the total and no person is counted)."""
    unit = indicator.unit
    if not by:
        totals = totals or {}
        return Figure(
            indicator=indicator,
            period=period,
            by=by,
            total=_result(unit, totals),
            cells={},
            base=int(totals.get("_base") or 0),
            bases={},
            foreign=bool(totals.get("_foreign")) if owned else True,
            people={} if counted else None,
            people_total=int(totals.get("_people") or 0) if counted else None,
        )
    partitions = tuple(name not in MULTIPLE for name in by)
    additive = all(partitions) and unit == "count"
    groups = age_groups()
    merged: dict[tuple[str, ...], dict[str, Any]] = {}
    foreign = False
    for row in found:
        key = tuple(_code(d, row[f"_d_{d}"], groups) for d in by)
        merged[key] = _merge(unit, merged[key], row) if key in merged else dict(row)
        foreign = foreign or bool(row["_foreign"])
    cells = {key: _result(unit, row) for key, row in merged.items()}
    bases = {key: int(row["_base"] or 0) for key, row in merged.items()}
    people = {key: int(row["_people"] or 0) for key, row in merged.items()} if counted else None
    people_total = int((totals or {}).get("_people") or 0) if counted else None
    if additive and not rows.distinct:
        total: Number = sum(int(v or 0) for v in cells.values())
        base = sum(bases.values())
    else:
        totals = totals or {}
        total = _result(unit, totals)
        base = int(totals.get("_base") or 0)
        foreign = foreign or bool(totals.get("_foreign"))
    return Figure(
        indicator=indicator,
        period=period,
        by=by,
        total=total,
        cells=cells,
        base=base,
        bases=bases,
        foreign=foreign if owned else True,
        partitions=partitions,
        people=people,
        people_total=people_total,
    )


def _compute(
    indicator: Indicator,
    rows: Rows,
    user: Any,
    period: Period,
    scope: Scope,
    by: tuple[str, ...],
) -> Figure:
    queryset, measures, owned = _prepared(indicator, rows, user, period, scope)
    counted = "_people" in measures
    facts = {"owned": owned, "counted": counted}
    if not by:
        return _figure(indicator, rows, period, by, [], queryset.aggregate(**measures), **facts)
    found = list(_grouped(queryset, rows, period, by, measures))
    additive = indicator.unit == "count" and not any(name in MULTIPLE for name in by)
    totals: Mapping[str, Any] | None
    if additive and not rows.distinct:  # the cells add up: only the people need a count
        totals = queryset.aggregate(_people=measures["_people"]) if counted else None
    else:
        totals = queryset.aggregate(**measures)
    return _figure(indicator, rows, period, by, found, totals, **facts)


class _Grouping(models.Func):
    """GROUPING(a, b, …): per result row, a bit for each argument its grouping set left
    out (the first argument is the highest bit)."""

    function = "GROUPING"
    contains_aggregate = True  # not an expression to group by
    output_field = models.IntegerField()


_GROUP_BY = re.compile(r" GROUP BY ((?:\d+, )*\d+)$")


def _compute_sets(
    indicator: Indicator,
    rows: Rows,
    user: Any,
    period: Period,
    scope: Scope,
    bys: list[tuple[str, ...]],
) -> list[Figure]:
    """`_compute` for each of `bys`, in one query grouped by every set at once. Asked one
    by one instead: a multi-valued dimension (a set-returning function would repeat the rows
    for every set), a DISTINCT or UNION queryset (aggregate() counts its rows through a
    subquery, the grouping sets would count them as they come), and a query whose GROUP BY
    is not the plain list expected."""

    def one_by_one() -> list[Figure]:
        return [_compute(indicator, rows, user, period, scope, by) for by in bys]

    dims = list(dict.fromkeys(name for by in bys for name in by))
    query = rows.queryset.query
    if len(bys) < 2 or not dims or any(name in MULTIPLE for name in dims):
        return one_by_one()
    if query.distinct or query.combinator:
        return one_by_one()
    queryset, measures, owned = _prepared(indicator, rows, user, period, scope)
    grouping = _Grouping(*[_expression(_dimension(rows, name, period)) for name in dims])
    grouped = _grouped(queryset, rows, period, dims, measures, _set=grouping)
    try:
        sql, params = grouped.query.get_compiler(grouped.db).as_sql()
    except EmptyResultSet:  # nothing the user may count: Django answers without asking
        sql, params = "", ()
    found = _GROUP_BY.search(sql)
    if found is None or found[1] != ", ".join(str(i + 1) for i in range(len(dims))):
        return one_by_one()
    # One grouping set per set of columns, whatever the order asked: a set named twice
    # ("sex", "age_group" and "age_group", "sex") would return its groups twice.
    sets = dict.fromkeys(tuple(sorted(dims.index(d) + 1 for d in by)) for by in [*bys, ()])
    clause = ", ".join("(" + ", ".join(str(column) for column in columns) + ")" for columns in sets)
    statement = f"{sql[: found.start()]} GROUP BY GROUPING SETS ({clause})"
    if _of_the_person(indicator, rows, dims, measures):
        per_person = _by_person(queryset, rows, period, dims, measures, list(sets))
        if per_person is not None:
            statement, params = per_person
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(statement, params)
        columns = [column.name for column in cursor.description]
        answers = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    everything = (1 << len(dims)) - 1

    def mask(by: tuple[str, ...]) -> int:
        return sum(1 << (len(dims) - 1 - i) for i, name in enumerate(dims) if name not in by)

    totals = next((row for row in answers if row["_set"] == everything), None)
    if totals is None:  # no row at all
        totals = dict.fromkeys(measures, 0) | {"_value": None}
    facts = {"owned": owned, "counted": "_people" in measures}
    return [
        _figure(
            indicator,
            rows,
            period,
            by,
            [row for row in answers if row["_set"] == mask(by)] if by else [],
            totals,
            **facts,
        )
        for by in bys
    ]


# The dimensions read off the row's person alone (its place unless the rows name their own).
OF_THE_PERSON = frozenset({"sex", "age_group", "nationality", "admin1", "admin2"})


def _of_the_person(
    indicator: Indicator, rows: Rows, dims: Sequence[str], measures: Mapping[str, Any]
) -> bool:
    """May the rows be counted per person first (`_by_person`)? When each dimension is a fact
    of the person, every person stands in one cell of each set, so the distinct people of a
    cell are its persons; and when every other measure is a count, a cell's count is the sum
    of its persons' counts."""
    if "_people" not in measures or rows.distinct or indicator.unit not in ("count", "percent"):
        return False
    if any(name not in OF_THE_PERSON or name in rows.extra for name in dims):
        return False
    return rows.location is None or not {"admin1", "admin2"} & set(dims)


def _by_person(
    queryset: models.QuerySet[Any],
    rows: Rows,
    period: Period,
    dims: list[str],
    measures: Mapping[str, Any],
    sets: list[tuple[int, ...]],
) -> tuple[str, Sequence[Any]] | None:
    """The grouping-sets query counted per person first: the rows grouped by person and
    dimensions (hashed), then those groups by every set. It gives what the one-level query
    gives (`_of_the_person`) without its COUNT(DISTINCT person), which makes PostgreSQL sort
    the rows once per set (a sort per set spilled to disk at a million people); without a
    DISTINCT aggregate each set is hashed. None when Django groups the inner query by anything
    else."""
    counts = {name: measure for name, measure in measures.items() if name != "_people"}
    names = [f"_d_{name}" for name in dims]
    facts = {n: _expression(_dimension(rows, d, period)) for n, d in zip(names, dims, strict=True)}
    per_person = (
        queryset.annotate(_person=models.F(_people_path(rows) or "pk"), **facts)
        .values("_person", *names)
        .annotate(**counts)
        .order_by()
    )
    inner, params = per_person.query.get_compiler(per_person.db).as_sql()
    grouped_by = _GROUP_BY.search(inner)
    if grouped_by is None or grouped_by[1] != ", ".join(str(i + 1) for i in range(len(dims) + 1)):
        return None  # grouped by more than the person and the dimensions: not one row each
    columns = [f'"{name}"' for name in names]
    summed = [f'CAST(COALESCE(SUM("{name}"), 0) AS bigint) AS "{name}"' for name in counts]
    clause = ", ".join(
        "(" + ", ".join(columns[column - 1] for column in columns_of) + ")" for columns_of in sets
    )
    # Only our own names go into the text (the dimensions the indicator declares, the
    # measures' names); the values stay the inner query's parameters.
    select = ", ".join([*columns, *summed])
    statement = (
        f'SELECT {select}, COUNT("_person") AS "_people", '  # noqa: S608
        f'GROUPING({", ".join(columns)}) AS "_set" '
        f'FROM ({inner}) AS "_per_person" GROUP BY GROUPING SETS ({clause}) '
        # In the order the one-level query gives (it sorts each set by its columns): the
        # small-number rule's secondary suppression walks the cells in that order.
        f'ORDER BY "_set", {", ".join(columns)}'
    )
    return statement, params


# How rows linked to programmes without carrying one are narrowed to some programmes, by kind
# of link: `link_programmes(kind, narrow)`, called by the programmes app (above every app that
# counts) in its `AppConfig.ready()`; `narrow(path, programme_ids) -> Q` on the rows.
_PROGRAMME_LINKS: dict[str, Callable[[str, tuple[Any, ...]], Q]] = {}


def link_programmes(kind: str, narrow: Callable[[str, tuple[Any, ...]], Q]) -> None:
    _PROGRAMME_LINKS[kind] = narrow


def _narrow(
    queryset: models.QuerySet[Any], rows: Rows, scope: Scope, period: Period
) -> models.QuerySet[Any]:
    if scope.organisation_ids:
        if rows.organisation is None:
            return queryset.none()
        queryset = queryset.filter(**{f"{rows.organisation}__in": scope.organisation_ids})
    if scope.programme_ids:
        programme = _programme(rows)
        if programme is not None:
            queryset = queryset.filter(**{f"{programme}__in": scope.programme_ids})
        elif rows.programme_link is not None and rows.programme_link[0] in _PROGRAMME_LINKS:
            kind, path = rows.programme_link
            queryset = queryset.filter(_PROGRAMME_LINKS[kind](path, scope.programme_ids))
        else:
            return queryset.none()
    for ids, level in ((scope.admin1_ids, 1), (scope.admin2_ids, 2)):
        if not ids:
            continue
        location = _location(rows)
        if location is None:
            return queryset.none()
        queryset = queryset.filter(_in_admin(location, level, ids))
    return queryset


Compute = Callable[[Any, Period], Rows]
