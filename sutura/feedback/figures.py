"""The feedback figures: counts of items by channel, category, organisation, area (the region
holding the item's place), sex and age group; the median days to acknowledge and to close; the
closure rate and the share closed with the complainant informed. Counts only, over
`access.feedback.items_counted_for(user)`: no item is ever listed.

Who would answer an item could be recognised from a small count, and a complainant of sexual
exploitation and abuse from a single one. The rules (tested in `tests/test_figures.py`):

- **one fixed grid**: every count is a sum of cells (organisation, value of one breakdown,
  calendar quarter). A year is its four quarters, so a year's figure less three quarters' never
  gives a fourth quarter's that was not shown;
- **the reader's own organisation** is counted exactly; **the others** (for those who count
  every organisation) are counted together in one column, "Other organisations", and one by
  one only by their totals ("By organisation"). An organisation's total is shown unless one of
  its quarters in the period holds 1 to 4 items: it then reads "<5" (all in one quarter) or "…".
  The other organisations' column of a breakdown is shown only when none of its cells (per
  quarter) holds 1 to 4 items and their totals are shown; otherwise every cell of it reads "…"
  — a "<5" among exact counts that add up to a total shown elsewhere could be worked out by
  subtraction. "All organisations" adds the columns up, and is shown only where they are;
- **sensitive items (sexual exploitation and abuse, fraud) are in none of the breakdowns and
  none of the totals**: they are counted on one line of their own ("Sensitive (SEA, fraud)"),
  which reads "<5" or "…" under 5 for everyone but the PSEA focal points of the organisation —
  even in the reader's own organisation: an implicated manager must not learn of one complaint.
  Focal points read their organisation's sensitive items in every breakdown, in tables of their
  own (`Figures.detail`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, F, Value
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sutura.access.feedback import (
    counts_every_organisation,
    counts_sensitive_in_detail,
    items_counted_for,
)
from sutura.accounts.models import Organisation
from sutura.core.templatetags.typography import percent_text
from sutura.feedback.figures_grid import (
    HIDDEN,
    SENSITIVE,
    UNKNOWN,
    Grid,
    Period,
    Shown,
    Unit,
    combined,
    count_cells,
    is_number,
    small,
)
from sutura.feedback.models import AgeGroup, Category, Channel, Closure, ItemStatus, Sex
from sutura.geo.models import Level, Location
from sutura.referrals.dashboard import Median

# --- the breakdowns -----------------------------------------------------------------------------


def _region() -> models.Case:
    """The region (admin 1 unit) holding the item's place; None at the country or unknown."""
    return models.Case(
        models.When(location__level=Level.ADMIN1, then=F("location_id")),
        models.When(location__level=Level.ADMIN2, then=F("location__parent_id")),
        models.When(location__level=Level.ADMIN3, then=F("location__parent__parent_id")),
        default=None,
        output_field=models.UUIDField(),
    )


def _outcome() -> models.Case:
    return models.Case(
        models.When(status=ItemStatus.CLOSED, closure=Closure.INFORMED, then=Value("informed")),
        models.When(status=ItemStatus.CLOSED, then=Value("closed_other")),
        default=Value("open"),
        output_field=models.CharField(),
    )


@dataclass(frozen=True)
class Breakdown:
    key: str
    expression: Callable[[], Any]


BREAKDOWNS = (
    Breakdown("channel", lambda: F("channel")),
    Breakdown("category", lambda: F("category_id")),
    Breakdown("area", _region),
    Breakdown("sex", lambda: F("sex")),
    Breakdown("age_group", lambda: F("age_group")),
    Breakdown("outcome", _outcome),
)
SHOWN_BREAKDOWNS = ("channel", "category", "area", "sex", "age_group")


def _titles() -> dict[str, tuple[str, str]]:
    """Each breakdown's table title and the heading of its first column."""
    return {
        "channel": (_("By channel"), _("Channel")),
        "category": (_("By category"), _("Category")),
        "area": (_("By area"), _("Region")),
        "sex": (_("By sex of the complainant"), _("Sex")),
        "age_group": (_("By age group of the complainant"), _("Age group")),
        "outcome": (_("By outcome"), _("Outcome")),
    }


# --- what is shown ----------------------------------------------------------------------------


@dataclass
class Line:
    label: str
    cells: list[Any]
    code: str = ""


@dataclass
class Table:
    key: str
    title: str
    heading: str
    columns: list[str]
    lines: list[Line]
    total: Line | None = None
    after: list[Line] = field(default_factory=list)  # lines outside the total (sensitive)
    note: str = ""


@dataclass(frozen=True)
class KeyFigure:
    code: str
    label: str
    value: str


@dataclass
class Figures:
    period: Period
    organisation: Organisation  # the reader's
    every: bool  # the reader counts every organisation
    focal_point: bool  # the reader reads their organisation's sensitive items in detail
    key_figures: list[KeyFigure]
    tables: list[Table]
    by_organisation: Table | None
    detail: list[Table]


def share(part: Shown, whole: Shown) -> str:
    """A percentage of two shown figures; "—" when either is not shown or there is none."""
    if not (is_number(part) and is_number(whole)) or not whole:
        return "—"
    return percent_text(round(100 * int(part) / int(whole)))


def days(value: datetime.timedelta | None) -> str:
    if value is None:
        return "—"
    return formats.number_format(round(value.total_seconds() / 86400, 1), 1)


Medians = dict[str, dict[Any, tuple[Any, int]]]


def _medians(items: models.QuerySet[Any]) -> Medians:
    """Median time to acknowledge and to close, per organisation and over all (key None):
    (median, number of items it is taken over)."""
    found: Medians = {}
    for key, end in (("acknowledge", "acknowledged_at"), ("close", "closed_at")):
        done = items.order_by().filter(**{f"{end}__isnull": False})
        delay = F(end) - F("received_at")
        per = {
            row["organisation_id"]: (row["median"], row["number"])
            for row in done.values("organisation_id").annotate(
                median=Median(delay), number=Count("pk")
            )
        }
        overall = done.aggregate(median=Median(delay), number=Count("pk"))
        per[None] = (overall["median"], overall["number"])
        found[key] = per
    return found


def _median(medians: dict[Any, tuple[Any, int]], unit: Unit | None, protected: set[Any]) -> str:
    """A median over 1 to 4 items of another organisation would tell about those items: not
    shown, neither alone nor within all organisations' (unit None)."""
    if unit is None:
        if any(small(n) for o, (_m, n) in medians.items() if o in protected):
            return HIDDEN
        return days(medians.get(None, (None, 0))[0])
    [organisation] = unit.organisations
    median, number = medians.get(organisation, (None, 0))
    if small(number) and unit.protected:
        return HIDDEN
    return days(median)


class _Labels:
    """The names of the values of each breakdown, in the reader's language."""

    def __init__(
        self, grid: Grid, categories: dict[Any, Category], *, sensitive: bool = False
    ) -> None:
        self.names = categories
        # the categories a table lists: the sensitive ones in the focal points' detail only
        self.categories = {pk: c for pk, c in categories.items() if c.sensitive == sensitive}
        regions = {v for (_o, v, _q) in grid.cells["area"] if v != UNKNOWN}
        self.regions = {
            place.pk: place
            for place in Location.objects.filter(pk__in=regions).select_related("parent")
        }

    def label(self, breakdown: str, value: Any) -> str:
        if breakdown == "area":
            place = self.regions.get(value)
            if place is None:
                return _("Region not known")
            return f"{place.name} ({place.parent.name})" if place.parent else str(place.name)
        if breakdown == "category":
            category = self.names.get(value)
            return str(category) if category is not None else _("Category not known")
        if breakdown == "outcome":
            return {
                "informed": _("Closed, complainant informed"),
                "closed_other": _("Closed, complainant not informed"),
                "open": _("Not closed yet"),
            }[value]
        enum: Any = {"channel": Channel, "sex": Sex, "age_group": AgeGroup}[breakdown]
        return str(enum(value).label) if value in enum.values else str(value)

    def order(self, breakdown: str, values: set[Any]) -> list[Any]:
        """Every value of the choice lists (zeros shown: they name nobody), the places and
        categories met, in a stable order."""
        if breakdown == "channel":
            return list(Channel.values)
        if breakdown == "sex":
            return list(Sex.values)
        if breakdown == "age_group":
            return list(AgeGroup.values)
        if breakdown == "outcome":
            return ["informed", "closed_other", "open"]
        if breakdown == "category":
            known = [pk for pk, c in self.categories.items() if c.active or pk in values]
            return known + sorted(v for v in values if v not in self.categories)
        return sorted(values, key=lambda v: (v == UNKNOWN, self.label(breakdown, v)))


def figures_for(user: Any, period: Period | None = None) -> Figures:
    """The figures the user may read for the period (this year by default)."""
    period = period or Period.current_year()
    start, end = period.bounds()
    counted = items_counted_for(user).filter(received_at__gte=start, received_at__lt=end)
    own = user.organisation_id
    every = counts_every_organisation(user)
    focal = counts_sensitive_in_detail(user)
    normal = counted.filter(sensitive=False)
    cells = {b.key: count_cells(normal, b.expression()) for b in BREAKDOWNS}
    cells[SENSITIVE] = count_cells(counted.filter(sensitive=True), Value(SENSITIVE))
    grid = Grid(cells)
    present = {o for found in cells.values() for (o, _v, _q) in found} | {own}
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=present)}
    others = frozenset(present - {own})
    columns = [_name(organisations[own])]
    units = [Unit(frozenset({own}), protected=False)]
    if every:
        columns += [_("Other organisations"), _("All organisations")]
        units.append(Unit(others, protected=True, single=False))
    categories = {c.pk: c for c in Category.objects.order_by("order", "code")}
    labels = _Labels(grid, categories)
    sensitive_units = [Unit(frozenset({own}), protected=not focal), *units[1:]]
    tables = [
        _table(grid, labels, breakdown, columns, units, sensitive_units)
        for breakdown in SHOWN_BREAKDOWNS
    ]
    medians = _medians(normal)
    by_organisation = _by_organisation(grid, medians, organisations, own) if every else None
    detail = []
    if focal:
        detail = _detail(counted.filter(sensitive=True, organisation_id=own), categories, own)
    return Figures(
        period=period,
        organisation=organisations[own],
        every=every,
        focal_point=focal,
        key_figures=_key_figures(grid, medians, units[0]),
        tables=tables,
        by_organisation=by_organisation,
        detail=detail,
    )


def _name(organisation: Organisation) -> str:
    return organisation.acronym or organisation.name


def _with_all(cells: list[Shown]) -> list[Shown]:
    """Own organisation, other organisations, and all (when both are there)."""
    return [*cells, combined(cells)] if len(cells) == 2 else cells


def _table(
    grid: Grid,
    labels: _Labels,
    breakdown: str,
    columns: list[str],
    units: list[Unit],
    sensitive_units: list[Unit],
) -> Table:
    title, heading = _titles()[breakdown]
    # A place only the other organisations' hidden column holds is not named either.
    values: set[Any] = set()
    for unit in units:
        if not grid.masked(breakdown, unit):
            values |= grid.values(breakdown, unit)
    lines = [
        Line(
            labels.label(breakdown, value),
            _with_all([grid.cell(breakdown, unit, value) for unit in units]),
            code=str(value),
        )
        for value in labels.order(breakdown, values)
    ]
    total = Line(_("Total"), _with_all([grid.column_total(breakdown, unit) for unit in units]))
    after, note = [], ""
    if breakdown == "category":
        after = [
            Line(
                _("Sensitive (SEA, fraud)"),
                _with_all([grid.sensitive(unit) for unit in sensitive_units]),
                code=SENSITIVE,
            )
        ]
        note = _(
            "Sensitive complaints (sexual exploitation and abuse, fraud) are counted on one "
            "line of their own, in none of the other figures."
        )
    return Table(breakdown, title, heading, columns, lines, total, after, note)


def _counts(grid: Grid, unit: Unit) -> dict[str, Shown]:
    informed = grid.cell("outcome", unit, "informed")
    closed_other = grid.cell("outcome", unit, "closed_other")
    return {
        "received": grid.total(unit),
        "closed": combined([informed, closed_other]),
        "informed": informed,
    }


def _key_figures(grid: Grid, medians: Medians, own: Unit) -> list[KeyFigure]:
    found = _counts(grid, own)
    return [
        KeyFigure("received", _("Items received"), str(found["received"])),
        KeyFigure("closed", pgettext("feedback figures", "Closed"), str(found["closed"])),
        KeyFigure("closure_rate", _("Closure rate"), share(found["closed"], found["received"])),
        KeyFigure(
            "informed_share",
            _("Closed with the complainant informed"),
            share(found["informed"], found["closed"]),
        ),
        KeyFigure(
            "acknowledge_days",
            _("Median days to acknowledge"),
            _median(medians["acknowledge"], own, set()),
        ),
        KeyFigure("close_days", _("Median days to close"), _median(medians["close"], own, set())),
    ]


def _by_organisation(
    grid: Grid, medians: Medians, organisations: dict[Any, Organisation], own: Any
) -> Table:
    columns = [
        pgettext("feedback figures", "Received"),
        pgettext("feedback figures", "Closed"),
        _("Closure rate"),
        _("Complainant informed"),
        _("Median days to acknowledge"),
        _("Median days to close"),
    ]
    protected = {pk for pk in organisations if pk != own}
    lines, counted = [], []
    for organisation in sorted(organisations.values(), key=_name):
        unit = Unit(frozenset({organisation.pk}), protected=organisation.pk in protected)
        found = _counts(grid, unit)
        counted.append(found)
        lines.append(
            Line(
                _name(organisation),
                [
                    found["received"],
                    found["closed"],
                    share(found["closed"], found["received"]),
                    share(found["informed"], found["closed"]),
                    _median(medians["acknowledge"], unit, protected),
                    _median(medians["close"], unit, protected),
                ],
                code=str(organisation.pk),
            )
        )
    received = combined(f["received"] for f in counted)
    closed = combined(f["closed"] for f in counted)
    informed = combined(f["informed"] for f in counted)
    total = Line(
        _("All organisations"),
        [
            received,
            closed,
            share(closed, received),
            share(informed, closed),
            _median(medians["acknowledge"], None, protected),
            _median(medians["close"], None, protected),
        ],
    )
    return Table(
        "organisation",
        _("By organisation"),
        _("Organisation"),
        columns,
        lines,
        total=total,
        note=_("Sensitive complaints are not counted here."),
    )


def _detail(items: models.QuerySet[Any], categories: dict[Any, Category], own: Any) -> list[Table]:
    """A PSEA focal point's own organisation's sensitive items, in every breakdown."""
    grid = Grid({b.key: count_cells(items, b.expression()) for b in BREAKDOWNS})
    grid.cells[SENSITIVE] = {}
    labels = _Labels(grid, categories, sensitive=True)
    columns = [pgettext("feedback figures", "Sensitive items")]
    unit = Unit(frozenset({own}), protected=False)
    tables = []
    for breakdown in (*SHOWN_BREAKDOWNS, "outcome"):
        table = _table(grid, labels, breakdown, columns, [unit], [unit])
        table.key = f"sensitive-{breakdown}"
        table.after, table.note = [], ""
        tables.append(table)
    medians = _medians(items)
    tables.append(
        Table(
            "sensitive-delays",
            _("Delays"),
            _("Measure"),
            columns,
            [
                Line(_("Median days to acknowledge"), [days(medians["acknowledge"][None][0])]),
                Line(_("Median days to close"), [days(medians["close"][None][0])]),
            ],
        )
    )
    return tables
