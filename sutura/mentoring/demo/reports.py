"""The demo's peer group, monthly reports and check-ins: Modou's (`mentor`) peer group of
Thiès, co-facilitated by Khady (`focalpoint`), with three sessions held; Modou's report of last
month submitted and awaiting Khady's review, his report of two months ago approved; a check-in
held last month with each mentor, and one planned last week with Aïssatou (`mentor2`) that
did not take place. Written through the services on whatever activities the demo logged; run
twice, it adds nothing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.core.registry import DemoContext
from sutura.geo.models import Location
from sutura.meetings.models import AgeGroup, Meeting
from sutura.mentoring.models import (
    PEER_GROUP_CONTEXT,
    Assignment,
    CheckIn,
    MonthlyReport,
    PeerGroup,
    ReportStatus,
)
from sutura.mentoring.services import checkins, groups, reports
from sutura.people.models import Sex

GROUP_NAME = "Groupe de parole des jeunes de retour — Thiès"


def _first_of(months_ago: int) -> datetime.date:
    day = timezone.localdate().replace(day=1)
    for _ in range(months_ago):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


def _group(mentor: User, focal: User) -> int:
    group = PeerGroup.objects.filter(mentor=mentor, name=GROUP_NAME).first()
    today = timezone.localdate()
    if group is None:
        with acting_as(mentor):
            group = groups.create_group(
                mentor,
                mentor=mentor,
                name=GROUP_NAME,
                description=(
                    "Un groupe de parole pour les jeunes revenus de Libye et du Maroc : "
                    "partager le vécu du retour, retrouver sa place."
                ),
                co_facilitator=focal,
                location=Location.objects.filter(iso_code="SN-TH").first(),
                starts_on=today - datetime.timedelta(days=50),
                ends_on=None,
            )
    if Meeting.objects.filter(context_kind=PEER_GROUP_CONTEXT, context_id=group.pk).exists():
        return 0
    persons = [
        a.case.person
        for a in Assignment.objects.filter(mentor=mentor, ended_on__isnull=True)
        .select_related("case__person")
        .order_by("case__opened_on")[:3]
    ]
    plan = [
        (40, persons[:2], {(Sex.MALE, AgeGroup.YOUTH): 3, (Sex.FEMALE, AgeGroup.YOUTH): 1}),
        (26, persons[:3], {(Sex.MALE, AgeGroup.ADULT): 2}),
        (12, persons[1:3], {(Sex.MALE, AgeGroup.YOUTH): 2, (Sex.FEMALE, AgeGroup.ADULT): 2}),
    ]
    with acting_as(mentor):
        for days_ago, named, counts in plan:
            groups.record_session(
                mentor,
                group,
                on=today - datetime.timedelta(days=days_ago),
                starts=datetime.time(16, 0),
                ends=datetime.time(18, 0),
                persons=named,
                counts={(str(sex), str(age)): n for (sex, age), n in counts.items()},
            )
    return len(plan)


def _reports(mentor: User, focal: User) -> None:
    two_ago = _first_of(2)
    if not MonthlyReport.objects.filter(mentor=mentor, month=two_ago).exists():
        with acting_as(mentor):
            report = reports.open_report(mentor, month=two_ago)
            report = reports.write_text(
                mentor,
                report,
                expected_version=report.version,
                highlights="Deux nouveaux jeunes orientés vers le centre de santé de Thiès.",
                challenges="Les transports vers Tivaouane coûtent cher.",
                ideas="Un tournoi de football avec les jeunes du quartier.",
            )
            report = reports.submit(mentor, report)
        with acting_as(focal):
            reports.approve(focal, report, comment="Merci Modou, bon travail.")
    last = _first_of(1)
    if not MonthlyReport.objects.filter(mentor=mentor, month=last).exists():
        with acting_as(mentor):
            report = reports.open_report(mentor, month=last)
            report = reports.write_text(
                mentor,
                report,
                expected_version=report.version,
                highlights="Le groupe de parole a réuni ses premiers participants.",
                challenges="Certains jeunes attendent encore leur kit de démarrage.",
                ideas="",
            )
            reports.submit(mentor, report)


def _checkins(focal: User, mentors: list[User], mentor2: User | None) -> None:
    today = timezone.localdate()
    with acting_as(focal):
        for mentor in mentors:
            if CheckIn.objects.filter(mentor=mentor, status="held").exists():
                continue
            held_on = _first_of(1) + datetime.timedelta(days=14)
            checkin = checkins.schedule_checkin(focal, mentor=mentor, scheduled_on=held_on)
            checkins.record_checkin(
                focal,
                checkin,
                expected_version=checkin.version,
                held_on=held_on,
                wellbeing="Se sent utile ; un peu fatigué par les déplacements.",
                difficulties="Des questions sur les délais de l’assistance auxquelles il "
                "ne sait pas répondre.",
                ideas="Une causerie avec les familles.",
                actions="Revoir ensemble le point sur les délais chaque semaine.",
            )
        if (
            mentor2 is not None
            and not CheckIn.objects.filter(
                mentor=mentor2, status="scheduled", scheduled_on__lt=today
            ).exists()
        ):
            checkins.schedule_checkin(
                focal, mentor=mentor2, scheduled_on=today - datetime.timedelta(days=6)
            )


def seed(context: DemoContext) -> str:
    users = {
        u.username: u for u in User.objects.filter(username__in=["mentor", "mentor2", "focalpoint"])
    }
    mentor, focal = users.get("mentor"), users.get("focalpoint")
    if mentor is None or focal is None or not hasattr(mentor, "volunteer"):
        return ""
    sessions = _group(mentor, focal)
    _reports(mentor, focal)
    mentors = [u for u in (mentor, users.get("mentor2")) if u is not None]
    _checkins(focal, mentors, users.get("mentor2"))
    awaiting = MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED).count()
    return f"1 peer group ({sessions} sessions added), {awaiting} report awaiting review"
