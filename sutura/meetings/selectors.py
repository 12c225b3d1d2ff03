"""Every read of the meetings app, through the access layer (`sutura.access.meetings`).

A meeting's page, its attendance and its totals; the lists and figures across the meetings a
user may see; open action items for the home page; training records (a user's, a person's)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from sutura.access import get_visible_or_404, visible
from sutura.access import meetings as rules
from sutura.access.accounts import members
from sutura.audit.services import record_read
from sutura.meetings.models import (
    ActionItem,
    AgeGroup,
    AgendaItem,
    AttendanceCount,
    Decision,
    Facilitator,
    Meeting,
    MeetingKind,
    Participant,
    ParticipantCategory,
    TrainingTopic,
)
from sutura.people.models import Person, Sex

# --- one meeting ---------------------------------------------------------------------------


def meeting_for(user: Any, pk: Any, *, audit: bool = True) -> Meeting:
    """A meeting the user may see (404 otherwise); its opening is in the audit log."""
    meeting = get_visible_or_404(
        user,
        Meeting.objects.select_related("kind", "organisation", "location__parent", "created_by"),
        pk=pk,
    )
    if audit:
        record_read(user, meeting)
    return meeting


def action_for(user: Any, pk: Any) -> ActionItem:
    return get_visible_or_404(
        user,
        ActionItem.objects.select_related(
            "meeting", "responsible_user", "responsible_organisation"
        ),
        pk=pk,
    )


def participant_for(user: Any, meeting: Meeting, pk: Any) -> Participant:
    return get_visible_or_404(
        user,
        Participant.objects.select_related("user", "person", "organisation"),
        pk=pk,
        meeting=meeting,
    )


def agenda_of(user: Any, meeting: Meeting) -> QuerySet[AgendaItem]:
    return visible(user, AgendaItem).filter(meeting=meeting).order_by("order", "created_at")


def facilitators_of(user: Any, meeting: Meeting) -> QuerySet[Facilitator]:
    return visible(user, Facilitator).filter(meeting=meeting).select_related("user")


def participants_of(user: Any, meeting: Meeting) -> QuerySet[Participant]:
    return (
        visible(user, Participant)
        .filter(meeting=meeting)
        .select_related("user", "person", "organisation")
        .order_by("name", "created_at")
    )


def counts_of(user: Any, meeting: Meeting) -> QuerySet[AttendanceCount]:
    return visible(user, AttendanceCount).filter(meeting=meeting)


def decisions_of(user: Any, meeting: Meeting) -> QuerySet[Decision]:
    return visible(user, Decision).filter(meeting=meeting).order_by("order", "created_at")


def actions_of(user: Any, meeting: Meeting) -> QuerySet[ActionItem]:
    return (
        visible(user, ActionItem)
        .filter(meeting=meeting)
        .select_related("responsible_user", "responsible_organisation", "decision")
        .order_by("due_on", "created_at")
    )


def meeting_topics(meeting: Meeting) -> list[TrainingTopic]:
    return list(meeting.topics.all())  # reference data


# --- totals --------------------------------------------------------------------------------


@dataclass
class Totals:
    """Attendance by category, sex and age group (named participants present + counts)."""

    total: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    by_sex: Counter[str] = field(default_factory=Counter)
    by_age: Counter[str] = field(default_factory=Counter)

    def add(self, category: str, sex: str, age_group: str, number: int) -> None:
        self.total += number
        self.by_category[category or ParticipantCategory.OTHER] += number
        self.by_sex[sex or "unknown"] += number
        self.by_age[age_group or AgeGroup.UNKNOWN] += number

    def rows(self) -> dict[str, list[tuple[str, int]]]:
        """Each breakdown as (label, number) in the order of the choices, zeros left out."""
        sexes = [*Sex.choices, ("unknown", _unknown_sex())]
        return {
            "category": _labelled(ParticipantCategory.choices, self.by_category),
            "sex": _labelled(sexes, self.by_sex),
            "age": _labelled(AgeGroup.choices, self.by_age),
        }


def _unknown_sex() -> str:
    from django.utils.translation import gettext

    return gettext("Not stated")


def _labelled(choices: Any, counter: Counter[str]) -> list[tuple[str, int]]:
    return [(str(label), counter[code]) for code, label in choices if counter.get(code)]


def totals_of(participants: QuerySet[Participant], counts: QuerySet[AttendanceCount]) -> Totals:
    """Totals of the present participants and the counted attendance of the given rows."""
    totals = Totals()
    named = (
        participants.filter(attended=True)
        .values("category", "sex", "age_group")
        .annotate(number=Count("id"))
        .order_by()
    )
    for row in named:
        totals.add(row["category"], row["sex"], row["age_group"], row["number"])
    counted = counts.values("category", "sex", "age_group").annotate(number=Sum("count")).order_by()
    for row in counted:
        totals.add(row["category"], row["sex"], row["age_group"], row["number"] or 0)
    return totals


def meeting_totals(user: Any, meeting: Meeting) -> Totals:
    return totals_of(participants_of(user, meeting), counts_of(user, meeting))


# --- lists and figures ---------------------------------------------------------------------


PERIODS = ("month", "quarter", "year", "past", "upcoming")


@dataclass
class MeetingFilters:
    kind: str = ""
    period: str = ""
    context: str = ""  # "own", or a registered context code
    mine: bool = False
    query: str = ""


def _period_q(period: str) -> Q | None:
    now = timezone.now()
    if period == "upcoming":
        return Q(starts_at__gte=now)
    if period == "past":
        return Q(starts_at__lt=now)
    days = {"month": 31, "quarter": 92, "year": 366}.get(period)
    if days is None:
        return None
    return Q(starts_at__gte=now - datetime.timedelta(days=days), starts_at__lt=now)


def meetings_for(user: Any, filters: MeetingFilters | None = None) -> QuerySet[Meeting]:
    """The meetings the user may see, filtered, newest first."""
    filters = filters or MeetingFilters()
    found = visible(user, Meeting).select_related("kind", "organisation", "location")
    if filters.kind:
        found = found.filter(kind__code=filters.kind)
    period = _period_q(filters.period)
    if period is not None:
        found = found.filter(period)
    if filters.context == "own":
        found = found.filter(context_kind="")
    elif filters.context:
        found = found.filter(context_kind=filters.context)
    if filters.mine:
        found = found.filter(
            Q(participants__user_id=user.pk)
            | Q(facilitators__user_id=user.pk)
            | Q(created_by_id=user.pk)
            | Q(action_items__responsible_user_id=user.pk)
        ).distinct()
    if filters.query:
        found = found.filter(title__icontains=filters.query)
    return found.order_by("-starts_at")


def figures_for(user: Any, filters: MeetingFilters) -> tuple[Totals, int]:
    """Attendance totals across the meetings the user sees (and how many meetings)."""
    seen = meetings_for(user, filters).order_by()
    ids = seen.values("pk")
    participants = visible(user, Participant).filter(meeting__in=ids)
    counts = visible(user, AttendanceCount).filter(meeting__in=ids)
    return totals_of(participants, counts), seen.count()


def kinds() -> QuerySet[MeetingKind]:
    return MeetingKind.objects.filter(is_active=True)


def topics() -> QuerySet[TrainingTopic]:
    return TrainingTopic.objects.filter(is_active=True)


# --- people to choose ------------------------------------------------------------------------


def users_to_choose(user: Any) -> Any:
    """Accounts that can be named as facilitator, participant or responsible: every active
    staff member of an organisation (staff names, not the people helped)."""
    return members(None).filter(organisation__isnull=False).select_related("organisation")


def persons_to_choose(user: Any) -> QuerySet[Person]:
    """Registered persons a participant may be: only those the user may see."""
    return visible(user, Person).order_by("family_name", "given_names")


# --- action items ----------------------------------------------------------------------------


def open_actions(user: Any) -> QuerySet[ActionItem]:
    """The home page's list: what the user (or their organisation) must still do."""
    return (
        rules.open_actions_for(user)
        .select_related("meeting", "responsible_organisation")
        .order_by("due_on", "created_at")
    )


# --- trainings ---------------------------------------------------------------------------------


def trainings_of_user(user_viewing: Any, user: Any) -> QuerySet[Participant]:
    """The trainings `user` attended (newest first), if `user_viewing` may read that record
    (themselves; colleagues who record meetings or supervise mentors). Each row is a
    `Participant` with `meeting`, its `kind`, scores and `certificate_number`. Mentoring and
    committees reuse it."""
    return (
        rules.training_participations(user_viewing, user)
        .select_related("meeting__kind", "meeting__organisation")
        .order_by("-meeting__starts_at")
    )


def trainings_of_person(user: Any, person: Person) -> QuerySet[Participant]:
    """The person page's section "trainings"."""
    return (
        rules.person_trainings(user, person)
        .select_related("meeting__kind", "meeting__organisation")
        .order_by("-meeting__starts_at")
    )


def trainings_of_account(user: Any, account: Any) -> QuerySet[Participant]:
    """The account page's section "trainings" (the account shown is the reader's own)."""
    return trainings_of_user(user, account)


def certificates_of(user: Any, meeting: Meeting) -> QuerySet[Participant]:
    return participants_of(user, meeting).filter(attended=True)


@dataclass
class ScoreSummary:
    pre: Any = None
    post: Any = None
    gain: Any = None
    scored: int = 0


def score_summary(participants: list[Participant]) -> ScoreSummary:
    """Average pre- and post-test scores, and the average gain of those with both."""
    pre = [p.pre_test_score for p in participants if p.pre_test_score is not None]
    post = [p.post_test_score for p in participants if p.post_test_score is not None]
    gains = [p.score_gain for p in participants if p.score_gain is not None]

    def mean(values: list[Any]) -> Any:
        return round(sum(values) / len(values), 1) if values else None

    return ScoreSummary(mean(pre), mean(post), mean(gains), len(gains))
