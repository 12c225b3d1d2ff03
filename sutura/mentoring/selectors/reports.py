"""Reading monthly reports: the reports a user may see, one report (404 otherwise), the
figures of a month computed from what the mentor logged, and the activities changed after a
report was approved.

The figures are codes and numbers only (JSON in `MonthlyReport.figures`): the pages, the PDF
and the XLSX put them into words in the reader's language.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from sutura.access import get_visible_or_404, visible
from sutura.access.mentoring import minutes_logged
from sutura.audit.services import record_read
from sutura.meetings.models import AgeGroup, AttendanceCount, Meeting, MeetingStatus, Participant
from sutura.meetings.sheets import age_group_of
from sutura.mentoring.models import (
    PEER_GROUP_CONTEXT,
    Activity,
    ActivityCount,
    ActivityKind,
    CheckIn,
    CheckInStatus,
    MonthlyReport,
    PeerGroup,
    ReachedGroup,
    ReportStatus,
    ReportTransition,
    Volunteer,
    VolunteerKind,
)
from sutura.mentoring.selectors.hours import Hours, hours_for, week_of
from sutura.people.models import Sex


def recent_months(count: int = 12) -> list[datetime.date]:
    """The first days of this month and the `count - 1` before it, newest first."""
    months = [timezone.localdate().replace(day=1)]
    while len(months) < count:
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    return months


def last_month() -> datetime.date:
    """The first day of last month: the month a mentor's report is due for."""
    return recent_months(2)[1]


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def reports_for(user: Any) -> QuerySet[MonthlyReport]:
    return visible(user, MonthlyReport).select_related("mentor", "reviewed_by")


def report_for(user: Any, pk: Any, *, audit: bool = True) -> MonthlyReport:
    report = get_visible_or_404(
        user, MonthlyReport.objects.select_related("mentor", "reviewed_by"), pk=pk
    )
    if audit:
        record_read(user, report)
    return report


def steps_of(user: Any, report: MonthlyReport) -> QuerySet[ReportTransition]:
    return (
        visible(user, ReportTransition)
        .filter(report=report)
        .select_related("actor")
        .order_by("created_at")
    )


def awaiting_review(user: Any) -> QuerySet[MonthlyReport]:
    """Reports submitted by the mentors this user supervises (not their own)."""
    from sutura.access.mentoring import supervised_mentors

    return reports_for(user).filter(
        status=ReportStatus.SUBMITTED, mentor_id__in=supervised_mentors(user)
    )


def _sex(code: str) -> str:
    return code if code in (Sex.MALE, Sex.FEMALE) else str(Sex.NOT_STATED)


def _age(person: Any, on: datetime.date) -> str:
    years = person.age(on)
    return AgeGroup.UNKNOWN if years is None else str(age_group_of(years))


def compute_figures(user: Any, mentor_id: Any, month: datetime.date) -> dict[str, Any]:
    """What the mentor logged in the month, counted (the user must stand on the mentor's
    report: the reads go through the access layer)."""
    start, end = month_bounds(month)
    activities = list(
        visible(user, Activity)
        .filter(mentor_id=mentor_id, occurred_on__range=(start, end))
        .select_related("case__person")
    )
    kinds = Counter(a.kind for a in activities)
    reached: Counter[tuple[str, str]] = Counter()
    seen_cases: set[Any] = set()
    unregistered = 0
    for a in activities:
        if a.kind != ActivityKind.SESSION:
            continue
        if a.case is not None:
            if a.case_id in seen_cases:
                continue
            seen_cases.add(a.case_id)
            person = a.case.person
            reached[(_sex(person.sex), _age(person, a.occurred_on))] += 1
        else:
            unregistered += 1
            reached[(_sex(a.sex), a.age_group or AgeGroup.UNKNOWN)] += 1
    events = [a for a in activities if a.kind == ActivityKind.EVENT]
    event_people: Counter[str] = Counter()
    event_reached: Counter[tuple[str, str]] = Counter()
    for row in visible(user, ActivityCount).filter(activity__in=[a.pk for a in events]):
        event_people[row.group] += row.count
        event_reached[(_sex(row.sex), row.age_group)] += row.count
    sessions = [a for a in activities if a.kind == ActivityKind.SESSION]
    groups = list(visible(user, PeerGroup).filter(mentor_id=mentor_id).values_list("pk", flat=True))
    held = list(
        visible(user, Meeting)
        .filter(
            context_kind=PEER_GROUP_CONTEXT,
            context_id__in=groups,
            status=MeetingStatus.HELD,
            starts_at__date__range=(start, end),
        )
        .values_list("pk", "context_id")
    )
    held_ids = [pk for pk, _group in held]
    named = visible(user, Participant).filter(meeting_id__in=held_ids, attended=True).count()
    counted = sum(
        visible(user, AttendanceCount)
        .filter(meeting_id__in=held_ids)
        .values_list("count", flat=True)
    )
    minutes = minutes_logged([mentor_id], start, end).get(mentor_id, 0)
    ideas = [
        {"title": a.title, "status": a.idea_status}
        for a in activities
        if a.kind == ActivityKind.IDEA
    ]
    return {
        "month": f"{start:%Y-%m}",
        "minutes": minutes,
        "hours": round(minutes / 60, 1),
        "activities": {kind: kinds.get(kind, 0) for kind in ActivityKind.values},
        "sessions": {
            "count": len(sessions),
            "returnees": len(seen_cases),
            "unregistered": unregistered,
        },
        "reached": _rows(reached),
        "groups": {
            "groups": len({group for _pk, group in held}),
            "sessions_held": len(held),
            "named": named,
            "counted": counted,
        },
        "events": {
            "count": len(events),
            "returnees": event_people.get(ReachedGroup.RETURNEE, 0),
            "community": event_people.get(ReachedGroup.COMMUNITY, 0),
        },
        "event_reached": _rows(event_reached),
        "referrals": {
            "distress": sum(1 for a in sessions if a.distress),
            "referred": sum(1 for a in sessions if a.referral_id is not None),
        },
        "accompaniments": kinds.get(ActivityKind.ACCOMPANIMENT, 0),
        "ideas": ideas,
    }


def _rows(counter: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {"sex": sex, "age_group": age, "count": number}
        for (sex, age), number in sorted(counter.items())
    ]


def figures_of(user: Any, report: MonthlyReport) -> dict[str, Any]:
    """The report's figures: stored once submitted, computed now for a draft."""
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED) and report.figures:
        return report.figures
    return compute_figures(user, report.mentor_id, report.month)


def changed_after_approval(user: Any, report: MonthlyReport) -> list[Activity]:
    """Activities of the report's month added or edited after it was approved."""
    if report.status != ReportStatus.APPROVED or report.reviewed_at is None:
        return []
    start, end = month_bounds(report.month)
    return list(
        visible(user, Activity)
        .filter(mentor_id=report.mentor_id, occurred_on__range=(start, end))
        .filter(Q(created_at__gt=report.reviewed_at) | Q(updated_at__gt=report.reviewed_at))
        .order_by("occurred_on")
    )


# --- the focal point's supervision page ---------------------------------------------------------

# The cap is weekly; a month holds 52 / 12 ≈ 4.3 weeks, so a month's hours are read against
# the weekly cap × 4.3 (the weekly figure keeps its own warning on the activity log).
WEEKS_PER_MONTH = 4.3


@dataclass
class MentorRow:
    volunteer: Volunteer
    activities: int
    hours: float
    month_cap: float
    week: Hours | None
    last_report: MonthlyReport | None
    last_checkin: datetime.date | None
    next_checkin: CheckIn | None
    missed: int

    @property
    def over_month_cap(self) -> bool:
        return self.hours > self.month_cap


def supervision_rows(user: Any) -> list[MentorRow]:
    """Each mentor the user supervises: this month's activities and hours, the last report,
    the last and next check-in, missed check-ins."""
    from sutura.access.mentoring import supervised_mentors
    from sutura.mentoring.selectors import checkins as checkin_selectors

    today = timezone.localdate()
    start, end = month_bounds(today)
    volunteers = list(
        visible(user, Volunteer)
        .filter(user_id__in=supervised_mentors(user), kind=VolunteerKind.MENTOR)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )
    ids = [v.user_id for v in volunteers]
    month_hours = {h.volunteer.pk: h for h in hours_for(user, start, end, volunteers=volunteers)}
    monday, sunday = week_of(today)
    week_hours = {h.volunteer.pk: h for h in hours_for(user, monday, sunday, volunteers=volunteers)}
    counts = Counter(
        visible(user, Activity)
        .filter(mentor_id__in=ids, occurred_on__range=(start, end))
        .values_list("mentor_id", flat=True)
    )
    last_reports: dict[Any, MonthlyReport] = {}
    for report in reports_for(user).filter(mentor_id__in=ids).order_by("mentor_id", "-month"):
        last_reports.setdefault(report.mentor_id, report)
    held = checkin_selectors.last_held(user, ids)
    upcoming: dict[Any, CheckIn] = {}
    missed: Counter[Any] = Counter()
    for checkin in (
        checkin_selectors.checkins_for(user)
        .filter(mentor_id__in=ids, status=CheckInStatus.SCHEDULED)
        .order_by("scheduled_on")
    ):
        if checkin.scheduled_on < today:
            missed[checkin.mentor_id] += 1
        else:
            upcoming.setdefault(checkin.mentor_id, checkin)
    rows = []
    for v in volunteers:
        month = month_hours.get(v.pk)
        rows.append(
            MentorRow(
                volunteer=v,
                activities=counts.get(v.user_id, 0),
                hours=month.hours if month else 0,
                month_cap=round(v.weekly_hours_cap * WEEKS_PER_MONTH, 1),
                week=week_hours.get(v.pk),
                last_report=last_reports.get(v.user_id),
                last_checkin=held.get(v.user_id),
                next_checkin=upcoming.get(v.user_id),
                missed=missed.get(v.user_id, 0),
            )
        )
    return rows
