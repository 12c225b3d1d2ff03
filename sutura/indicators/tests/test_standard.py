"""The standard indicators, each on the access world with dates set so that only the records a
test moves fall in its period (2031, a year nothing else happens in). Each test checks the
figure against the records it moved; changes are rolled back after each test."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Q, Sum

from sutura.access import visible
from sutura.accounts.roles import Role
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    PlanDecision,
    PlannedAssistance,
    PlanStatus,
)
from sutura.community.models import ActionPlan
from sutura.core import indicators
from sutura.core.indicators import Period
from sutura.feedback.models import FeedbackItem
from sutura.meetings.models import AttendanceCount, Meeting, MeetingStatus, Participant
from sutura.mentoring.models import Activity, ActivityKind
from sutura.referrals.models import Referral
from tests.worlds import World

pytestmark = pytest.mark.django_db

Q1 = Period.parse("2031-Q1")
START = datetime.datetime(2031, 1, 5, 9, 0, tzinfo=datetime.UTC)


def at(days: float) -> datetime.datetime:
    return START + datetime.timedelta(days=days)


def value(user: Any, code: str, period: Period = Q1, **kwargs: Any) -> Any:
    return indicators.get(code).value(user, period, **kwargs)


def test_referrals_made_answered_ended_and_their_delays(world: World) -> None:
    move = Referral.objects.filter
    # Accepted a day after its deadline; acknowledged after a day.
    move(pk=world.referral_ab.pk).update(
        sent_at=at(0), received_at=at(1), answered_at=at(3), respond_by=at(2)
    )
    # Completed, with feedback to the referrer.
    move(pk=world.completed_ab.pk).update(
        sent_at=at(0),
        received_at=at(2),
        answered_at=at(4),
        ended_at=at(10),
        respond_by=at(5),
        feedback="Formation suivie.",
    )
    # Declined in time, acknowledged after half a day.
    move(pk=world.declined_ab.pk).update(
        sent_at=at(1), received_at=at(1.5), answered_at=at(2), ended_at=at(2), respond_by=at(5)
    )
    me = world.a.users[Role.ME_OFFICER]
    assert value(me, "referrals.made").total == 3
    assert value(me, "referrals.accepted").total == 2
    assert value(me, "referrals.declined").total == 1
    assert value(me, "referrals.completed").total == 1
    assert value(me, "referrals.overdue").total == 1
    assert value(me, "referrals.days_to_acknowledgement").total == 1.0  # of 1, 2 and ½
    assert value(me, "referrals.days_to_acceptance").total == 3.5  # of 3 and 4
    assert value(me, "referrals.feedback_rate").total == 100.0
    by_provider = value(me, "referrals.made", by=("provider",))
    assert by_provider.cells == {(str(world.b.organisation.pk),): 3}
    assert value(me, "referrals.made", by=("category",)).total == 3
    # B received them: it counts them, as A's figures (the small-number rule: three
    # referrals of one person of A's are one person).
    assert value(world.b.users[Role.ME_OFFICER], "referrals.made").total == 3
    assert value(world.b.users[Role.ME_OFFICER], "referrals.made").foreign is True
    assert value(world.b.users[Role.ME_OFFICER], "referrals.made").display()["total"] == "<5"
    assert value(world.a.users[Role.CASE_MANAGER], "referrals.made").total == 0


def test_cases_by_status_and_vulnerable_cases(world: World) -> None:
    me = world.a.users[Role.ME_OFFICER]
    ours = Case.objects.filter(organisation=world.a.organisation)
    active = ours.filter(opened_on__lte=Q1.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=Q1.start)
    )
    by_status = value(me, "cases.active", by=("status",))
    expected: dict[tuple[str, ...], int] = {}
    for status in active.values_list("status", flat=True):
        expected[(status,)] = expected.get((status,), 0) + 1
    assert by_status.cells == expected and by_status.total == active.count()
    Case.objects.filter(pk=world.a.case.pk).update(flags=["medical", "gbv"])
    Case.objects.filter(pk=world.a.other_case.pk).update(flags=["medical"])
    flagged = active.exclude(flags=[])
    vulnerable = value(me, "cases.vulnerable", by=("vulnerability",))
    assert vulnerable.total == flagged.count()
    assert vulnerable.cells[("medical",)] == flagged.filter(flags__contains=["medical"]).count()
    assert vulnerable.cells[("gbv",)] == flagged.filter(flags__contains=["gbv"]).count()


def test_plans_approved_and_assistance_by_currency(world: World) -> None:
    plan = world.a.plan
    type(plan).objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    decisions = PlanDecision.objects.filter(plan=plan)
    if not decisions.exists():
        PlanDecision.objects.create(
            plan=plan, decision="approved", actor=world.a.users[Role.PROGRAMME_MANAGER]
        )
    decisions.update(decision="approved", created_at=at(3))
    AssistanceDelivery.objects.filter(pk=world.a.delivery.pk).update(
        delivered_on=datetime.date(2031, 2, 1)
    )
    me = world.a.users[Role.ME_OFFICER]
    assert value(me, "cases.plans_approved").total == 1
    items = PlannedAssistance.objects.filter(plan=plan)
    planned: dict[tuple[str, ...], Decimal] = {}
    for currency, amount in (
        items.values("currency").annotate(s=Sum("amount")).values_list("currency", "s")
    ):
        planned[(currency,)] = amount
    committed = value(me, "cases.assistance_committed")
    assert committed.cells == planned
    disbursed = value(me, "cases.assistance_disbursed", by=("dimension",))
    assert disbursed.by == ("currency", "dimension")
    assert disbursed.cells == {
        (world.a.item.currency, world.a.item.dimension): world.a.delivery.amount
    }
    assert value(world.b.users[Role.ME_OFFICER], "cases.assistance_disbursed").cells == {}


def test_mentoring_sessions_and_people_supported(world: World) -> None:
    ours = Activity.objects.filter(organisation=world.a.organisation)
    ours.filter(kind=ActivityKind.SESSION).update(occurred_on=datetime.date(2031, 1, 10))
    sessions = ours.filter(kind=ActivityKind.SESSION)
    me = world.a.users[Role.ME_OFFICER]
    assert sessions.exists()
    assert value(me, "mentoring.sessions").total == sessions.count()
    supported = sessions.exclude(case=None).values("case").distinct().count()
    assert value(me, "mentoring.people_supported").total == supported
    by_sex = value(me, "mentoring.sessions", by=("sex",))
    assert sum(int(v or 0) for v in by_sex.cells.values()) == sessions.count()


def test_meeting_participants_named_and_counted(world: World) -> None:
    """Over the meetings the user sees (the programme manager: a peer group's counted
    attendance too), held in the period."""
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    seen = visible(manager, Meeting)
    Meeting.objects.filter(pk__in=seen.values("pk")).update(
        status=MeetingStatus.HELD, starts_at=at(2), ends_at=at(2.1)
    )
    named = visible(manager, Participant).filter(meeting__in=seen, attended=True).count()
    counted = visible(manager, AttendanceCount).aggregate(n=Sum("count"))["n"] or 0
    figure = value(manager, "meetings.participants", by=("category",))
    assert named and counted and figure.total == named + counted
    assert sum(int(v or 0) for v in figure.cells.values()) == named + counted
    assert value(manager, "meetings.held").total == seen.count()
    by_sex = value(manager, "meetings.participants", by=("sex", "age_band"))
    assert sum(int(v or 0) for v in by_sex.cells.values()) == named + counted


def test_community_action_plans(world: World) -> None:
    me = world.a.users[Role.ME_OFFICER]
    plans = visible(me, ActionPlan)
    meeting = visible(me, Meeting).first()
    assert plans.exists() and meeting is not None
    plans.update(status="validated", validated_at=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD, starts_at=at(20))
    assert value(me, "community.action_plans_validated").total == plans.count()
    assert value(me, "community.action_plans_validated", Period.parse("2030")).total == 0


def test_complaints_received_leave_the_sensitive_ones_out(world: World) -> None:
    me = world.a.users[Role.PROGRAMME_MANAGER]
    ours = FeedbackItem.objects.filter(organisation=world.a.organisation)
    ours.update(received_at=at(1))
    figure = value(me, "feedback.received", by=("channel",))
    counted = figure.total
    assert counted and counted == ours.filter(sensitive=False).count()
    assert sum(int(v or 0) for v in figure.cells.values()) == counted


def test_amounts_in_two_currencies_never_add_up(world: World) -> None:
    item = world.a.item
    other = "EUR" if item.currency != "EUR" else "XOF"
    euros = PlannedAssistance.objects.create(
        plan=item.plan, dimension=item.dimension, kind="Loyer", amount=Decimal(120), currency=other
    )
    AssistanceDelivery.objects.create(
        item=euros,
        delivered_on=datetime.date(2031, 2, 2),
        amount=Decimal("99.50"),
        recorded_by=world.a.users[Role.CASE_MANAGER],
    )
    AssistanceDelivery.objects.filter(pk=world.a.delivery.pk).update(
        delivered_on=datetime.date(2031, 2, 1)
    )
    figure = value(world.a.users[Role.ME_OFFICER], "cases.assistance_disbursed")
    assert figure.cells == {(item.currency,): world.a.delivery.amount, (other,): Decimal("99.50")}
    assert figure.total is None
