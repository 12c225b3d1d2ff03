"""Two mentors of AIM-SN and their focal point: Modou Gueye (`mentor`, Thiès) and Aïssatou Ba
(`mentor2`, Dakar), both supervised by Khady Ndour (`focalpoint`). The cases the cases' demo
gave to `mentor` get their assignment recorded; `mentor2` is given three returnees of Dakar by
the focal point, each for a purpose and three months."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.cases.models import Case, CaseStatus
from sutura.core.registry import DemoContext
from sutura.geo.models import Location
from sutura.mentoring.models import AssignmentPurpose, Volunteer
from sutura.mentoring.services import assignments, volunteers

PROFILES = {
    # username: (languages, area ISO code, months engaged)
    "mentor": (["fr", "wo", "srr"], "SN-TH", 8),
    "mentor2": (["fr", "wo", "ff"], "SN-DK", 5),
}


def _profile(focal: User, mentor: User, languages: list[str], area: Any, months: int) -> None:
    if Volunteer.objects.filter(user=mentor).exists():
        return
    today = timezone.localdate()
    with acting_as(focal):
        volunteers.create_volunteer(
            actor=focal,
            user=mentor,
            is_returnee=True,
            languages=languages,
            areas=[area] if area else [],
            focal_point=focal,
            starts_on=today - datetime.timedelta(days=30 * months),
            code_of_conduct_signed_on=today - datetime.timedelta(days=30 * months),
        )


def _give_returnees(focal: User, mentor: User, area: Any) -> int:
    """Three open cases of Dakar without a mentor, each for a purpose."""
    if area is None or Case.objects.filter(mentor=mentor).exists():
        return 0
    open_cases = Case.objects.filter(organisation=mentor.organisation, mentor__isnull=True).exclude(
        status__in=[CaseStatus.CLOSED, CaseStatus.REGISTERED]
    )
    in_area = open_cases.filter(person__current_location__parent=area)
    cases = list((in_area if in_area.exists() else open_cases).order_by("opened_on", "number")[:3])
    purposes = [
        AssignmentPurpose.PSYCHOSOCIAL,
        AssignmentPurpose.REINTEGRATION,
        AssignmentPurpose.INFORMATION,
    ]
    today = timezone.localdate()
    given = 0
    with acting_as(focal):
        for case, purpose in zip(cases, purposes, strict=False):
            assignments.assign_mentor(
                actor=focal,
                case=case,
                mentor=mentor,
                purpose=purpose,
                starts_on=today - datetime.timedelta(days=40),
                ends_on=today + datetime.timedelta(days=60),
            )
            given += 1
    return given


def seed(context: DemoContext) -> str:
    users = {u.username: u for u in User.objects.filter(username__in=["focalpoint", *PROFILES])}
    focal = users.get("focalpoint")
    if focal is None:
        return ""
    for username, (languages, iso, months) in PROFILES.items():
        mentor = users.get(username)
        if mentor is not None:
            area = Location.objects.filter(iso_code=iso).first()
            _profile(focal, mentor, languages, area, months)
    recorded = assignments.record_pointers()
    mentor2 = users.get("mentor2")
    given = 0
    if mentor2 is not None:
        given = _give_returnees(focal, mentor2, Location.objects.filter(iso_code="SN-DK").first())
    return f"{len(PROFILES)} mentors, {recorded + given} returnees assigned"
