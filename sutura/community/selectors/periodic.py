"""The figures of a periodic community-based-protection report (weekly, monthly, quarterly)
for a partner organisation, an area, or all the communities the user sees, optionally cut by
programme (donor). One function builds them (`report_figures`); the page, the PDF and the XLSX
all show what it returns. Everything is read through the access layer: each figure counts only
what the user may see; the case trends keep the small-number rule."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import visible
from sutura.access.community import seen_communities
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    ActivityProgress,
    AnalysisParticipantCount,
    Community,
    CommunityPartner,
    MonitoringVisit,
    PlannedActivity,
    ProgressParticipantCount,
    ProgressUpdate,
    Recommendation,
    RecommendationStatus,
    Risk,
    RiskAnalysis,
    SafeSpace,
    SafeSpaceAttendance,
    VisitRecommendation,
    Workplan,
)
from sutura.community.selectors.partners import overdue
from sutura.community.selectors.trends import TrendView, add_months, trend_for
from sutura.meetings.models import AgeGroup, AttendanceCount, Meeting, Participant
from sutura.people.models import Sex

FREQUENCIES = ("weekly", "monthly", "quarterly")


def report_period(frequency: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The week (Monday to Sunday), month or quarter holding `day`."""
    if frequency == "weekly":
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    if frequency == "quarterly":
        start = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return start, add_months(start, 3) - datetime.timedelta(days=1)
    start = day.replace(day=1)
    return start, add_months(start, 1) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class ReportRequest:
    frequency: str = "monthly"
    day: datetime.date = field(default_factory=timezone.localdate)
    partner: Any = None  # an Organisation
    area: Any = None  # a Location
    programme: Any = None  # a cases.Programme (donor)

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return report_period(self.frequency, self.day)


# --- participants by sex × age group ------------------------------------------------------------

SEXES = [*Sex.choices]
AGES = [*AgeGroup.choices]


@dataclass
class SexAge:
    """Participants by sex (rows) and age group (columns)."""

    tally: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, sex: str, age: str, number: int) -> None:
        self.tally[(sex or Sex.NOT_STATED, age or AgeGroup.UNKNOWN)] += number or 0

    def merge(self, other: SexAge) -> None:
        self.tally.update(other.tally)

    @property
    def total(self) -> int:
        return sum(self.tally.values())

    def rows(self) -> list[tuple[str, list[int], int]]:
        """(sex, counts per age group, total) for each sex with someone counted."""
        found = []
        for sex, label in SEXES:
            cells = [self.tally[(sex, age)] for age, _label in AGES]
            if any(cells):
                found.append((str(label), cells, sum(cells)))
        return found

    def age_totals(self) -> list[int]:
        return [sum(self.tally[(sex, age)] for sex, _l in SEXES) for age, _label in AGES]


def age_headers() -> list[str]:
    return [str(label) for _code, label in AGES]


# --- what the report holds ----------------------------------------------------------------------


@dataclass
class MeetingRow:
    kind: str
    held: int
    people: SexAge


@dataclass
class RiskRow:
    community: str
    held_on: datetime.date
    threat: str
    priority: int


@dataclass
class PlanRow:
    community: str
    status: str
    recommendations: int
    done: int
    by_status: list[tuple[str, int]]
    updates: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.recommendations) if self.recommendations else 0


@dataclass
class SafeSpaceRow:
    name: str
    community: str
    kind: str
    attendance: SexAge


@dataclass
class RecommendationLine:
    text: str
    status: str
    due_on: datetime.date | None
    overdue: bool


@dataclass
class VisitRow:
    visited_on: datetime.date
    subject: str
    findings: str
    recommendations: list[RecommendationLine]


@dataclass
class ActivityLine:
    description: str
    community: str
    target: int
    unit: str
    in_period: int
    to_date: int

    @property
    def percent(self) -> int:
        return round(100 * self.to_date / self.target) if self.target else 0


@dataclass
class WorkplanRow:
    title: str
    partner: str
    activities: list[ActivityLine]
    people: SexAge


@dataclass
class ReportFigures:
    request: ReportRequest
    start: datetime.date
    end: datetime.date
    communities: list[Community]
    meeting_rows: list[MeetingRow]
    meeting_participants: SexAge
    analyses: int
    analysis_participants: SexAge
    risks: list[RiskRow]
    plans: list[PlanRow]
    safe_spaces: list[SafeSpaceRow]
    visits: list[VisitRow]
    workplans: list[WorkplanRow]
    trends: list[TrendView]

    @property
    def frequency_label(self) -> str:
        return {
            "weekly": _("Weekly report"),
            "monthly": _("Monthly report"),
            "quarterly": _("Quarterly report"),
        }[self.request.frequency]

    @property
    def scope_label(self) -> str:
        if self.request.partner is not None:
            return _("Partner: %(name)s") % {"name": self.request.partner.name}
        if self.request.area is not None:
            return _("Area: %(name)s") % {"name": self.request.area.name}
        return _("All the communities you work on")

    @property
    def programme_label(self) -> str:
        return str(self.request.programme) if self.request.programme is not None else ""


# --- which communities and workplans ------------------------------------------------------------


def _in_area(location: Any, path: str = "location") -> Q:
    found = Q(**{f"{path}_id": location.pk})
    for depth in range(1, 4):
        found |= Q(**{f"{path}{'__parent' * depth}_id": location.pk})
    return found


def report_communities(user: Any, request: ReportRequest) -> QuerySet[Community]:
    seen = seen_communities(user)
    if seen is None:
        return Community.objects.none()
    if request.partner is not None:
        partner = request.partner.pk
        linked = (
            visible(user, CommunityPartner).filter(organisation_id=partner).values("community_id")
        )
        planned = (
            visible(user, PlannedActivity)
            .filter(workplan__partner_id=partner)
            .values("community_id")
        )
        managed = (
            visible(user, SafeSpace).filter(managing_partner_id=partner).values("community_id")
        )
        seen = seen.filter(Q(pk__in=linked) | Q(pk__in=planned) | Q(pk__in=managed))
    if request.area is not None:
        seen = seen.filter(_in_area(request.area))
    if request.programme is not None:
        seen = seen.filter(programmes=request.programme)
    return seen.select_related("location").order_by("name")


def report_workplans(user: Any, request: ReportRequest, communities: Any) -> QuerySet[Workplan]:
    start, end = request.period
    found = visible(user, Workplan).filter(starts_on__lte=end, ends_on__gte=start)
    if request.partner is not None:
        found = found.filter(partner=request.partner)
    if request.area is not None:
        found = found.filter(activities__community__in=communities).distinct()
    if request.programme is not None:
        found = found.filter(programmes=request.programme)
    return found.select_related("partner").order_by("title")


# --- the figures --------------------------------------------------------------------------------


def _meetings(user: Any, ids: list[Any], start: Any, end: Any) -> list[MeetingRow]:
    zone = timezone.get_current_timezone()
    after = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    before = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    meetings = visible(user, Meeting).filter(
        context_kind=COMMUNITY_CONTEXT,
        context_id__in=ids,
        starts_at__gte=after,
        starts_at__lt=before,
    )
    rows: dict[Any, MeetingRow] = {}
    for meeting in meetings.select_related("kind").order_by("kind__order", "starts_at"):
        row = rows.setdefault(meeting.kind_id, MeetingRow(meeting.kind.name, 0, SexAge()))
        row.held += 1
    named = (
        visible(user, Participant)
        .filter(meeting__in=meetings, attended=True)
        .values("meeting__kind_id", "sex", "age_group")
        .annotate(number=Count("id"))
        .order_by()
    )
    counted = (
        visible(user, AttendanceCount)
        .filter(meeting__in=meetings)
        .values("meeting__kind_id", "sex", "age_group")
        .annotate(number=Sum("count"))
        .order_by()
    )
    for line in [*named, *counted]:
        rows[line["meeting__kind_id"]].people.add(line["sex"], line["age_group"], line["number"])
    return list(rows.values())


def _risks(user: Any, ids: list[Any], start: Any, end: Any) -> tuple[int, SexAge, list[RiskRow]]:
    analyses = visible(user, RiskAnalysis).filter(
        community_id__in=ids, held_on__gte=start, held_on__lte=end
    )
    participants = SexAge()
    for line in (
        visible(user, AnalysisParticipantCount)
        .filter(analysis__in=analyses)
        .values("sex", "age_group")
        .annotate(number=Sum("count"))
        .order_by()
    ):
        participants.add(line["sex"], line["age_group"], line["number"])
    risks = (
        visible(user, Risk)
        .filter(analysis__in=analyses)
        .select_related("analysis__community")
        .order_by("-priority", "analysis__community__name", "key")
    )
    rows = [
        RiskRow(r.analysis.community.name, r.analysis.held_on, r.threat, r.priority) for r in risks
    ]
    return analyses.count(), participants, rows


def _plans(user: Any, ids: list[Any], start: Any, end: Any) -> list[PlanRow]:
    labels = dict(RecommendationStatus.choices)
    recommendations = (
        visible(user, Recommendation)
        .filter(plan__community_id__in=ids)
        .values("plan__community__name", "plan__status", "status")
        .annotate(number=Count("id"))
        .order_by()
    )
    updates = (
        visible(user, ProgressUpdate)
        .filter(recommendation__plan__community_id__in=ids, noted_on__gte=start, noted_on__lte=end)
        .values("recommendation__plan__community__name")
        .annotate(number=Count("id"))
        .order_by()
    )
    noted = {line["recommendation__plan__community__name"]: line["number"] for line in updates}
    plans: dict[str, tuple[str, Counter[str]]] = {}
    for line in recommendations:
        status, counter = plans.setdefault(
            line["plan__community__name"], (line["plan__status"], Counter())
        )
        counter[line["status"]] += line["number"]
    rows = []
    for name, (status, counter) in sorted(plans.items()):
        rows.append(
            PlanRow(
                community=name,
                status=status,
                recommendations=sum(counter.values()),
                done=counter[RecommendationStatus.DONE],
                by_status=[(str(labels[c]), n) for c, n in counter.items() if n],
                updates=noted.get(name, 0),
            )
        )
    return rows


def _safe_spaces(user: Any, ids: list[Any], start: Any, end: Any) -> list[SafeSpaceRow]:
    spaces = {
        space.pk: SafeSpaceRow(space.name, space.community.name, space.get_kind_display(), SexAge())
        for space in visible(user, SafeSpace)
        .filter(community_id__in=ids)
        .select_related("community")
        .order_by("community__name", "name")
    }
    for line in (
        visible(user, SafeSpaceAttendance)
        .filter(safe_space_id__in=spaces, month__gte=start.replace(day=1), month__lte=end)
        .values("safe_space_id", "sex", "age_group")
        .annotate(number=Sum("count"))
        .order_by()
    ):
        spaces[line["safe_space_id"]].attendance.add(line["sex"], line["age_group"], line["number"])
    return list(spaces.values())


def _visits(user: Any, ids: list[Any], workplans: Any, start: Any, end: Any) -> list[VisitRow]:
    visits = (
        visible(user, MonitoringVisit)
        .filter(Q(community_id__in=ids) | Q(workplan__in=workplans))
        .filter(visited_on__gte=start, visited_on__lte=end)
        .select_related("community", "workplan")
        .order_by("visited_on")
    )
    recommendations: dict[Any, list[RecommendationLine]] = {}
    for line in visible(user, VisitRecommendation).filter(visit__in=visits).order_by("created_at"):
        recommendations.setdefault(line.visit_id, []).append(
            RecommendationLine(
                line.text, line.get_follow_up_status_display(), line.due_on, overdue(line)
            )
        )
    rows = []
    for visit in visits:
        subjects = [str(s) for s in (visit.community, visit.workplan) if s is not None]
        rows.append(
            VisitRow(
                visit.visited_on,
                " · ".join(subjects),
                visit.findings,
                recommendations.get(visit.pk, []),
            )
        )
    return rows


def _workplans(
    user: Any, workplans: Any, ids: list[Any], request: ReportRequest, start: Any, end: Any
) -> list[WorkplanRow]:
    activities = visible(user, PlannedActivity).filter(workplan__in=workplans)
    if request.area is not None:
        activities = activities.filter(community_id__in=ids)
    in_period = Q(progress__period_start__gte=start, progress__period_start__lte=end)
    activities = (
        activities.select_related("community")
        .annotate(to_date=Sum("progress__achieved", filter=Q(progress__period_start__lte=end)))
        .annotate(in_period=Sum("progress__achieved", filter=in_period))
        .order_by("order", "created_at")
    )
    rows = {w.pk: WorkplanRow(w.title, w.partner.name, [], SexAge()) for w in workplans}
    for activity in activities:
        rows[activity.workplan_id].activities.append(
            ActivityLine(
                activity.description,
                activity.community.name,
                activity.target,
                activity.unit,
                activity.in_period or 0,
                activity.to_date or 0,
            )
        )
    progress = visible(user, ActivityProgress).filter(
        activity__in=activities.values("pk"), period_start__gte=start, period_start__lte=end
    )
    for line in (
        visible(user, ProgressParticipantCount)
        .filter(progress__in=progress)
        .values("progress__activity__workplan_id", "sex", "age_group")
        .annotate(number=Sum("count"))
        .order_by()
    ):
        rows[line["progress__activity__workplan_id"]].people.add(
            line["sex"], line["age_group"], line["number"]
        )
    return list(rows.values())


def _trends(user: Any, communities: list[Community], start: Any, end: Any) -> list[TrendView]:
    """The case trends of the communities whose owner's staff the user is (a partner reads
    no other organisation's case figures: their communities have none in the report), for the
    calendar quarters holding the report's period (never by month, nor by programme: one
    fixed grid, so no two tables differ by a small count)."""
    found = []
    for community in communities:
        try:
            found.append(trend_for(user, community, periods=[(start, end)]))
        except Http404:
            continue
    return found


def report_figures(user: Any, request: ReportRequest) -> ReportFigures:
    """Every figure of the report: the page, the PDF and the XLSX show these."""
    start, end = request.period
    communities = list(report_communities(user, request))
    ids = [community.pk for community in communities]
    workplans = list(report_workplans(user, request, ids))
    meetings = _meetings(user, ids, start, end)
    total = SexAge()
    for row in meetings:
        total.merge(row.people)
    analyses, analysis_participants, risks = _risks(user, ids, start, end)
    return ReportFigures(
        request=request,
        start=start,
        end=end,
        communities=communities,
        meeting_rows=meetings,
        meeting_participants=total,
        analyses=analyses,
        analysis_participants=analysis_participants,
        risks=risks,
        plans=_plans(user, ids, start, end),
        safe_spaces=_safe_spaces(user, ids, start, end),
        visits=_visits(user, ids, [w.pk for w in workplans], start, end),
        workplans=_workplans(user, workplans, ids, request, start, end),
        trends=_trends(user, communities, start, end),
    )
