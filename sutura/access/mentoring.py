"""Mentoring: volunteers, their returnees, their activities, peer groups, monthly reports and
check-ins.

Who stands where:
- a **mentor** (the volunteer themself) sees their own profile, their own assignments and
  activities, the peer groups they facilitate, their reports and their check-ins (well-being
  notes included: they are the mentor's own record); of a returnee only the minimal profile
  (`access.cases.case_standing` → MENTOR) and the stage of the case in plain words
  (`case_stage_facts`: codes and dates, no content);
- the mentor's **focal point** (`Volunteer.focal_point`, an MHPSS focal point of the same
  organisation) supervises: the mentor's activities, groups, reports (approves or returns
  them) and check-ins (schedules and records them; reads the well-being notes of the mentors
  they supervise and of the check-ins they recorded, and nobody else's);
- **volunteer managers** (`manage_volunteers`: programme managers, focal points) of the
  organisation see every volunteer's profile, and manage the profiles and assignments; a
  programme manager also reads every activity, group and report of the organisation, and
  sees that a check-in took place (never its notes);
- a **case team** (`access.cases.works_on`) sees the assignments and activities of the cases
  it works on;
- M&E officers count (`activities_counted_for`), never read.

Two forms of each rule: the filters registered with `register_scope`, and the standings on
one record (`volunteer_standing`, `activity_standing`, `report_standing`,
`checkin_standing`, `group_standing`) that services, views and the API ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from sutura.access.cases import CaseStanding, case_standing, works_on, works_on_filter
from sutura.access.meetings import ContextRule, register_context
from sutura.access.permissions import can, signed_in
from sutura.access.referrals import receiver_filter
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm, Role
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    CaseStatus,
    PlanDecision,
    PlannedAssistance,
    ReintegrationPlan,
)
from sutura.mentoring.models import (
    PEER_GROUP_CONTEXT,
    Activity,
    ActivityCount,
    Assignment,
    CheckIn,
    MonthlyReport,
    PeerGroup,
    ReportTransition,
    SupervisionNote,
    Volunteer,
    VolunteerKind,
)
from sutura.referrals.models import Referral, ReferralStatus


def _member(user: Any) -> bool:
    return signed_in(user) and user.organisation_id is not None


# Who works at the mentoring desk (lists of activities, reports, check-ins): the mentors, their
# focal points, the volunteer managers. Anyone else gets 403 there (a provider agent, an M&E
# officer: they have the counts).
DESK_PERMS = (Perm.RECORD_MENTORING, Perm.SUPERVISE_MENTORS, Perm.MANAGE_VOLUNTEERS)


def works_in_mentoring(user: Any) -> bool:
    return any(can(user, perm) for perm in DESK_PERMS)


def manages_volunteers(user: Any) -> bool:
    return _member(user) and can(user, Perm.MANAGE_VOLUNTEERS)


def oversees_organisation(user: Any) -> bool:
    """A programme manager reads the organisation's mentoring records (not check-in notes)."""
    return _member(user) and Role.PROGRAMME_MANAGER in user.roles


def supervised_mentors(user: Any) -> models.QuerySet[Any]:
    """The volunteers this user supervises as their focal point (a subquery)."""
    return Volunteer.objects.filter(
        focal_point_id=user.pk, organisation_id=user.organisation_id
    ).values("user_id")


def supervises(user: Any, mentor_id: Any) -> bool:
    """Is `user` the focal point of the volunteer `mentor_id` (one query)?"""
    if not _member(user) or not can(user, Perm.SUPERVISE_MENTORS):
        return False
    return Volunteer.objects.filter(
        user_id=mentor_id, focal_point_id=user.pk, organisation_id=user.organisation_id
    ).exists()


def _mentor_side(user: Any, mentor_field: str = "mentor_id") -> Q | None:
    """Records of one mentor: the mentor, their focal point, a programme manager."""
    if not _member(user):
        return None
    found = Q(**{mentor_field: user.pk})
    if can(user, Perm.SUPERVISE_MENTORS):
        found |= Q(**{f"{mentor_field}__in": supervised_mentors(user)})
    if oversees_organisation(user):
        found |= Q(organisation_id=user.organisation_id)
    return found


def has_volunteer_profile(user: Any) -> bool:
    return Volunteer.objects.filter(user_id=user.pk).exists()


def engagement_ended_on(user: Any) -> date | None:
    """The day a volunteer's engagement ended, if it has (asked at every sign-in and request of
    a volunteer's session: `accounts.signin`)."""
    return (
        Volunteer.objects.filter(user_id=user.pk, ends_on__lt=timezone.localdate())
        .values_list("ends_on", flat=True)
        .first()
    )


# --- volunteers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerStanding:
    is_self: bool = False
    supervises: bool = False  # their focal point
    manages: bool = False  # edits the profile, ends the engagement

    @property
    def sees(self) -> bool:
        return self.is_self or self.supervises or self.manages


def _manages_outreach(user: Any) -> bool:
    """Outreach volunteers are the community protection officer's (never a mentoring desk's)."""
    return _member(user) and can(user, Perm.MANAGE_COMMUNITIES)


def volunteer_filter(user: Any) -> Q | None:
    if not _member(user):
        return None
    found = Q(user_id=user.pk)
    org = Q(organisation_id=user.organisation_id)
    if manages_volunteers(user):
        found |= org & Q(kind=VolunteerKind.MENTOR)
    elif can(user, Perm.SUPERVISE_MENTORS):
        found |= org & Q(focal_point_id=user.pk, kind=VolunteerKind.MENTOR)
    if _manages_outreach(user):
        found |= org & Q(kind=VolunteerKind.OUTREACH)
    return found


def volunteer_standing(user: Any, volunteer: Volunteer) -> VolunteerStanding:
    """Mentors are managed by the mentoring desk (volunteer managers, their focal point);
    outreach volunteers by the community protection officer of their organisation."""
    if not _member(user):
        return VolunteerStanding()
    same_org = volunteer.organisation_id == user.organisation_id
    mentor = volunteer.kind == VolunteerKind.MENTOR
    return VolunteerStanding(
        is_self=volunteer.user_id == user.pk,
        supervises=same_org
        and mentor
        and volunteer.focal_point_id == user.pk
        and can(user, Perm.SUPERVISE_MENTORS),
        manages=same_org
        and ((mentor and manages_volunteers(user)) or (not mentor and _manages_outreach(user))),
    )


@register_scope(Volunteer)
def _volunteers(user: Any, queryset: models.QuerySet[Volunteer]) -> models.QuerySet[Volunteer]:
    found = volunteer_filter(user)
    return queryset.none() if found is None else queryset.filter(found)


@register_scope(SupervisionNote)
def _supervision_notes(
    user: Any, queryset: models.QuerySet[SupervisionNote]
) -> models.QuerySet[Any]:
    """Supervision notes: the volunteer's own focal point and the organisation's programme
    managers; not the volunteer, not another focal point (managing volunteers' profiles is
    not supervising them)."""
    if not _member(user):
        return queryset.none()
    found = (
        Q(volunteer__focal_point_id=user.pk) if can(user, Perm.SUPERVISE_MENTORS) else Q(pk=None)
    )
    if oversees_organisation(user):
        found |= Q(volunteer__organisation_id=user.organisation_id)
    if _manages_outreach(user):
        found |= Q(volunteer__kind=VolunteerKind.OUTREACH)
    return queryset.filter(found, volunteer__organisation_id=user.organisation_id)


def reads_supervision_notes(user: Any, volunteer: Volunteer) -> bool:
    """The same rule as the filter above, on one volunteer."""
    standing = volunteer_standing(user, volunteer)
    same_org = volunteer.organisation_id == user.organisation_id
    outreach = volunteer.kind == VolunteerKind.OUTREACH and standing.manages
    return standing.supervises or outreach or (same_org and oversees_organisation(user))


# --- assignments --------------------------------------------------------------------------------


def _on_worked_cases(user: Any, case_field: str) -> Q | None:
    team = works_on_filter(user)
    if team is None:
        return None
    worked = Case.objects.filter(team, pk=OuterRef(case_field))
    return Q(Exists(worked))


def assignment_filter(user: Any) -> Q | None:
    if not _member(user):
        return None
    found = _mentor_side(user)
    team = _on_worked_cases(user, "case_id")
    return found if team is None else (found | team if found is not None else team)


@register_scope(Assignment)
def _assignments(user: Any, queryset: models.QuerySet[Assignment]) -> models.QuerySet[Any]:
    found = assignment_filter(user)
    return queryset.none() if found is None else queryset.filter(found)


def open_assignment_of_case(case: Case) -> Assignment | None:
    """The case's open assignment (services: the caller already stands on the case)."""
    return Assignment.objects.filter(case_id=case.pk, ended_on__isnull=True).first()


def open_assignments_of_mentor(mentor: Any) -> models.QuerySet[Assignment]:
    """A mentor's open assignments (their engagement ends: the services end them all)."""
    return Assignment.objects.filter(mentor_id=mentor.pk, ended_on__isnull=True).select_related(
        "case"
    )


def expired_assignments(today: date) -> models.QuerySet[Assignment]:
    """Open assignments whose period is over (the daily sweep)."""
    return Assignment.objects.filter(ended_on__isnull=True, ends_on__lt=today).select_related(
        "case", "assigned_by"
    )


def cases_with_unrecorded_mentor() -> models.QuerySet[Case]:
    """Cases pointing at a mentor with no open assignment behind it (set before assignments
    were recorded, or by the cases' demo): `services.assignments.record_pointers` adopts them."""
    open_ = Assignment.objects.filter(case_id=OuterRef("pk"), ended_on__isnull=True)
    return (
        Case.objects.filter(mentor__isnull=False)
        .exclude(Exists(open_))
        .select_related("mentor", "case_manager")
    )


def assignments_of_ended_engagements(today: date) -> models.QuerySet[Assignment]:
    """Open assignments of mentors whose engagement is over (the daily sweep)."""
    ended = Volunteer.objects.filter(user_id=OuterRef("mentor_id"), ends_on__lt=today)
    return Assignment.objects.filter(Exists(ended), ended_on__isnull=True).select_related("case")


def open_cases_of_person(person_id: Any) -> models.QuerySet[Case]:
    """A person's cases with a mentor (their consent was withdrawn: the signals end the
    assignments)."""
    return Case.objects.filter(person_id=person_id, mentor__isnull=False)


def volunteer_of(user: Any) -> Volunteer | None:
    """A user's volunteer profile, if any (the services check a mentor's engagement)."""
    return Volunteer.objects.filter(user_id=user.pk).first()


def may_assign(user: Any, case: Case) -> bool:
    """May the user give this case a mentor (or end the assignment)? The case team; a focal
    point or volunteer manager only for the cases referred to them by name or supported by a
    mentor they supervise (`cases_to_give`, the same rule their page offers)."""
    if not _member(user) or case.organisation_id != user.organisation_id:
        return False
    if works_on(user, case):
        return True
    # A focal point or volunteer manager outside the case team: only the cases their page
    # offers (referred to them by name, or supported by a mentor they supervise).
    return cases_to_give(user).filter(pk=case.pk).exists()


def mentor_candidates_filter(organisation_id: Any, day: date) -> Q:
    """Users who may be given a returnee on `day`: active community mentors of the
    organisation with an engagement running (a filter on users)."""
    engaged = Volunteer.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        user_id=OuterRef("pk"),
        organisation_id=organisation_id,
        starts_on__lte=day,
    )
    return Q(Exists(engaged), organisation_id=organisation_id, is_active=True)


def cases_to_give(user: Any) -> models.QuerySet[Case]:
    """The cases a focal point's assignment page offers: those referred to them by name
    (an internal referral they received, still open) and those a mentor they supervise
    supports. Of their own organisation only."""
    if not _member(user) or not (can(user, Perm.SUPERVISE_MENTORS) or manages_volunteers(user)):
        return Case.objects.none()
    referred = Referral.objects.filter(
        receiver_filter(user),
        to_user_id=user.pk,
        case_id=OuterRef("pk"),
        status__in=OPEN_REFERRAL_STATUSES,
    )
    mentored = Q(mentor_id__in=supervised_mentors(user))
    return Case.objects.filter(
        Q(Exists(referred)) | mentored, organisation_id=user.organisation_id
    ).exclude(status=CaseStatus.CLOSED)


# Referrals that still wait for, or are getting, the service (the stage of the case).
OPEN_REFERRAL_STATUSES = (
    ReferralStatus.SENT,
    ReferralStatus.RECEIVED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.IN_PROGRESS,
)


@dataclass(frozen=True)
class ReferralFacts:
    status: str
    category: str
    sent_on: date | None
    answered_on: date | None


@dataclass(frozen=True)
class StageFacts:
    """Where a case stands, as codes and dates only (the mentor's "where is my file?";
    `mentoring.stages` puts them into words)."""

    case_status: str
    plan_status: str = ""
    plan_decided_on: date | None = None
    items_planned: int = 0
    items_delivered: int = 0
    open_referrals: tuple[ReferralFacts, ...] = ()
    next_follow_up_on: date | None = None
    closed_on: date | None = None


def case_stage_facts(user: Any, case: Case) -> StageFacts:
    """The stage of a case for its mentor or its team (anyone else: 404): the case's status,
    its plan's status and last decision's date, how many planned items were delivered, the
    open referrals (status, need, dates) and the next follow-up due. No content."""
    if case_standing(user, case) not in (CaseStanding.MENTOR, CaseStanding.TEAM):
        raise Http404
    plan = ReintegrationPlan.objects.filter(case_id=case.pk).first()
    plan_status, decided_on, planned, delivered = "", None, 0, 0
    if plan is not None:
        plan_status = plan.status
        last = (
            PlanDecision.objects.filter(plan_id=plan.pk)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        decided_on = timezone.localdate(last) if last is not None else None
        items = PlannedAssistance.objects.filter(plan_id=plan.pk)
        planned = items.count()
        delivered = items.filter(Exists(_deliveries_of_item())).count()
    open_referrals = tuple(
        ReferralFacts(
            status=status,
            category=category,
            sent_on=timezone.localdate(sent_at) if sent_at else None,
            answered_on=timezone.localdate(answered_at) if answered_at else None,
        )
        for status, category, sent_at, answered_at in Referral.objects.filter(
            case_id=case.pk, status__in=OPEN_REFERRAL_STATUSES
        )
        .order_by("sent_at")
        .values_list("status", "category", "sent_at", "answered_at")
    )
    return StageFacts(
        case_status=case.status,
        plan_status=plan_status,
        plan_decided_on=decided_on,
        items_planned=planned,
        items_delivered=delivered,
        open_referrals=open_referrals,
        next_follow_up_on=case.next_follow_up_on,
        closed_on=case.closed_on,
    )


def _deliveries_of_item() -> models.QuerySet[Any]:
    return AssistanceDelivery.objects.filter(item_id=OuterRef("pk"))


# --- activities ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityStanding:
    owns: bool = False  # the mentor who logged it: edits it
    supervises: bool = False
    oversees: bool = False
    case_team: bool = False

    @property
    def sees(self) -> bool:
        return self.owns or self.supervises or self.oversees or self.case_team


def activity_filter(user: Any) -> Q | None:
    found = _mentor_side(user)
    if found is None:
        return None
    team = _on_worked_cases(user, "case_id")
    return found if team is None else found | team


def activity_standing(
    user: Any, activity: Activity, *, case: Case | None = None
) -> ActivityStanding:
    """Where the user stands on one activity (a query only to ask whether they supervise its
    mentor). `case`: the activity's case when the caller holds it."""
    if not _member(user):
        return ActivityStanding()
    same_org = activity.organisation_id == user.organisation_id
    case = case if case is not None else (activity.case if activity.case_id else None)
    return ActivityStanding(
        owns=activity.mentor_id == user.pk,
        supervises=same_org
        and activity.mentor_id != user.pk
        and supervises(user, activity.mentor_id),
        oversees=same_org and oversees_organisation(user),
        case_team=case is not None and works_on(user, case),
    )


@register_scope(Activity)
def _activities(user: Any, queryset: models.QuerySet[Activity]) -> models.QuerySet[Activity]:
    found = activity_filter(user)
    return queryset.none() if found is None else queryset.filter(found)


@register_scope(ActivityCount)
def _activity_counts(user: Any, queryset: models.QuerySet[ActivityCount]) -> models.QuerySet[Any]:
    return queryset.filter(activity__in=visible_activities(user))


def visible_activities(user: Any) -> models.QuerySet[Activity]:
    found = activity_filter(user)
    return Activity.objects.none() if found is None else Activity.objects.filter(found)


def activities_counted_for(user: Any) -> models.QuerySet[Activity]:
    """What an M&E officer (or anyone reading indicators) counts: the organisation's
    activities, for counts only — never listed."""
    if not _member(user) or not can(user, Perm.VIEW_INDICATORS):
        return visible_activities(user)
    return Activity.objects.filter(organisation_id=user.organisation_id)


def activity_with_id(activity_id: Any) -> Activity | None:
    """The activity a device already sent under this id, whoever logged it (the idempotent
    create: the service answers it to its own mentor and refuses it to anyone else)."""
    return Activity.objects.filter(pk=activity_id).select_related("referral", "case").first()


def supervisors_of_mentoring(organisation_id: Any) -> models.QuerySet[Any]:
    """Who is alerted of a distress flag when the mentor has no focal point: the organisation's
    users who supervise mentors."""
    from sutura.access.accounts import members

    return members(organisation_id, perm=Perm.SUPERVISE_MENTORS)


def returnees_reached(activities: models.QuerySet[Activity]) -> list[tuple[Any, str, Any]]:
    """Sex and date of birth of each distinct registered returnee of these activities (already
    scoped by the caller: `activities_counted_for`), for counts by sex and age group only."""
    return list(
        activities.filter(case__isnull=False)
        .values_list("case__person_id", "case__person__sex", "case__person__birth_date")
        .distinct()
    )


# --- peer groups --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupStanding:
    sees: bool = False
    records: bool = False  # records sessions, edits the group


def group_filter(user: Any) -> Q | None:
    found = _mentor_side(user)
    if found is None:
        return None
    return found | Q(co_facilitator_id=user.pk, organisation_id=user.organisation_id)


def _records_group_filter(user: Any) -> Q | None:
    if not _member(user):
        return None
    found = Q(mentor_id=user.pk) | Q(co_facilitator_id=user.pk)
    if can(user, Perm.SUPERVISE_MENTORS):
        found |= Q(mentor_id__in=supervised_mentors(user))
    return found & Q(organisation_id=user.organisation_id)


def group_standing(user: Any, group: PeerGroup) -> GroupStanding:
    if not _member(user) or group.organisation_id != user.organisation_id:
        return GroupStanding()
    records = group.mentor_id == user.pk or group.co_facilitator_id == user.pk
    records = records or supervises(user, group.mentor_id)
    return GroupStanding(sees=records or oversees_organisation(user), records=records)


@register_scope(PeerGroup)
def _groups(user: Any, queryset: models.QuerySet[PeerGroup]) -> models.QuerySet[PeerGroup]:
    found = group_filter(user)
    return queryset.none() if found is None else queryset.filter(found)


def _groups_seen(user: Any) -> models.QuerySet[PeerGroup] | None:
    found = group_filter(user)
    return None if found is None else PeerGroup.objects.filter(found)


def _groups_recorded(user: Any) -> models.QuerySet[PeerGroup] | None:
    found = _records_group_filter(user)
    return None if found is None else PeerGroup.objects.filter(found)


def group_returnees(user: Any, group_id: Any) -> list[Any] | None:
    """The persons a user may name in a session of this group: the returnees assigned (open
    assignment) to the group's mentor, for whoever records the group; None otherwise."""
    recorded = _groups_recorded(user)
    if recorded is None:
        return None
    mentor_id = recorded.filter(pk=group_id).values_list("mentor_id", flat=True).first()
    if mentor_id is None:
        return None
    return list(
        Assignment.objects.filter(mentor_id=mentor_id, ended_on__isnull=True).values_list(
            "case__person_id", flat=True
        )
    )


def group_assignments(user: Any, group: PeerGroup) -> models.QuerySet[Assignment]:
    """The open assignments of the group's mentor, for the session form of whoever records
    the group (their returnees are named by first name there); none for anyone else."""
    if not group_standing(user, group).records:
        return Assignment.objects.none()
    return Assignment.objects.filter(
        mentor_id=group.mentor_id, ended_on__isnull=True
    ).select_related("case__person")


register_context(
    ContextRule(
        PEER_GROUP_CONTEXT,
        sees=_groups_seen,
        records=_groups_recorded,
        persons=group_returnees,
    )
)


# --- monthly reports ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportStanding:
    author: bool = False  # the mentor: edits and submits
    reviewer: bool = False  # their focal point: approves or returns
    reader: bool = False  # a programme manager

    @property
    def sees(self) -> bool:
        return self.author or self.reviewer or self.reader


def report_filter(user: Any) -> Q | None:
    return _mentor_side(user)


def report_standing(user: Any, report: MonthlyReport) -> ReportStanding:
    if not _member(user) or report.organisation_id != user.organisation_id:
        return ReportStanding()
    author = report.mentor_id == user.pk
    reviewer = not author and supervises(user, report.mentor_id)
    return ReportStanding(author=author, reviewer=reviewer, reader=oversees_organisation(user))


@register_scope(MonthlyReport)
def _reports(user: Any, queryset: models.QuerySet[MonthlyReport]) -> models.QuerySet[Any]:
    found = report_filter(user)
    return queryset.none() if found is None else queryset.filter(found)


@register_scope(ReportTransition)
def _report_steps(user: Any, queryset: models.QuerySet[ReportTransition]) -> models.QuerySet[Any]:
    found = report_filter(user)
    if found is None:
        return queryset.none()
    return queryset.filter(report__in=MonthlyReport.objects.filter(found))


# --- check-ins ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInStanding:
    sees: bool = False
    reads_notes: bool = False  # the well-being notes and the rest of what was said
    records: bool = False  # schedules, records, cancels


def checkin_filter(user: Any) -> Q | None:
    found = _mentor_side(user)
    if found is None:
        return None
    return found | Q(focal_point_id=user.pk, organisation_id=user.organisation_id)


def checkin_standing(user: Any, checkin: CheckIn) -> CheckInStanding:
    if not _member(user) or checkin.organisation_id != user.organisation_id:
        return CheckInStanding()
    mine = checkin.mentor_id == user.pk
    recorder = checkin.focal_point_id == user.pk
    supervisor = not mine and supervises(user, checkin.mentor_id)
    return CheckInStanding(
        sees=mine or recorder or supervisor or oversees_organisation(user),
        # The notes: the mentor, and the focal point who recorded them while they still
        # supervise the mentor (a successor does not read a predecessor's notes, nor the
        # predecessor once the mentor has moved on).
        reads_notes=mine or (recorder and supervisor),
        records=supervisor,
    )


@register_scope(CheckIn)
def _check_ins(user: Any, queryset: models.QuerySet[CheckIn]) -> models.QuerySet[CheckIn]:
    found = checkin_filter(user)
    return queryset.none() if found is None else queryset.filter(found)


# --- hours (shared by the activity log, the supervision pages and the monthly report) ---------


def minutes_logged(mentor_ids: list[Any], start: date, end: date) -> dict[Any, int]:
    """Minutes each mentor logged from `start` to `end` (both included): the durations of
    their activities, plus the held sessions of the peer groups they facilitate. Unscoped: the
    caller asks only for mentors it stands on (`selectors.hours.hours_for`)."""
    from sutura.meetings.models import Meeting, MeetingStatus

    totals: dict[Any, int] = dict.fromkeys(mentor_ids, 0)
    rows = (
        Activity.objects.filter(mentor_id__in=mentor_ids, occurred_on__range=(start, end))
        .values("mentor_id")
        .annotate(minutes=models.Sum("duration_minutes"))
    )
    for row in rows:
        totals[row["mentor_id"]] += row["minutes"] or 0
    groups: dict[Any, Any] = dict(
        PeerGroup.objects.filter(mentor_id__in=mentor_ids).values_list("pk", "mentor_id")
    )
    if groups:
        sessions = Meeting.objects.filter(
            context_kind=PEER_GROUP_CONTEXT,
            context_id__in=list(groups),
            status=MeetingStatus.HELD,
            starts_at__date__range=(start, end),
            ends_at__isnull=False,
        ).values_list("context_id", "starts_at", "ends_at")
        for group_id, starts_at, ends_at in sessions:
            if group_id is not None and ends_at is not None:
                totals[groups[group_id]] += int((ends_at - starts_at).total_seconds() // 60)
    return totals
