"""The programme's distribution of scores: for each score, the mean and quartiles over the
surveyed cases (each case's latest survey matching the filters), overall and by area (admin1),
sex and type of assistance (the dimensions of the assistance planned for the case: a case
planned economic and social assistance counts in both groups).

Small groups: a group of fewer than `SMALL` surveys never shows its mean or quartiles (they
would be a few people's scores), nor does the group that would give them away by differencing
from the overall mean; outside the owning organisation its count shows as "<5" too,
and so does what would give it away by differencing from the total (the registry's rule,
`core.indicators.suppress_table`). `protect()` is the one place that decides."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sutura.cases.models import Dimension
from sutura.core import indicators
from sutura.geo.models import Location
from sutura.people.models import Sex
from sutura.rss import scoring, texts
from sutura.rss.scoring import SCORES

SMALL = indicators.SMALL
NONE = "none"


@dataclass
class Group:
    key: str
    label: str | Promise
    scores: dict[str, list[Decimal]] = field(default_factory=lambda: defaultdict(list))
    count: int = 0
    shown_count: str = ""
    stats: dict[str, dict[str, Decimal | None]] = field(default_factory=dict)

    def cells(self) -> list[dict[str, Any]]:
        """Each score's label and statistics, in order (stats None: hidden)."""
        return [{"label": texts.DIMENSIONS[name], "stats": self.stats.get(name)} for name in SCORES]


def quartiles(values: list[Decimal]) -> dict[str, Decimal | None]:
    """Mean, first quartile, median and third quartile (inclusive method), 2 places half-up."""
    if not values:
        return {"mean": None, "q1": None, "median": None, "q3": None}
    exact = sorted(Fraction(v) for v in values)
    if len(exact) == 1:
        q1 = median = q3 = exact[0]
    else:
        q1, median, q3 = statistics.quantiles(exact, n=4, method="inclusive")
    mean = Fraction(sum(exact), len(exact))
    return {
        "mean": scoring.shown(mean),
        "q1": scoring.shown(q1),
        "median": scoring.shown(median),
        "q3": scoring.shown(q3),
    }


def protect(
    groups: list[Group], *, own: bool, total: int | None = None, partitions: bool = True
) -> None:
    """Hide what small groups would reveal (see the module's docstring). Outside the owning
    organisation, the counts to hide are the registry's small-number rule
    (`core.indicators.suppress_table`: primary and secondary suppression against `total`);
    `partitions`: each survey stands in exactly one group of the breakdown (not so for the
    types of assistance: a case may have several)."""
    for group in groups:
        small = group.count < SMALL
        group.stats = {} if small else {name: quartiles(group.scores[name]) for name in SCORES}
        group.shown_count = str(group.count)
    if not groups:
        return
    counts: dict[tuple[str, ...], int] = {(group.key,): group.count for group in groups}
    hidden = indicators.suppress_table(counts, total, partitions=(partitions,))
    for group in groups:
        if (group.key,) in hidden:
            # A small group's mean is also found from the overall mean and the other groups'
            # (n·mean − Σ nᵢ·meanᵢ): its complement's statistics go too, even inside the
            # organisation, where the counts stay shown.
            group.stats = {}
            if not own:
                group.shown_count = indicators.SUPPRESSED if group.count < SMALL else "–"


def _admin1(row: dict[str, Any]) -> Any:
    level = row["case__person__current_location__level"]
    path = {
        1: "case__person__current_location_id",
        2: "case__person__current_location__parent_id",
        3: "case__person__current_location__parent__parent_id",
    }
    return row[path[level]] if level in path else None


def _add(group: Group, row: dict[str, Any]) -> None:
    group.count += 1
    for name in SCORES:
        group.scores[name].append(row[name])


def breakdowns(
    rows: list[dict[str, Any]], assistance: dict[Any, set[str]], *, own: bool
) -> dict[str, list[Group]]:
    """The overall group and the three breakdowns, each protected."""
    overall = Group(key="all", label=_("All surveyed cases"))
    by: dict[str, dict[str, Group]] = {"admin1": {}, "sex": {}, "assistance": {}}
    areas = {row_id: None for row_id in (_admin1(row) for row in rows) if row_id}
    names = {loc.pk: loc for loc in Location.objects.filter(pk__in=list(areas))}
    sexes = dict(Sex.choices)
    dimensions = dict(Dimension.choices)
    for row in rows:
        _add(overall, row)
        area = _admin1(row)
        area_key = str(area) if area else NONE
        area_label = str(names[area]) if area in names else _("Area not recorded")
        keys: dict[str, list[tuple[str, Any]]] = {
            "admin1": [(area_key, area_label)],
            "sex": [(row["case__person__sex"], sexes.get(row["case__person__sex"], ""))],
            "assistance": [
                (code, dimensions[code]) for code in sorted(assistance.get(row["case_id"], ()))
            ]
            or [(NONE, _("No assistance planned"))],
        }
        for breakdown, pairs in keys.items():
            for key, label in pairs:
                group = by[breakdown].setdefault(key, Group(key=key, label=label))
                _add(group, row)
    result = {"all": [overall]}
    protect(result["all"], own=own)
    for breakdown, groups in by.items():
        ordered = sorted(groups.values(), key=lambda g: str(g.label))
        protect(ordered, own=own, total=overall.count, partitions=breakdown != "assistance")
        result[breakdown] = ordered
    return result
