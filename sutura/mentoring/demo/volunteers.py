"""Two mentors of AIM-SN and their focal point: Modou Gueye (`mentor`, Thiès) and Aïssatou Ba
(`mentor2`, Dakar), both supervised by Khady Ndour (`focalpoint`). The cases the cases' demo
gave to `mentor` get their assignment recorded, then a purpose each; `mentor2` is given four
returnees of Dakar at different stages by the programme manager, each for a purpose and a period.
Each mentor has referred one returnee to the focal point a few days ago, still waiting for an
answer (the returnees page says so), and the focal point has written supervision notes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.cases.models import Case, CaseStatus
from sutura.core.registry import DemoContext
from sutura.geo.models import Location
from sutura.mentoring.models import Assignment, AssignmentPurpose, SupervisionNote, Volunteer
from sutura.mentoring.services import assignments, volunteers
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.people.selectors import current_consent
from sutura.referrals.models import Referral, ReferralTransition
from sutura.referrals.services import referring

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


# One returnee at each of these stages, for the mentor of Dakar (what their page shows varies).
STAGES = [CaseStatus.PLAN, CaseStatus.ASSISTANCE, CaseStatus.MONITORING, CaseStatus.ASSESSMENT]


def _give_returnees(assigner: User, mentor: User, area: Any) -> int:
    """Four open cases of Dakar without a mentor, at different stages, each for a purpose."""
    if area is None or mentor.organisation_id is None:
        return 0
    if Case.objects.filter(mentor=mentor).exists():
        return 0
    open_cases = Case.objects.filter(organisation=mentor.organisation, mentor__isnull=True).exclude(
        status__in=[CaseStatus.CLOSED, CaseStatus.REGISTERED]
    )
    in_area = open_cases.filter(person__current_location__parent=area)
    cases: list[Case] = []
    for stage in STAGES:  # in Dakar if the demo has such a case there, else anywhere
        for pool in (in_area, open_cases):
            found = pool.filter(status=stage).exclude(pk__in=[c.pk for c in cases])
            case = found.order_by("opened_on", "number").first()
            if case is not None:
                cases.append(case)
                break
    purposes = [
        AssignmentPurpose.PSYCHOSOCIAL,
        AssignmentPurpose.REINTEGRATION,
        AssignmentPurpose.INFORMATION,
        AssignmentPurpose.ACCOMPANIMENT,
    ]
    today = timezone.localdate()
    given = 0
    # The programme manager, on the case team of every case: a focal point assigns only the
    # cases referred to them or already supported by their mentors.
    with acting_as(assigner):
        for case, purpose in zip(cases, purposes, strict=False):
            assignments.assign_mentor(
                actor=assigner,
                case=case,
                mentor=mentor,
                purpose=purpose,
                starts_on=today - datetime.timedelta(days=40),
                ends_on=today + datetime.timedelta(days=60),
            )
            given += 1
    return given


# Purposes given, in turn, to the returnees whose assignment was recorded behind the cases' demo.
RECORDED_PURPOSES = [
    AssignmentPurpose.REINTEGRATION,
    AssignmentPurpose.PSYCHOSOCIAL,
    AssignmentPurpose.ACCOMPANIMENT,
    AssignmentPurpose.INFORMATION,
]

NOTES = [
    (40, "Bon contact avec les bénéficiaires ; rappeler les limites du rôle de mentor."),
    (12, "Charge horaire correcte. Orienter plus tôt vers le point focal en cas de détresse."),
]


def _give_purposes(focal: User, mentor: User) -> None:
    """The assignments recorded behind the cases' demo carry purpose "other": give each one."""
    recorded = Assignment.objects.filter(
        mentor=mentor, ended_on__isnull=True, purpose=AssignmentPurpose.OTHER
    ).select_related("case")
    with acting_as(focal):
        for assignment, purpose in zip(
            recorded.order_by("starts_on"), RECORDED_PURPOSES, strict=False
        ):
            assignments.change_period(
                actor=focal,
                assignment=assignment,
                expected_version=assignment.version,
                ends_on=assignment.ends_on,
                purpose=purpose,
            )


WAITING_REASON = "Inquiétude : sommeil difficile depuis le retour, demande à parler à quelqu'un."


def _referral_waiting(focal: User, mentor: User, days: int) -> None:
    """The mentor referred one returnee to the focal point `days` ago; no answer yet."""
    if Referral.objects.filter(referred_by=mentor, reason=WAITING_REASON).exists():
        return
    under_way = Referral.objects.filter(
        status__in=["sent", "received", "accepted", "in_progress"]
    ).values("case_id")
    candidates = (
        Case.objects.filter(mentor=mentor)
        .select_related("person", "case_manager")
        .exclude(status=CaseStatus.CLOSED)
        .exclude(pk__in=under_way)
        .order_by("opened_on", "number")
    )
    referral = None
    for case in candidates:  # the first whose returnee consents to referrals
        if current_consent(case.person, ConsentPurpose.REFERRAL) is None and case.case_manager:
            # Never asked yet: the case manager records the returnee's spoken consent.
            with acting_as(case.case_manager):
                record_consent(
                    actor=case.case_manager,
                    person=case.person,
                    purpose=ConsentPurpose.REFERRAL,
                    status=ConsentStatus.GIVEN,
                    method=ConsentMethod.VERBAL,
                )
        try:
            with transaction.atomic(), acting_as(mentor):
                referral = referring.create_referral(
                    actor=mentor,
                    case=case,
                    to_user=focal,
                    category="mhpss",
                    reason=WAITING_REASON,
                    shared_sections=["identity", "contact"],
                    send=True,
                )
            break
        except (ValidationError, PermissionDenied):
            continue
    if referral is None:
        return
    # Sent a few days ago, as if the demo had been running (the stage counts the days).
    sent = timezone.now() - datetime.timedelta(days=days)
    Referral.objects.filter(pk=referral.pk).update(
        created_at=sent - datetime.timedelta(minutes=5),
        sent_at=sent,
        respond_by=sent + datetime.timedelta(days=7),
    )
    steps = ReferralTransition.objects.filter(referral_id=referral.pk)
    steps.filter(to_status="draft").update(created_at=sent - datetime.timedelta(minutes=5))
    steps.exclude(to_status="draft").update(created_at=sent)


def _notes(focal: User, mentor: User) -> None:
    volunteer = Volunteer.objects.filter(user=mentor).first()
    if volunteer is None or SupervisionNote.objects.filter(volunteer=volunteer).exists():
        return
    today = timezone.localdate()
    with acting_as(focal):
        for days, text in NOTES:
            volunteers.add_supervision_note(
                actor=focal,
                volunteer=volunteer,
                text=text,
                noted_on=today - datetime.timedelta(days=days),
            )


def seed(context: DemoContext) -> str:
    wanted = ["focalpoint", "manager", *PROFILES]
    users = {u.username: u for u in User.objects.filter(username__in=wanted)}
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
        dakar = Location.objects.filter(iso_code="SN-DK").first()
        given = _give_returnees(users.get("manager") or focal, mentor2, dakar)
    for days, username in ((4, "mentor"), (2, "mentor2")):
        mentor = users.get(username)
        if mentor is not None:
            _give_purposes(focal, mentor)
            _referral_waiting(focal, mentor, days)
            _notes(focal, mentor)
    return f"{len(PROFILES)} mentors, {recorded + given} returnees assigned"
