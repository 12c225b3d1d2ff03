"""Reads of cases, always through the access layer."""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.cases import cases_counted_for, works_on, works_on_filter
from sutura.audit.services import record_read
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    CaseDocument,
    CaseNote,
    CaseStatus,
    CaseTransition,
    CaseType,
    FollowUp,
    NeedsAssessment,
    PlanDecision,
    PlannedAssistance,
    PlanStatus,
    ReintegrationPlan,
    Vulnerability,
    VulnerabilityScreening,
)
from sutura.core.indicators import (
    admin_expression,
    age_group_expression,
    age_groups,
    in_age_group,
)
from sutura.geo.models import Location
from sutura.geo.queries import within
from sutura.people.models import Consent, Sex
from sutura.people.names import skeleton
from sutura.people.phones import carrying, home_region
from sutura.people.search import MAX_MATCHES, closest_people, is_phone, rank_in

M = TypeVar("M", bound=Model)
CASE_NUMBER = re.compile(r"^[A-Za-z]{2}-\d{4}-\d{1,6}$")
SORTS = {
    "opened": ("-opened_on", "-number"),
    "-opened": ("opened_on", "number"),
    "priority": ("-priority", "-opened_on", "-number"),
    "name": ("person__search_key", "number"),
    "follow_up": ("next_follow_up_on", "number"),
    "number": ("number",),
}


@dataclass
class CaseFilters:
    query: str = ""
    status: str = ""
    case_type: str = ""
    vulnerability: str = ""
    location: Any = None  # a Location: the person's place of origin or residence, any level
    case_manager: Any = None
    overdue: bool = False
    sort: str = ""  # empty: the closest first for a name searched, else the newest opened
    # The dashboards' drill-down (the same rows as their figures): programmes, the person's
    # current place (admin1/admin2), opened in a period, open at some time in a period,
    # flagged with any vulnerability.
    programmes: tuple[Any, ...] = ()
    residence: Any = None
    opened_from: date | None = None
    opened_to: date | None = None
    open_from: date | None = None
    open_to: date | None = None
    flagged: bool = False
    # A cell of a table by sex or age group (the age group at the period's end, as counted).
    sex: str = ""
    age_group: str = ""


def cases_for(user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """The cases a user may see, searched, filtered and sorted for the case list."""
    filters = filters or CaseFilters()
    cases = visible(user, Case).select_related("person", "person__current_location", "case_manager")
    cases = _search(user, cases, filters.query.strip())
    cases = _chosen(cases, filters)
    if filters.location is not None:
        cases = cases.filter(_in_location(filters.location))
    if filters.case_manager is not None:
        cases = cases.filter(case_manager=filters.case_manager)
    if filters.overdue:
        cases = cases.filter(_overdue(timezone.localdate()))
    cases = _drilled(cases, filters)
    sort = filters.sort or ("relevance" if filters.query else "opened")
    if filters.query and sort == "relevance" and cases.ordered:
        return cases
    return cases.order_by(*SORTS.get(sort, SORTS["opened"]))


def _chosen(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    """The choices both lists filter by: status, type, vulnerability."""
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.case_type:
        cases = cases.filter(case_type=filters.case_type)
    if filters.vulnerability:
        cases = cases.filter(flags__contains=[filters.vulnerability])
    return cases


def _drilled(
    cases: QuerySet[Case], filters: CaseFilters, ages_on: date | None = None
) -> QuerySet[Case]:
    """The dashboards' filters (`sutura.dashboards.drill`); age groups at `ages_on` (default:
    the period's end, as the figures count them)."""
    if filters.programmes:
        cases = cases.filter(programme__in=filters.programmes)
    if filters.residence is not None:
        cases = cases.filter(within("person__current_location", filters.residence))
    if filters.opened_from:
        cases = cases.filter(opened_on__gte=filters.opened_from)
    if filters.opened_to:
        cases = cases.filter(opened_on__lte=filters.opened_to)
    if filters.open_to:
        cases = cases.filter(opened_on__lte=filters.open_to)
    if filters.open_from:
        cases = cases.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=filters.open_from))
    if filters.flagged:
        cases = cases.filter(flags__len__gt=0)
    if filters.sex:
        cases = cases.filter(person__sex=filters.sex)
    if filters.age_group:
        on = ages_on or age_on(filters)
        cases = cases.filter(in_age_group("person__birth_date", filters.age_group, on))
    return cases


# The list without names, for those who count cases (`cases_counted_for`): what a figure is
# broken down by, never who. No name, birth date, phone, address below the region, case
# manager, nor case number (it identifies a file: the exports count it among the identifying
# columns, and gaps between numbers, shared by a country's organisations, would count other
# organisations' cases): the dates, status, type, flags and programme, the person's sex, age
# group and region.
COUNTED_SORTS: dict[str, tuple[str, ...]] = {
    "opened": ("-opened_on", "pk"),
    "-opened": ("opened_on", "pk"),
}


@dataclass(frozen=True)
class CountedCase:
    opened_on: date
    closed_on: date | None
    status: str
    case_type: str
    flags: list[str]
    programme: str
    sex: str
    age_group: str
    region: str

    @staticmethod
    def _label(choices: Any, code: str) -> str:
        return str(dict(choices.choices).get(code, code))

    @property
    def status_label(self) -> str:
        return self._label(CaseStatus, self.status)

    @property
    def case_type_label(self) -> str:
        return self._label(CaseType, self.case_type)

    @property
    def sex_label(self) -> str:
        return self._label(Sex, self.sex) if self.sex else ""

    @property
    def flag_labels(self) -> list[str]:
        return [self._label(Vulnerability, flag) for flag in self.flags]


def age_on(filters: CaseFilters) -> date:
    """The day ages are told at: the period's end, as the figures count them; else today."""
    return filters.open_to or filters.opened_to or timezone.localdate()


def counted_age_on(filters: CaseFilters) -> date:
    """The day the list without names tells ages at: the end of the quarter holding the
    period's end, and never after the current quarter's end. A day of the user's choosing
    would let them find a birth date: the day a row moves from one age group to the next."""
    day = min(age_on(filters), timezone.localdate())
    last_month = (day.month - 1) // 3 * 3 + 3
    return date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def counted_cases(user: Any, filters: CaseFilters) -> QuerySet[Any]:
    """The cases this user counts (their organisation's, for indicator holders), filtered as
    the list without names asks, as rows of the fields it shows (`counted_rows`)."""
    cases = cases_counted_for(user)
    cases = _chosen(cases, filters)
    on = counted_age_on(filters)
    cases = _drilled(cases, filters, ages_on=on)
    return (
        cases.annotate(
            age_index=age_group_expression("person__birth_date", on),
            region_id=admin_expression("person__current_location", 1),
        )
        .order_by(*COUNTED_SORTS.get(filters.sort, COUNTED_SORTS["opened"]))
        .values(
            "opened_on",
            "closed_on",
            "status",
            "case_type",
            "flags",
            "programme__name",
            "person__sex",
            "age_index",
            "region_id",
        )
    )


def counted_rows(values: Any) -> list[CountedCase]:
    """One page of `counted_cases`, with the age groups' and regions' names."""
    rows = list(values)
    regions = {
        place.pk: place.name
        for place in Location.objects.filter(pk__in={r["region_id"] for r in rows})
    }
    groups = [code for code, _low, _high in age_groups()]
    return [
        CountedCase(
            opened_on=row["opened_on"],
            closed_on=row["closed_on"],
            status=row["status"],
            case_type=row["case_type"],
            flags=list(row["flags"] or ()),
            programme=row["programme__name"] or "",
            sex=row["person__sex"] or "",
            age_group=groups[row["age_index"]] if row["age_index"] >= 0 else "",
            region=regions.get(row["region_id"], ""),
        )
        for row in rows
    ]


def _search(user: Any, cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """A case number, a phone number, or a name in any spelling and order."""
    if not query:
        return cases
    if CASE_NUMBER.match(query):
        return cases.filter(number=query.upper())  # numbers are stored upper case: the index
    if is_phone(query):
        # The other phones only on the cases the user works on in full: a mentor reads the
        # person's main phone alone (`access.cases`).
        region = home_region(user)
        condition = carrying(query, region, "person__", other_phones=False)
        team = works_on_filter(user)
        if team is not None:
            condition |= team & carrying(query, region, "person__")
        return cases.filter(condition)
    if not skeleton(query):
        return cases.none()
    # The closest MAX_MATCHES people only (from the name index, through the access layer),
    # best first: "Ndiaye" alone matches thousands, and nobody pages through them; the list
    # says "more than …: refine the search" (CappedPaginator). Fetched once, for the page and
    # its count; the cases come in the order of their people's score (search.closest_people).
    closest = closest_people(user, query, limit=MAX_MATCHES + 1)
    return (
        cases.filter(person_id__in=closest)
        .annotate(relevance=rank_in(closest, "person_id"))
        .order_by("relevance", "-opened_on", "number")
    )


def _in_location(location: Any) -> Q:
    return within("person__place_of_origin", location) | within(
        "person__current_location", location
    )


def _overdue(today: date) -> Q:
    return Q(next_follow_up_on__lt=today) & ~Q(status=CaseStatus.CLOSED)


def overdue_follow_ups_for(user: Any, *, limit: int = 20) -> QuerySet[Case]:
    """The case manager's own open cases whose next follow-up date has passed."""
    return (
        visible(user, Case)
        .filter(_overdue(timezone.localdate()), case_manager=user)
        .select_related("person")
        .order_by("next_follow_up_on")[:limit]
    )


def cases_of_person(user: Any, person: Any) -> QuerySet[Case]:
    """A person's cases that the user may see, newest first (the person's page and API)."""
    return (
        visible(user, Case)
        .filter(person=person)
        .select_related("case_manager")
        .order_by("-opened_on")
    )


def case_for(user: Any, case_id: Any, *, audit: bool = True) -> Case:
    """One case the user may see (404 otherwise); the read is audited."""
    case = get_visible_or_404(
        user,
        Case.objects.select_related(
            "person",
            "person__place_of_origin__parent__parent",
            "person__current_location__parent__parent",
            "case_manager",
            "mentor",
            "programme",
            "organisation",
        ),
        pk=case_id,
    )
    if audit:
        record_read(user, case, detail=gettext_noop("case"))
    return case


def case_worked_on(user: Any, case_id: Any, *, audit: bool = False) -> Case:
    """A case the user works on in full, or 404 — a mentor's too: their minimal view reaches
    neither the records kept on a case nor its actions."""
    case = case_for(user, case_id, audit=False)
    if not works_on(user, case):
        raise Http404
    if audit:
        record_read(user, case, detail=gettext_noop("case"))
    return case


def case_records(user: Any, case: Case) -> dict[str, Any]:
    """Everything recorded on a case that this user may read."""
    plan = visible(user, ReintegrationPlan).filter(case=case).first()
    items = visible(user, PlannedAssistance).filter(plan__case=case)
    return {
        "screenings": visible(user, VulnerabilityScreening).filter(case=case),
        "assessments": visible(user, NeedsAssessment).filter(case=case),
        "plan": plan,
        "items": items.prefetch_related(
            Prefetch("deliveries", visible(user, AssistanceDelivery), to_attr="delivered")
        ),
        "budget": budget_summary(items),
        "follow_ups": visible(user, FollowUp).filter(case=case).select_related("recorded_by"),
        "notes": visible(user, CaseNote).filter(case=case).select_related("author"),
        "documents": visible(user, CaseDocument).filter(case=case).select_related("uploaded_by"),
        "consents": visible(user, Consent)
        .filter(person=case.person)
        .select_related("recorded_by", "shared_with"),
        "transitions": visible(user, CaseTransition).filter(case=case).select_related("actor"),
    }


def plans_for(user: Any) -> QuerySet[ReintegrationPlan]:
    """Plans with their items (each with what was delivered so far) and decisions, in three
    queries whatever the number of plans."""
    items = (
        visible(user, PlannedAssistance)
        .annotate(delivered=Sum("deliveries__amount"))
        .order_by("planned_on", "created_at")  # grouped: the model's ordering no longer applies
    )
    decisions = visible(user, PlanDecision).select_related("actor")
    return (
        visible(user, ReintegrationPlan)
        .select_related("case")
        .prefetch_related(Prefetch("items", queryset=items), Prefetch("decisions", decisions))
    )


def plan_decisions(user: Any, plan: ReintegrationPlan) -> QuerySet[PlanDecision]:
    """Who approved or returned the plan, and what they said."""
    return visible(user, PlanDecision).filter(plan=plan).select_related("actor")


def on_case(user: Any, model: type[M], case: Case) -> QuerySet[M]:
    """The records of one kind kept on a case, as far as the user may read them."""
    return visible(user, model).filter(case=case)


def document_for(user: Any, document_id: Any) -> CaseDocument:
    document = get_visible_or_404(user, CaseDocument.objects.select_related("case"), pk=document_id)
    record_read(user, document, detail=gettext_noop("document download"))
    return document


def budget_for_organisation(user: Any, programme: Any = None) -> dict[str, Any]:
    """Planned / committed / disbursed per currency, for the user's organisation's cases."""
    items = PlannedAssistance.objects.filter(plan__case__in=cases_counted_for(user))
    if programme is not None:
        items = items.filter(plan__case__programme=programme)
    return budget_summary(items)


def plans_awaiting_approval_for(user: Any, *, limit: int = 20) -> QuerySet[ReintegrationPlan]:
    from sutura.cases.models import PlanStatus

    return (
        visible(user, ReintegrationPlan)
        .filter(status=PlanStatus.SUBMITTED)
        .select_related("case", "case__person")
        .order_by("submitted_at")[:limit]
    )


def budgets_by_programme(user: Any) -> list[tuple[Any, dict[str, Any]]]:
    """The organisation's budget per programme that has any (three queries in all)."""
    from sutura.cases.models import Programme

    items = PlannedAssistance.objects.filter(plan__case__in=cases_counted_for(user))
    budgets = budget_summaries(items, group_by="plan__case__programme")
    programmes = visible(user, Programme).filter(pk__in=[k for k in budgets if k]).order_by("name")
    return [(programme, budgets[programme.pk]) for programme in programmes]


# --- budgets and approval thresholds ------------------------------------------------------------


def totals_by_currency(plan: ReintegrationPlan) -> dict[str, Decimal]:
    """What a plan (the caller holds it) plans in all, per currency."""
    rows = (
        PlannedAssistance.objects.filter(plan=plan).values("currency").annotate(total=Sum("amount"))
    )
    return {row["currency"]: row["total"] for row in rows}


def needs_approval(plan: ReintegrationPlan) -> bool:
    """Above the threshold of one of its currencies, a plan waits for a programme manager."""
    thresholds = settings.SUTURA_PLAN_APPROVAL_THRESHOLDS
    return any(
        total > thresholds.get(currency, 0) for currency, total in totals_by_currency(plan).items()
    )


Budget = dict[str, dict[str, Decimal]]  # currency -> planned / committed / disbursed


def budget_summary(items: Any) -> Budget:
    """Planned / committed (approved plans) / disbursed, per currency, for a set of items."""
    return budget_summaries(items).get(None, {})


def budget_summaries(items: Any, group_by: str | None = None) -> dict[Any, Budget]:
    """The same, per value of `group_by` (a lookup from the item, e.g. the case's programme),
    in two queries whatever the number of groups."""
    summaries: dict[Any, Budget] = defaultdict(
        lambda: defaultdict(
            lambda: {"planned": Decimal(0), "committed": Decimal(0), "disbursed": Decimal(0)}
        )
    )
    keys = [group_by] if group_by else []
    for row in items.values(*keys, "currency", "plan__status").annotate(total=Sum("amount")):
        budget = summaries[row[group_by] if group_by else None][row["currency"]]
        budget["planned"] += row["total"]
        if row["plan__status"] == PlanStatus.APPROVED:
            budget["committed"] += row["total"]
    delivered_keys = [f"item__{group_by}"] if group_by else []
    for row in (
        AssistanceDelivery.objects.filter(item__in=items)
        .values(*delivered_keys, "item__currency")
        .annotate(total=Sum("amount"))
    ):
        group = row[f"item__{group_by}"] if group_by else None
        summaries[group][row["item__currency"]]["disbursed"] += row["total"]
    return {group: dict(budget) for group, budget in summaries.items()}
