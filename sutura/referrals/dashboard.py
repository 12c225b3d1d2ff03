"""The NRM dashboard's figures: aggregates over `access.referrals.referrals_counted_for(user)`,
never a name of a person, in a fixed number of queries (one per table).

Small counts: a row whose referrals the viewer's organisation neither made nor received
shows counts of 1 to 4 as "<5" (the M&E rule), except for NRM coordinators, who run the
mechanism. With today's access rules only coordinators count other organisations' referrals,
so the rule is a safeguard should the source ever widen.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sutura.access import can
from sutura.access.referrals import referrals_counted_for
from sutura.accounts.roles import Perm
from sutura.directory.models import ServiceCategory
from sutura.geo.models import Level, Location
from sutura.referrals.models import (
    AWAITING_ANSWER,
    DeclineReason,
    Referral,
    ReferralStatus,
)

SMALL_COUNT = 5
SUPPRESSED = "<5"
PLACE = "case__person__current_location"


class Median(models.Aggregate):
    """PostgreSQL's `percentile_cont(0.5) WITHIN GROUP (ORDER BY …)`: Django has no median,
    and an ordered-set aggregate needs its own template (FILTER works as with any aggregate)."""

    function = "percentile_cont"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


# --- what the dashboard is asked ----------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    area: Location | None = None  # a country or a region (admin 1): where the person lives
    category: str = ""

    def describe(self) -> str:
        """For the audit log and the export's first sheet (no personal data)."""
        parts = [
            f"from {self.start.isoformat()}" if self.start else "",
            f"to {self.end.isoformat()}" if self.end else "",
            f"area {self.area.pk}" if self.area else "",
            f"category {self.category}" if self.category else "",
        ]
        return ", ".join(part for part in parts if part) or "all"


def region_of_person() -> models.Case:
    """The admin-1 region above the person's current location (locations are at most three
    levels below the country): the location itself, its parent or its grandparent."""
    return models.Case(
        models.When(**{f"{PLACE}__level": Level.ADMIN1}, then=F(f"{PLACE}_id")),
        models.When(**{f"{PLACE}__level": Level.ADMIN2}, then=F(f"{PLACE}__parent_id")),
        models.When(**{f"{PLACE}__level": Level.ADMIN3}, then=F(f"{PLACE}__parent__parent_id")),
        default=None,
        output_field=models.UUIDField(),
    )


def _region_name() -> models.Case:
    column = "name_en" if translation.get_language() == "en" else "name_fr"
    return models.Case(
        models.When(**{f"{PLACE}__level": Level.ADMIN1}, then=F(f"{PLACE}__{column}")),
        models.When(**{f"{PLACE}__level": Level.ADMIN2}, then=F(f"{PLACE}__parent__{column}")),
        models.When(
            **{f"{PLACE}__level": Level.ADMIN3}, then=F(f"{PLACE}__parent__parent__{column}")
        ),
        default=None,
        output_field=models.CharField(),
    )


def counted_referrals(user: Any, filters: DashboardFilters) -> models.QuerySet[Referral]:
    """The referrals the figures count for `user`, narrowed by the filters."""
    referrals = referrals_counted_for(user)
    zone = timezone.get_current_timezone()
    if filters.start:
        start = datetime.datetime.combine(filters.start, datetime.time.min, tzinfo=zone)
        referrals = referrals.filter(sent_at__gte=start)
    if filters.end:
        end = datetime.datetime.combine(filters.end, datetime.time.min, tzinfo=zone)
        referrals = referrals.filter(sent_at__lt=end + datetime.timedelta(days=1))
    if filters.category:
        referrals = referrals.filter(category=filters.category)
    if filters.area is not None:
        if filters.area.level == Level.COUNTRY:
            referrals = referrals.filter(**{f"{PLACE}__country_code": filters.area.country_code})
        else:
            referrals = referrals.alias(region=region_of_person()).filter(region=filters.area.pk)
    return referrals


# --- conditions ------------------------------------------------------------------------------

ACCEPTED = Q(answered_at__isnull=False, decline_reason="")  # accepted, or later
DECLINED = Q(status=ReferralStatus.DECLINED)
COMPLETED = Q(status=ReferralStatus.COMPLETED)


def _overdue() -> Q:
    return Q(status__in=AWAITING_ANSWER, respond_by__lt=timezone.now())


def _row_counts() -> dict[str, Any]:
    return {
        "total": Count("pk"),
        "accepted": Count("pk", filter=ACCEPTED),
        "declined": Count("pk", filter=DECLINED),
        "completed": Count("pk", filter=COMPLETED),
        "overdue": Count("pk", filter=_overdue()),
    }


def _involving(organisation_id: Any) -> Count:
    """How many of a row's referrals the viewer's organisation made or received (to decide
    on suppression; the source is already scoped by the access layer)."""
    mine = Q(from_organisation_id=organisation_id) | Q(to_organisation_id=organisation_id)
    return Count("pk", filter=mine)


# --- the figures -----------------------------------------------------------------------------


@dataclass
class Table:
    """One table of the dashboard: a label per row, then counts (or "<5")."""

    key: str
    title: str
    heading: str  # what each row is (a status, a provider…)
    columns: list[str]
    rows: list[Row] = field(default_factory=list)

    @property
    def lines(self) -> list[tuple[Row, list[tuple[str, int | str]]]]:
        """Each row with its cells named by their column (a phone shows them as cards)."""
        return [(row, list(zip(self.columns, row.values, strict=True))) for row in self.rows]

    @property
    def largest(self) -> int:
        return max((row.bar for row in self.rows if row.bar is not None), default=0)


@dataclass
class Row:
    label: str
    values: list[int | str]
    bar: int | None  # the first count, for the bar; None when suppressed
    suppressed: bool = False


@dataclass
class Figures:
    total: int
    answered: int
    accepted: int
    declined: int
    completed: int
    accepted_and_ended: int
    overdue: int
    median_acknowledgement: datetime.timedelta | None
    median_acceptance: datetime.timedelta | None
    tables: list[Table]

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.answered if self.answered else None

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.accepted_and_ended if self.accepted_and_ended else None


def _cell(count: int, suppress: bool) -> int | str:
    return SUPPRESSED if suppress and 0 < count < SMALL_COUNT else count


def _row(label: str, counts: list[int], suppress: bool) -> Row:
    hidden = suppress and any(0 < count < SMALL_COUNT for count in counts)
    return Row(
        label=label,
        values=[_cell(count, suppress) for count in counts],
        bar=None if hidden and counts[0] < SMALL_COUNT else counts[0],
        suppressed=hidden,
    )


def _headline(referrals: models.QuerySet[Referral]) -> dict[str, Any]:
    acknowledged = F("received_at") - F("sent_at")
    accepted_after = F("answered_at") - F("sent_at")
    return referrals.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        accepted=Count("pk", filter=ACCEPTED),
        declined=Count("pk", filter=DECLINED),
        completed=Count("pk", filter=COMPLETED),
        accepted_and_ended=Count("pk", filter=ACCEPTED & Q(ended_at__isnull=False)),
        overdue=Count("pk", filter=_overdue()),
        median_acknowledgement=Median(
            acknowledged,
            filter=Q(received_at__isnull=False),
            output_field=models.DurationField(),
        ),
        median_acceptance=Median(
            accepted_after, filter=ACCEPTED, output_field=models.DurationField()
        ),
    )


def _simple_table(
    referrals: models.QuerySet[Referral],
    key: str,
    labels: Mapping[str, Any],
    *,
    title: str,
    heading: str,
    ranked: bool,
) -> Table:
    """Counts per value of `key`, in the order of `labels` or (`ranked`) largest first."""
    counts = dict(referrals.order_by().values_list(key).annotate(n=Count("pk")))
    rows = [
        Row(label=str(label), values=[counts[value]], bar=counts[value])
        for value, label in labels.items()
        if counts.get(value)
    ]
    if ranked:
        rows.sort(key=lambda row: -int(row.values[0]))
    return Table(key=key, title=title, heading=heading, columns=[_("Referrals")], rows=rows)


def _counts_columns() -> list[str]:
    return [_("Referrals"), _("Accepted"), _("Declined"), _("Completed"), _("Overdue")]


def _by_provider(
    referrals: models.QuerySet[Referral], organisation_id: Any, suppress: bool
) -> Table:
    grouped = (
        referrals.order_by()
        .values("to_organisation_id", "to_organisation__name", "to_organisation__acronym")
        .annotate(**_row_counts(), involving=_involving(organisation_id))
        .order_by("-total", "to_organisation__name")
    )
    table = Table(
        key="provider", title=_("By provider"), heading=_("Provider"), columns=_counts_columns()
    )
    for group in grouped:
        name = group["to_organisation__name"]
        acronym = group["to_organisation__acronym"]
        counts = [group[key] for key in ("total", "accepted", "declined", "completed", "overdue")]
        table.rows.append(
            _row(
                f"{acronym} — {name}" if acronym else name,
                counts,
                suppress and not group["involving"],
            )
        )
    return table


def _by_area(referrals: models.QuerySet[Referral], organisation_id: Any, suppress: bool) -> Table:
    grouped = (
        referrals.order_by()
        .annotate(region=region_of_person(), region_name=_region_name())
        .values("region", "region_name")
        .annotate(**_row_counts(), involving=_involving(organisation_id))
        .order_by("-total", "region_name")
    )
    table = Table(
        key="area",
        title=_("By region where the person lives"),
        heading=_("Region"),
        columns=_counts_columns(),
    )
    for group in grouped:
        counts = [group[key] for key in ("total", "accepted", "declined", "completed", "overdue")]
        label = group["region_name"] or _("Region not recorded")
        table.rows.append(_row(label, counts, suppress and not group["involving"]))
    return table


def _declines(referrals: models.QuerySet[Referral], organisation_id: Any, suppress: bool) -> Table:
    """The providers that decline most, and why: declines per provider and per reason."""
    grouped = (
        referrals.filter(DECLINED)
        .order_by()
        .values(
            "to_organisation_id",
            "to_organisation__name",
            "to_organisation__acronym",
            "decline_reason",
        )
        .annotate(n=Count("pk"), involving=_involving(organisation_id))
    )
    providers: dict[Any, dict[str, Any]] = {}
    for group in grouped:
        name, acronym = group["to_organisation__name"], group["to_organisation__acronym"]
        entry = providers.setdefault(
            group["to_organisation_id"],
            {"label": f"{acronym} — {name}" if acronym else name, "involving": 0, "reasons": {}},
        )
        entry["reasons"][group["decline_reason"]] = group["n"]
        entry["involving"] += group["involving"]
    reasons = [
        value
        for value in DeclineReason.values
        if any(value in p["reasons"] for p in providers.values())
    ]
    table = Table(
        key="declines",
        title=_("Providers that decline most, and why"),
        heading=_("Provider"),
        columns=[_("Declined"), *[str(DeclineReason(value).label) for value in reasons]],
    )
    ranked = sorted(providers.values(), key=lambda p: (-sum(p["reasons"].values()), p["label"]))
    for entry in ranked:
        counts = [sum(entry["reasons"].values()), *[entry["reasons"].get(r, 0) for r in reasons]]
        table.rows.append(_row(entry["label"], counts, suppress and not entry["involving"]))
    return table


def dashboard_figures(user: Any, filters: DashboardFilters) -> Figures:
    """Everything the dashboard shows, in six queries whatever the number of referrals."""
    referrals = counted_referrals(user, filters)
    suppress = not can(user, Perm.MANAGE_DIRECTORY)  # coordinators run the mechanism
    organisation_id = user.organisation_id
    headline = _headline(referrals)
    tables = [
        _simple_table(
            referrals,
            "status",
            dict(ReferralStatus.choices),
            title=_("By status"),
            heading=_("Status"),
            ranked=False,  # the workflow's order
        ),
        _simple_table(
            referrals,
            "category",
            dict(ServiceCategory.choices),
            title=_("By need"),
            heading=_("Need"),
            ranked=True,
        ),
        _by_provider(referrals, organisation_id, suppress),
        _by_area(referrals, organisation_id, suppress),
        _declines(referrals, organisation_id, suppress),
    ]
    return Figures(tables=tables, **headline)
