"""Programme reads, through `access.programmes`: the programmes a user sees, a programme's
budget against its envelopes (with the warnings at its thresholds), its results framework
with actuals and progress against target, and what is tagged to it."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from sutura.access import visible
from sutura.access.programmes import (
    budget_items_counted_for,
    manages_programme,
    partner_ids,
    programme_filter,
    programmes_seen,
    sees_budget,
)
from sutura.cases.models import Programme
from sutura.cases.selectors import budget_summaries
from sutura.community.models import Community, Initiative, Workplan
from sutura.core import indicators
from sutura.programmes import periods
from sutura.programmes.models import (
    BudgetLevel,
    Donor,
    Envelope,
    PeriodValue,
    ProgrammeProfile,
    ProgrammeTag,
    ResultIndicator,
    ResultNode,
)
from sutura.programmes.taggable import KINDS

ZERO = Decimal(0)


# --- programmes ------------------------------------------------------------------------------


def programmes_for(user: Any) -> Any:
    return (
        programmes_seen(user)
        .select_related("organisation", "profile")
        .prefetch_related("profile__donors")
        .order_by("name")
    )


def programme_for(user: Any, pk: Any) -> Programme:
    """One programme the user sees, with its details; 404 otherwise."""
    condition = programme_filter(user)
    if condition is None:
        raise Http404
    found = (
        Programme.objects.filter(condition, pk=pk).select_related("organisation", "profile").first()
    )
    if found is None:
        raise Http404
    return found


def profile_of(programme: Programme) -> ProgrammeProfile | None:
    try:
        return programme.profile
    except ProgrammeProfile.DoesNotExist:
        return None


@dataclass
class Details:
    profile: ProgrammeProfile | None
    donors: list[Donor]
    areas: list[Any]
    partners: list[Any]


def details_of(programme: Programme) -> Details:
    """The programme's details (a programme the cases app made before has none yet)."""
    profile = profile_of(programme)
    if profile is None:
        return Details(None, [], [], [])
    return Details(
        profile,
        list(profile.donors.all()),
        list(profile.areas.select_related("parent").order_by("level", "name_fr")),
        list(profile.partners.order_by("name")),
    )


def donors_for(user: Any) -> Any:
    """The donors a programme manager may choose: their organisation's list."""
    return visible(user, Donor).filter(organisation_id=user.organisation_id).order_by("name")


# --- budget against envelopes ----------------------------------------------------------------


@dataclass
class EnvelopeLine:
    envelope: Envelope
    planned: Decimal
    committed: Decimal
    disbursed: Decimal
    level: str
    committed_percent: int | None
    disbursed_percent: int | None
    planned_percent: int | None

    @property
    def plans_overrun(self) -> bool:
        """The plans not yet approved would take the line beyond its envelope, while what is
        committed has not reached the alert: the level alone would read "near" or "within"."""
        return self.level != BudgetLevel.ALERT and self.planned > self.envelope.amount

    @property
    def remaining(self) -> Decimal:
        return self.envelope.amount - self.committed

    @property
    def level_label(self) -> str:
        return str(BudgetLevel(self.level).label)


def _percent(part: Decimal, whole: Decimal) -> int | None:
    if not whole:
        return None
    return int((part * 100 / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def level_of(committed: Decimal, amount: Decimal, warning: int, alert: int) -> str:
    """Where what plans committed stands against an envelope and the programme's thresholds."""
    if not amount:
        return BudgetLevel.ALERT if committed > 0 else BudgetLevel.OK
    share = committed * 100 / amount
    if share >= alert:
        return BudgetLevel.ALERT
    if share >= warning:
        return BudgetLevel.WARNING
    return BudgetLevel.OK


def default_thresholds() -> tuple[int, int]:
    """The thresholds a new programme starts with (settings)."""
    return (
        int(getattr(settings, "SUTURA_BUDGET_WARNING_PERCENT", 80)),
        int(getattr(settings, "SUTURA_BUDGET_ALERT_PERCENT", 100)),
    )


def thresholds(programme: Programme) -> tuple[int, int]:
    profile = profile_of(programme)
    if profile is None:
        return default_thresholds()
    return profile.warning_percent, profile.alert_percent


def envelope_lines(user: Any, programme: Programme) -> list[EnvelopeLine]:
    """Each envelope with what the programme's plans planned, committed (approved plans) and
    disbursed (assistance delivered) in its currency and dimension (all dimensions for a line
    without one). Counts only the user's organisation's cases; empty for anyone else."""
    if not sees_budget(user, programme):
        return []
    envelopes = list(visible(user, Envelope).filter(programme=programme))
    if not envelopes:
        return []
    # {dimension: {currency: {planned, committed, disbursed}}}, two queries.
    by_dimension = budget_summaries(budget_items_counted_for(user, programme), "dimension")
    totals: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(
        lambda: {"planned": ZERO, "committed": ZERO, "disbursed": ZERO}
    )
    for dimension, currencies in by_dimension.items():
        for currency, figures in currencies.items():
            for key in (dimension, ""):  # a line without dimension counts every item
                for name, value in figures.items():
                    totals[(key, currency)][name] += value
    warning, alert = thresholds(programme)
    lines = []
    for envelope in envelopes:
        figures = totals[(envelope.dimension, envelope.currency)]
        lines.append(
            EnvelopeLine(
                envelope=envelope,
                planned=figures["planned"],
                committed=figures["committed"],
                disbursed=figures["disbursed"],
                level=level_of(figures["committed"], envelope.amount, warning, alert),
                committed_percent=_percent(figures["committed"], envelope.amount),
                disbursed_percent=_percent(figures["disbursed"], envelope.amount),
                planned_percent=_percent(figures["planned"], envelope.amount),
            )
        )
    return lines


def budget_warnings(user: Any) -> list[tuple[Programme, EnvelopeLine]]:
    """The envelopes of the programmes the user keeps that reached a threshold (home card)."""
    found = []
    for programme in programmes_for(user).filter(organisation_id=user.organisation_id):
        if not manages_programme(user, programme):
            continue
        for line in envelope_lines(user, programme):
            if line.level != BudgetLevel.OK:
                found.append((programme, line))
    return found


# --- the results framework -------------------------------------------------------------------


def indicator_actual(user: Any, code: str, period: periods.Period, programme: Programme) -> Any:
    """THE one place that asks the indicator registry for a programme's actual: the figure of
    `code` over `period` for the programme's cases and records, as far as the user may count
    them, as it may be shown to them (the registry's small-number rule: "<5" where some rows
    are another organisation's). None when the registry has no such indicator or cannot scope
    it to a programme."""
    try:
        indicator: Any = indicators.get(code)
    except KeyError:
        return None
    period_class = getattr(indicators, "Period", None)
    scope_class = getattr(indicators, "Scope", None)
    if period_class is None or scope_class is None:
        return None  # the registry before scopes: a programme's share cannot be told apart
    try:
        figure = indicator.value(
            user,
            period_class(period.start, period.end),
            scope=scope_class(programme_ids=(programme.pk,)),
        )
    except ValueError:  # a figure the registry refuses to compute so (never a server error)
        return None
    display = getattr(figure, "display", None)
    if callable(display):
        return display()["total"]
    return getattr(figure, "total", figure)


@dataclass
class PeriodRow:
    value: PeriodValue
    actual: Any
    computed: bool
    percent: int | None  # progress against target (from the baseline when there is one)
    bar: int  # the same, held between 0 and 100 for the bar

    @property
    def suppressed(self) -> bool:
        """An actual the small-number rule holds back: shown as it is ("<5")."""
        return self.actual is not None and not _number(self.actual)


@dataclass
class IndicatorRow:
    indicator: ResultIndicator
    label: str
    periods: list[PeriodRow] = field(default_factory=list)


@dataclass
class ResultRow:
    node: ResultNode
    depth: int
    indicators: list[IndicatorRow] = field(default_factory=list)


def _number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def progress(actual: Any, baseline: Any, target: Any) -> int | None:
    """How far the actual went from the baseline (zero without one) toward the target; None
    without both, or for an actual held back by the small-number rule ("<5")."""
    if not _number(actual) or target is None:
        return None
    start = Decimal(baseline) if baseline is not None else ZERO
    span = Decimal(target) - start
    if not span:
        return 100 if Decimal(actual) >= Decimal(target) else 0
    return int(((Decimal(actual) - start) * 100 / span).quantize(Decimal(1), ROUND_HALF_UP))


def indicator_label(indicator: ResultIndicator) -> str:
    if indicator.name:
        return indicator.name
    try:
        return str(indicators.get(indicator.code).label)
    except KeyError:
        return indicator.code


def framework(
    user: Any,
    programme: Programme,
    *,
    within: tuple[datetime.date, datetime.date] | None = None,
) -> list[ResultRow]:
    """The results, goal first then each outcome with its outputs, each with its indicators
    and their periods: baseline, target, actual (computed up to today, or entered) and the
    progress against target. Four queries, plus the registry's per computed period.
    `within` (first and last day, a report's): only the periods that overlap it, so no other
    period's actual is computed."""
    nodes = list(visible(user, ResultNode).filter(programme=programme))
    by_parent: dict[Any, list[ResultNode]] = defaultdict(list)
    for node in nodes:
        by_parent[node.parent_id].append(node)
    rows: list[ResultRow] = []

    def walk(parent: Any, depth: int) -> None:
        for node in by_parent.get(parent, []):
            rows.append(ResultRow(node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    placed = {row.node.pk for row in rows}
    rows.extend(ResultRow(n, 0) for n in nodes if n.pk not in placed)
    by_node = {row.node.pk: row for row in rows}
    found = visible(user, ResultIndicator).filter(result__programme=programme)
    values: dict[Any, list[PeriodValue]] = defaultdict(list)
    for value in visible(user, PeriodValue).filter(indicator__result__programme=programme):
        values[value.indicator_id].append(value)
    today = timezone.localdate()
    for indicator in found:
        row = IndicatorRow(indicator, indicator_label(indicator))
        for value in values.get(indicator.pk, []):
            if within and (value.starts_on > within[1] or value.ends_on < within[0]):
                continue
            started = value.starts_on <= today
            if indicator.computed:
                period = periods.parse(value.period)
                actual = (
                    indicator_actual(user, indicator.code, period, programme) if started else None
                )
            else:
                actual = value.actual
            percent = progress(actual, value.baseline, value.target)
            bar = max(0, min(100, percent)) if percent is not None else 0
            row.periods.append(PeriodRow(value, actual, indicator.computed, percent, bar))
        by_node[indicator.result_id].indicators.append(row)
    return rows


def result_for(user: Any, programme: Programme, pk: Any) -> ResultNode:
    found = visible(user, ResultNode).filter(programme=programme, pk=pk).first()
    if found is None:
        raise Http404
    return found


def indicator_for(user: Any, pk: Any) -> ResultIndicator:
    found = (
        visible(user, ResultIndicator)
        .select_related("result__programme__organisation")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def period_value_of(user: Any, indicator: ResultIndicator, code: str) -> PeriodValue | None:
    if not code:
        return None
    return visible(user, PeriodValue).filter(indicator=indicator, period=code).first()


def envelope_for(user: Any, programme: Programme, pk: Any) -> Envelope:
    found = visible(user, Envelope).filter(programme=programme, pk=pk).first()
    if found is None:
        raise Http404
    return found


def registry_choices() -> list[tuple[str, str]]:
    return [(i.code, f"{i.code} — {i.label}") for i in indicators.all_indicators()]


# --- tags ------------------------------------------------------------------------------------


@dataclass
class TagRow:
    tag: ProgrammeTag
    record: Any  # None: a record the reader may not see (counted, not named)


def tags_of(user: Any, programme: Programme) -> list[TagRow]:
    """What is tagged to the programme: each record named only if the reader may see it."""
    tags = list(visible(user, ProgrammeTag).filter(programme=programme))
    by_kind: dict[str, list[str]] = defaultdict(list)
    for found in tags:
        by_kind[found.kind].append(found.object_id)
    records: dict[tuple[str, str], Any] = {}
    for kind, ids in by_kind.items():
        taggable = KINDS.get(kind)
        if taggable is None:
            continue
        for record in visible(user, taggable.model).filter(pk__in=ids):
            records[(kind, str(record.pk))] = record
    return [TagRow(t, records.get((t.kind, t.object_id))) for t in tags]


def taggable_records(user: Any, programme: Programme, kind: str, *, limit: int = 50) -> list[Any]:
    """The organisation's latest records of a kind the user may see, not tagged yet."""
    taggable = KINDS[kind]
    tagged = visible(user, ProgrammeTag).filter(programme=programme, kind=kind)
    return list(
        visible(user, taggable.model)
        .filter(organisation_id=programme.organisation_id)
        .exclude(pk__in=[t.object_id for t in tagged])
        .order_by(*taggable.ordering)[:limit]
    )


def tag_for(user: Any, programme: Programme, pk: Any) -> ProgrammeTag:
    found = visible(user, ProgrammeTag).filter(programme=programme, pk=pk).first()
    if found is None:
        raise Http404
    return found


def partners_of(programme: Programme) -> set[Any]:
    return partner_ids(programme)


@dataclass
class CommunityWork:
    kind: str  # "community", "initiative", "workplan"
    record: Any
    url_name: str


def community_work(user: Any, programme: Programme, *, limit: int = 50) -> list[CommunityWork]:
    """The community work that chose this programme on its own form (communities, their
    initiatives, partners' workplans), as far as the user may see it (three queries)."""
    found: list[CommunityWork] = []
    kinds: list[tuple[str, Any, str]] = [
        ("community", Community, "community:community"),
        ("initiative", Initiative, "community:initiative"),
        ("workplan", Workplan, "community:workplan"),
    ]
    for kind, model, url_name in kinds:
        rows = visible(user, model).filter(programmes=programme).order_by("-created_at")[:limit]
        found.extend(CommunityWork(kind, row, url_name) for row in rows)
    return found


# --- donors, for the figures' filters ----------------------------------------------------------


def donors_seen(user: Any) -> Any:
    """The donors a user may filter figures by: their organisation's list and the donors of
    the programmes they see (dashboards, reports)."""
    return visible(user, Donor).order_by("name")


def programme_ids_of_donor(user: Any, donor: Any) -> tuple[Any, ...]:
    """A donor stands for the programmes it funds that the user sees: what an indicator's
    `Scope(programme_ids=…)` takes (the registry knows programmes, not donors)."""
    donor_id = getattr(donor, "pk", donor)
    return tuple(
        programmes_seen(user)
        .filter(profile__donors=donor_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
