"""Reads of the activity log, always through the access layer: a mentor's own list, one
activity, the returnees a mentor may log for, the activities of a case (its team), what a
focal point watches (open distress flags, their mentors' hours) and the counts M&E reads."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.cases import works_on
from sutura.access.mentoring import (
    activities_counted_for,
    open_assignments_of_mentor,
    returnees_reached,
)
from sutura.audit.services import record_read
from sutura.cases.models import Case, CaseStatus
from sutura.meetings.models import AgeGroup
from sutura.meetings.sheets import age_group_of
from sutura.mentoring.models import Activity, ActivityCount, ActivityKind, Volunteer
from sutura.mentoring.selectors.hours import Hours, hours_for, week_of
from sutura.people.models import Sex

# Counts below this are shown as "<5" to M&E (the indicators' small-number rule).
from sutura.referrals.dashboard import SMALL_COUNT, SUPPRESSED

PERIODS = ("week", "month", "all")


@dataclass(frozen=True)
class ActivityFilters:
    kind: str = ""
    period: str = "month"  # this week, this month, or everything
    mentor_id: Any = None

    def bounds(self, today: date | None = None) -> tuple[date, date] | None:
        today = today or timezone.localdate()
        if self.period == "week":
            return week_of(today)
        if self.period == "month":
            return today.replace(day=1), today
        return None


def activities_for(user: Any, filters: ActivityFilters | None = None) -> models.QuerySet[Activity]:
    """The activities the user may see, newest first, narrowed by kind and period."""
    filters = filters or ActivityFilters()
    found = visible(user, Activity).select_related("mentor", "case__person", "referral")
    if filters.kind in ActivityKind.values:
        found = found.filter(kind=filters.kind)
    if filters.mentor_id is not None:
        found = found.filter(mentor_id=filters.mentor_id)
    bounds = filters.bounds()
    if bounds is not None:
        found = found.filter(occurred_on__range=bounds)
    return found.order_by("-occurred_on", "-created_at")


def activity_for(
    user: Any, pk: Any, *, detail: str = gettext_noop("mentoring activity")
) -> Activity:
    """One activity the user may see (404 otherwise); the read is logged."""
    activity = get_visible_or_404(
        user,
        Activity.objects.select_related(
            "mentor", "case__person", "referral", "location", "service"
        ),
        pk=pk,
    )
    record_read(user, activity, detail=detail)
    return activity


def counts_of(activity: Activity) -> list[ActivityCount]:
    return list(ActivityCount.objects.filter(activity_id=activity.pk))


def assigned_returnees(user: Any) -> list[Case]:
    """The returnees the mentor may log for: their open assignments' cases, seen through the
    access layer (the minimal profile)."""
    ids = [a.case_id for a in open_assignments_of_mentor(user)]
    if not ids:
        return []
    return list(visible(user, Case).filter(pk__in=ids).select_related("person").order_by("number"))


def activities_of_case(user: Any, case: Case) -> list[Activity] | None:
    """The case team's view of the mentoring on a case (the case page's section): date, kind,
    duration, the distress flag and its referral's status. None for anyone else."""
    if not works_on(user, case):
        return None
    return list(
        visible(user, Activity)
        .filter(case_id=case.pk)
        .select_related("mentor", "referral")
        .order_by("-occurred_on", "-created_at")[:50]
    )


def open_distress_flags(user: Any) -> list[Activity]:
    """Sessions flagged for distress by the mentors the user supervises (or their own) whose
    referral is not over yet, or that could not be referred; oldest first."""
    from sutura.referrals.models import ReferralStatus

    ended = [ReferralStatus.COMPLETED, ReferralStatus.CLOSED, ReferralStatus.DECLINED]
    return list(
        visible(user, Activity)
        .filter(kind=ActivityKind.SESSION, distress=True)
        .exclude(referral__status__in=ended)
        .exclude(mentor_id=user.pk)
        .select_related("mentor", "case", "referral")
        .order_by("occurred_on", "created_at")[:20]
    )


def supervised_hours(user: Any, day: date | None = None) -> list[Hours]:
    """The week's hours of the mentors the user supervises (not their own)."""
    start, end = week_of(day or timezone.localdate())
    supervised = visible(user, Volunteer).filter(focal_point_id=user.pk)
    return hours_for(user, start, end, volunteers=list(supervised))


# --- counts (M&E) ---------------------------------------------------------------------------------


def _shown(count: int) -> int | str:
    return SUPPRESSED if 0 < count < SMALL_COUNT else count


def _years(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def activity_counts(user: Any, *, months: int = 6) -> dict[str, Any]:
    """Counts only: activities by kind × month, and people reached by sex × age group (event
    participants, people not registered met in sessions, and each registered returnee once),
    over the last `months` months. Counts under 5 are shown as "<5"."""
    today = timezone.localdate()
    first = (today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    counted = activities_counted_for(user).filter(occurred_on__range=(first, today))
    by_month: dict[str, dict[str, int]] = {}
    rows = (
        counted.annotate(month=models.functions.TruncMonth("occurred_on"))
        .values("month", "kind")
        .annotate(n=models.Count("pk"), minutes=models.Sum("duration_minutes"))
    )
    hours: dict[str, int] = {}
    for row in rows:
        month = row["month"].strftime("%Y-%m")
        by_month.setdefault(month, dict.fromkeys(ActivityKind.values, 0))[row["kind"]] = row["n"]
        hours[month] = hours.get(month, 0) + (row["minutes"] or 0)
    reached: Counter[tuple[str, str]] = Counter()
    for row in (
        ActivityCount.objects.filter(activity__in=counted)
        .values("sex", "age_group")
        .annotate(n=models.Sum("count"))
    ):
        reached[(row["sex"], row["age_group"])] += row["n"] or 0
    for row in (
        counted.filter(case__isnull=True, kind=ActivityKind.SESSION)
        .exclude(sex="")
        .values("sex", "age_group")
        .annotate(n=models.Count("pk"))
    ):
        reached[(row["sex"], row["age_group"] or AgeGroup.UNKNOWN)] += row["n"]
    for _person, sex, born in returnees_reached(counted):
        years = _years(born, today)
        group = AgeGroup.UNKNOWN if years is None else age_group_of(years)
        reached[(sex or Sex.NOT_STATED, group)] += 1
    return {
        "since": first,
        "months": [
            {
                "month": month,
                "by_kind": {kind: _shown(n) for kind, n in kinds.items()},
                "hours": round(hours.get(month, 0) / 60),
            }
            for month, kinds in sorted(by_month.items())
        ],
        "reached": [
            {"sex": sex, "age_group": group, "count": _shown(reached.get((sex, group), 0))}
            for sex in Sex.values
            for group in AgeGroup.values
            if reached.get((sex, group), 0)
        ],
        "reached_total": _shown(sum(reached.values())),
    }


def shown_returnee(user: Any, activity: Activity) -> tuple[str, bool]:
    """How an activity names its returnee to this reader, and whether the reader follows its
    referral. Staff: the case number and the referral. The mentor: the first name while the
    returnee is still theirs; once reassigned or closed, neither the name, the number nor the
    referral's progress (the file is no longer theirs to follow)."""
    case = activity.case
    if case is None:
        return "", False
    if activity.mentor_id != user.pk:
        return case.number, True
    if case.mentor_id == user.pk and case.status != CaseStatus.CLOSED:
        return case.person.given_names, True
    return str(_("a returnee no longer assigned to you")), False


def with_returnee_labels(user: Any, activities: list[Activity]) -> list[Activity]:
    """The same activities, each carrying `returnee_label` and `shows_referral` for the page."""
    for activity in activities:
        label, shows = shown_returnee(user, activity)
        activity.returnee_label = label  # type: ignore[attr-defined]
        activity.shows_referral = shows  # type: ignore[attr-defined]
    return activities
