"""The reports part of the access world, through the services: on each side, a peer group
of the side's mentor co-facilitated by its focal point with one session held (the mentor's
returnee named, two people counted), the mentor's report of last month submitted, a check-in
held (with notes) and one planned."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.mentoring.services import checkins, groups, reports


def _side(side: Any) -> dict[str, Any]:
    mentor = side.users[Role.COMMUNITY_MENTOR]
    focal = side.users[Role.MHPSS_FOCAL_POINT]
    today = timezone.localdate()
    group = groups.create_group(
        mentor,
        mentor=mentor,
        name="Groupe de parole",
        description="Partager le retour",
        co_facilitator=focal,
        location=None,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=None,
    )
    session = groups.record_session(
        mentor,
        group,
        on=today - datetime.timedelta(days=2),
        starts=datetime.time(10, 0),
        ends=datetime.time(12, 0),
        persons=[side.case.person],
        counts={("female", "18_24"): 2},
    )
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    report = reports.open_report(mentor, month=last_month)
    report = reports.write_text(
        mentor, report, expected_version=report.version, highlights="Un mois calme"
    )
    report = reports.submit(mentor, report)
    held = checkins.schedule_checkin(
        focal, mentor=mentor, scheduled_on=today - datetime.timedelta(days=20)
    )
    held = checkins.record_checkin(
        focal,
        held,
        expected_version=held.version,
        held_on=today - datetime.timedelta(days=20),
        wellbeing="Fatigué",
        actions="Se reposer",
    )
    planned = checkins.schedule_checkin(
        focal, mentor=mentor, scheduled_on=today + datetime.timedelta(days=10)
    )
    return {
        "group": group,
        "session": session,
        "report": report,
        "checkin_held": held,
        "checkin_planned": planned,
    }


def build(world: Any) -> dict[str, Any]:
    return {side_name: _side(side) for side_name, side in (("a", world.a), ("b", world.b))}
