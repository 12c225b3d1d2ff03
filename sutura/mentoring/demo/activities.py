"""A month of activity for the two demo mentors, logged through the services: one-to-one
sessions with their assigned returnees (one of Modou Gueye's with a distress flag, referred to
Khady Ndour and accepted by her through the referral workflow), two community events each,
accompaniments, an idea each; and this week of Aïssatou Ba's over her weekly cap (the focal
point's home shows it). Idempotent: a mentor who has logged anything is left alone."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sutura.access.mentoring import open_assignments_of_mentor
from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.core.registry import DemoContext
from sutura.geo.models import Location
from sutura.mentoring.models import Activity
from sutura.mentoring.selectors.hours import week_of
from sutura.mentoring.services import activities as services
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.people.selectors import current_consent
from sutura.referrals.services import workflow

KINDS = ["supportive", "practical", "information", "coping", "pfa", "orientation"]
TOPICS = [["wellbeing"], ["assistance"], ["work", "family"], ["stigma"], ["documents"]]
EVENTS = [
    ("awareness", "Causerie sur la migration sûre", "Maison des jeunes", 150),
    ("socio_cultural", "Thé-débat des jeunes de retour", "Place du quartier", 120),
]


def _has_referral_consent(case: Any) -> bool:
    consent = current_consent(case.person, ConsentPurpose.REFERRAL)
    return consent is not None and consent.status == ConsentStatus.GIVEN


def _consented(manager: Any, case: Any) -> None:
    if not _has_referral_consent(case):
        record_consent(
            actor=manager,
            person=case.person,
            purpose=ConsentPurpose.REFERRAL,
            status=ConsentStatus.GIVEN,
            method=ConsentMethod.VERBAL,
        )


def _month(mentor: User, cases: list[Any], area: Any, today: datetime.date) -> int:
    logged = 0
    for index in range(12):
        day = today - datetime.timedelta(days=2 + index * 2)
        case = cases[index % len(cases)]
        services.log_session(
            actor=mentor,
            case=case,
            occurred_on=day,
            duration_minutes=[30, 45, 60][index % 3],
            session_kind=KINDS[index % len(KINDS)],
            topics=TOPICS[index % len(TOPICS)],
            follow_up_needed=index % 4 == 0,
            follow_up="Rappeler dans une semaine" if index % 4 == 0 else "",
        )
        logged += 1
    services.log_session(
        actor=mentor,
        occurred_on=today - datetime.timedelta(days=9),
        duration_minutes=30,
        session_kind="information",
        sex="male",
        age_group="18_24",
        topics=["assistance"],
    )
    for offset, (kind, title, venue, minutes) in zip((6, 20), EVENTS, strict=True):
        services.log_event(
            actor=mentor,
            occurred_on=today - datetime.timedelta(days=offset),
            duration_minutes=minutes,
            event_kind=kind,
            title=title,
            location=area,
            venue=venue,
            description="Échanges avec les jeunes et les familles du quartier.",
            counts=[
                ("returnee", "male", "18_24", 6),
                ("returnee", "female", "18_24", 3),
                ("community", "female", "25_59", 11),
                ("community", "male", "25_59", 8),
            ],
        )
    for offset, case in zip((5, 15), cases, strict=False):
        services.log_accompaniment(
            actor=mentor,
            occurred_on=today - datetime.timedelta(days=offset),
            duration_minutes=120,
            case=case,
            appointment_kind="mhpss" if offset == 5 else "legal",
            venue="Centre de santé" if offset == 5 else "Tribunal d’instance",
            outcome="Rendez-vous tenu ; prochain rendez-vous fixé.",
        )
    services.log_idea(
        actor=mentor,
        title="Groupe de parole le samedi",
        description="Un moment d’échange entre jeunes de retour, au foyer des jeunes.",
        beneficiaries="Les jeunes de retour du quartier et leurs familles",
        occurred_on=today - datetime.timedelta(days=12),
    )
    return logged + 6


def _distress(mentor: User, focal: User, case: Any, today: datetime.date) -> int:
    """A session with signs of distress: referred to the focal point, accepted by her."""
    manager = case.case_manager or focal
    with acting_as(manager):
        _consented(manager, case)
    with acting_as(mentor):
        logged = services.log_session(
            actor=mentor,
            case=case,
            occurred_on=today - datetime.timedelta(days=3),
            duration_minutes=60,
            session_kind="pfa",
            topics=["wellbeing", "stigma"],
            distress=True,
            distress_reason="Ne dort plus, parle de honte vis-à-vis de sa famille.",
            note="Très fatigué, s’isole depuis deux semaines.",
        )
    referral = logged.activity.referral
    if referral is not None and referral.status in ("sent", "received"):  # not yet answered
        with acting_as(focal):
            workflow.accept(actor=focal, referral=referral, note="Je l’appelle demain matin.")
    return 1


def _over_cap(mentor: User, cases: list[Any], today: datetime.date) -> int:
    """This week (the focal point's home shows it at once): more than fifteen hours."""
    monday, _sunday = week_of(today)
    for offset in range(5):
        services.log_session(
            actor=mentor,
            case=cases[offset % len(cases)],
            occurred_on=monday + datetime.timedelta(days=min(offset, (today - monday).days)),
            duration_minutes=200,
            session_kind="practical",
            topics=["assistance"],
        )
    return 5


def seed(context: DemoContext) -> str:
    users = {u.username: u for u in User.objects.filter(username__in=["mentor", "mentor2"])}
    focal = User.objects.filter(username="focalpoint").first()
    today = timezone.localdate()
    areas = {"mentor": "SN-TH", "mentor2": "SN-DK"}
    logged = 0
    for username, mentor in users.items():
        if Activity.objects.filter(mentor=mentor).exists():
            continue
        cases = [a.case for a in open_assignments_of_mentor(mentor)]
        if not cases:
            continue
        area = Location.objects.filter(iso_code=areas[username]).first()
        with acting_as(mentor):
            logged += _month(mentor, cases, area, today)
            if username == "mentor2":
                logged += _over_cap(mentor, cases, today)
        if username == "mentor" and focal is not None:
            adults = [c for c in cases if (c.person.age() or 0) >= 18] or cases
            consented = [c for c in adults if _has_referral_consent(c)]
            logged += _distress(mentor, focal, (consented or adults)[0], today)
    if not logged:
        return ""
    total = Activity.objects.filter(mentor__in=list(users.values())).count()
    return f"{total} mentoring activities"
