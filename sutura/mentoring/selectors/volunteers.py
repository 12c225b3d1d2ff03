"""Reads of volunteers, their supervision notes and assignments, the mentor's returnees with
the stage of each case, and the services near a mentor, through the access layer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from sutura.access import can, get_visible_or_404, visible
from sutura.access.accounts import colleagues, members
from sutura.access.mentoring import (
    StageFacts,
    case_stage_facts,
    cases_to_give,
    may_assign,
    mentor_candidates_filter,
    reads_supervision_notes,
)
from sutura.accounts.roles import Perm, Role
from sutura.audit.services import record_list_read, record_read
from sutura.cases.models import Case
from sutura.directory.models import Service
from sutura.directory.selectors.entries import DirectoryFilters, services_for
from sutura.mentoring.models import Assignment, SupervisionNote, Volunteer
from sutura.mentoring.stages import Stage, stage_of

# An engagement "ends soon" within this many days (the managers' home card).
ENDING_SOON_DAYS = 30


@dataclass(frozen=True)
class VolunteerFilters:
    engaged: str = ""  # "running", "ended" or "" (all)


def volunteers_for(
    user: Any, filters: VolunteerFilters | None = None
) -> models.QuerySet[Volunteer]:
    """The volunteers the user may see (their organisation's, for volunteer managers)."""
    filters = filters or VolunteerFilters()
    found = visible(user, Volunteer).select_related("user", "focal_point")
    today = timezone.localdate()
    running = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    if filters.engaged == "running":
        found = found.filter(running)
    elif filters.engaged == "ended":
        found = found.filter(ends_on__lt=today)
    return found.prefetch_related("areas").order_by("user__first_name", "user__last_name", "pk")


def volunteer_for(user: Any, pk: Any, *, audit: bool = True) -> Volunteer:
    volunteer = get_visible_or_404(
        user, Volunteer.objects.select_related("user", "focal_point"), pk=pk
    )
    if audit:
        record_read(user, volunteer, detail=gettext_noop("volunteer profile"))
    return volunteer


def own_profile(user: Any, *, audit: bool = True) -> Volunteer:
    """The user's own volunteer profile (404 if they have none). The home card reads it without
    an audit entry at each visit of the home page."""
    found = visible(user, Volunteer).select_related("user", "focal_point").filter(user_id=user.pk)
    volunteer = found.first()
    if volunteer is None:
        raise Http404
    if audit:
        record_read(user, volunteer, detail=gettext_noop("own volunteer profile"))
    return volunteer


def own_first_area(user: Any) -> Any:
    """Where a volunteer works (their first area), to start a place picker there rather than
    at the country; None without a profile or areas."""
    volunteer = visible(user, Volunteer).filter(user_id=user.pk).first()
    if volunteer is None:
        return None
    return volunteer.areas.order_by("name_fr").first()


def areas_of(volunteer: Volunteer) -> list[Any]:
    return list(volunteer.areas.select_related("parent").order_by("name_fr"))


def supervision_notes(user: Any, volunteer: Volunteer) -> list[SupervisionNote]:
    """The notes on a volunteer, for their focal point and volunteer managers (never the
    volunteer)."""
    if not reads_supervision_notes(user, volunteer):
        return []
    return list(
        visible(user, SupervisionNote)
        .filter(volunteer_id=volunteer.pk)
        .select_related("author")
        .order_by("-noted_on", "-created_at")
    )


def trainings_of(user: Any, volunteer: Volunteer) -> list[Any]:
    from sutura.meetings.selectors import trainings_of_user

    return list(trainings_of_user(user, volunteer.user))


def assignments_of_mentor(user: Any, mentor_id: Any) -> list[Assignment]:
    """A mentor's assignments the user may see, open ones first."""
    return list(
        visible(user, Assignment)
        .filter(mentor_id=mentor_id)
        .select_related("case", "case__person")
        .order_by(models.F("ended_on").desc(nulls_first=True), "-starts_on")
    )


def assignments_of_case(user: Any, case: Case) -> list[Assignment]:
    """A case's assignments (history), the open one first."""
    return list(
        visible(user, Assignment)
        .filter(case_id=case.pk)
        .select_related("mentor", "assigned_by", "ended_by")
        .order_by(models.F("ended_on").desc(nulls_first=True), "-starts_on")
    )


def assignment_for(user: Any, pk: Any) -> Assignment:
    return get_visible_or_404(
        user, Assignment.objects.select_related("case", "mentor", "case__person"), pk=pk
    )


def assignments_for(user: Any, *, open_only: bool = False) -> models.QuerySet[Assignment]:
    found = visible(user, Assignment).select_related("case", "mentor")
    if open_only:
        found = found.filter(ended_on__isnull=True)
    return found.order_by("-starts_on", "-created_at")


def mentors_to_assign(user: Any, case: Case) -> models.QuerySet[Any]:
    """Active mentors of the case's organisation whose engagement runs today."""
    if case.organisation_id != user.organisation_id:
        return colleagues(user).none()
    today = timezone.localdate()
    return colleagues(user, Role.COMMUNITY_MENTOR).filter(
        mentor_candidates_filter(user.organisation_id, today)
    )


def accounts_without_profile(user: Any) -> models.QuerySet[Any]:
    """Mentor accounts of the user's organisation that have no volunteer profile yet."""
    profiled = visible(user, Volunteer).values("user_id")
    return colleagues(user, Role.COMMUNITY_MENTOR).exclude(pk__in=profiled)


@dataclass(frozen=True)
class AccountHelp:
    """Who opens a volunteer's account, for a page that has no account to offer: the
    administrators who may create accounts (of the user's organisation when it has some,
    else of the platform), and whether the user may do it themselves (the admin's page)."""

    role: Role
    makers: list[Any]
    may_create: bool


def account_help(user: Any, role: Role) -> AccountHelp:
    """Accounts are created by holders of `manage_users` in the administration (the only way
    to create one); a profile can only be opened on an account that exists. Only the user's
    own organisation's administrators are named (with their e-mail): another organisation's
    staff are not listed to them (users see no other organisation's accounts)."""
    if user.organisation_id is None:
        return AccountHelp(role=role, makers=[], may_create=False)
    makers = list(members(user.organisation_id, perm=Perm.MANAGE_USERS)[:5])
    may_create = bool(getattr(user, "is_staff", False)) and can(user, Perm.MANAGE_USERS)
    return AccountHelp(role=role, makers=makers, may_create=may_create)


def focal_points(user: Any) -> models.QuerySet[Any]:
    return colleagues(user, Role.MHPSS_FOCAL_POINT)


# --- the mentor's returnees -------------------------------------------------------------------


@dataclass
class Returnee:
    """What a mentor sees of a returnee: the minimal profile, the assignment, the stage."""

    assignment: Assignment
    case: Case
    facts: StageFacts
    stage: Stage

    @property
    def first_name(self) -> str:
        return self.case.person.given_names

    @property
    def age(self) -> int | None:
        return self.case.person.age()

    @property
    def area(self) -> Any:
        return self.case.person.current_location

    @property
    def phone(self) -> str:
        return self.case.person.phone


def stage_for(user: Any, case: Case) -> Stage:
    """The stage of a case in words, for its mentor or team (404 for anyone else)."""
    return stage_of(case_stage_facts(user, case))


def returnees_of(user: Any) -> list[Returnee]:
    """The returnees assigned to the user now (a mentor), each with the stage of their case."""
    assignments = list(
        visible(user, Assignment)
        .filter(mentor_id=user.pk, ended_on__isnull=True)
        .select_related("case", "case__person", "case__person__current_location")
        .order_by("case__person__given_names", "starts_on")
    )
    found = []
    for assignment in assignments:
        case = assignment.case
        facts = case_stage_facts(user, case)
        found.append(Returnee(assignment, case, facts, stage_of(facts)))
    if found:
        record_list_read(user, what=gettext_noop("mentor's returnees"), searched=False, page=1)
    return found


def returnee_for(user: Any, case_id: Any) -> Returnee:
    """One returnee of the mentor's (404 if not assigned to them now)."""
    assignment = (
        visible(user, Assignment)
        .filter(mentor_id=user.pk, ended_on__isnull=True, case_id=case_id)
        .select_related("case", "case__person", "case__person__current_location")
        .first()
    )
    if assignment is None:
        raise Http404
    case = assignment.case
    record_read(user, case, detail=gettext_noop("mentor's returnee"))
    facts = case_stage_facts(user, case)
    return Returnee(assignment, case, facts, stage_of(facts))


def returnees_count(user: Any) -> int:
    return visible(user, Assignment).filter(mentor_id=user.pk, ended_on__isnull=True).count()


# --- the focal point's assignment page ---------------------------------------------------------


@dataclass
class CaseToGive:
    case: Case
    current: Assignment | None


def cases_to_give_for(user: Any) -> list[CaseToGive]:
    """The cases referred to the focal point by name and those their mentors support, each with
    its open assignment."""
    cases = list(
        cases_to_give(user)
        .select_related("person", "mentor")
        .order_by("-opened_on", "number")[:200]
    )
    current = {
        a.case_id: a
        for a in visible(user, Assignment).filter(
            case_id__in=[c.pk for c in cases], ended_on__isnull=True
        )
    }
    if cases:
        record_list_read(
            user, what=gettext_noop("cases to assign to mentors"), searched=False, page=1
        )
    return [CaseToGive(case, current.get(case.pk)) for case in cases]


def case_to_assign(user: Any, case_id: Any) -> Case:
    """A case the user may give a mentor: one they work on, or one on their assignment page."""
    found = visible(user, Case).filter(pk=case_id).select_related("person").first()
    if found is None:
        found = cases_to_give(user).filter(pk=case_id).select_related("person").first()
    if found is None:
        raise Http404
    record_read(user, found, detail=gettext_noop("mentor assignment"))
    return found


# --- the volunteers' home card and the services near a mentor ----------------------------------


def engaged_count(user: Any) -> tuple[int, int]:
    """(volunteers engaged today, engagements ending within `ENDING_SOON_DAYS`)."""
    today = timezone.localdate()
    engaged = volunteers_for(user, VolunteerFilters(engaged="running"))
    soon = engaged.filter(
        ends_on__isnull=False, ends_on__lte=today + datetime.timedelta(days=ENDING_SOON_DAYS)
    )
    return engaged.count(), soon.count()


def ending_soon(user: Any) -> list[Volunteer]:
    today = timezone.localdate()
    return list(
        volunteers_for(user, VolunteerFilters(engaged="running")).filter(
            ends_on__isnull=False, ends_on__lte=today + datetime.timedelta(days=ENDING_SOON_DAYS)
        )[:5]
    )


def services_near(user: Any, limit: int = 5) -> tuple[list[Service], int]:
    """Active directory services serving the areas of the user's volunteer profile (and how
    many in all)."""
    volunteer = visible(user, Volunteer).filter(user_id=user.pk).first()
    if volunteer is None:
        return [], 0
    ids: set[Any] = set()
    for area in volunteer.areas.all():
        ids.update(
            services_for(user, DirectoryFilters(area=area)).values_list("pk", flat=True)[:500]
        )
    if not ids:
        return [], 0
    found = services_for(user).filter(pk__in=ids)
    return list(found[:limit]), len(ids)


# --- sections of the case's pages ---------------------------------------------------------------


def case_mentor_section(user: Any, case: Case) -> dict[str, Any] | None:
    """The case page's "Community mentor" section: the current mentor, purpose and period,
    the earlier ones, and whether the reader may assign, change or end."""
    history = assignments_of_case(user, case)
    allowed = may_assign(user, case)
    if not history and not allowed:
        return None
    current = next((a for a in history if a.ended_on is None), None)
    past = [a for a in history if a.ended_on is not None]
    return {"current": current, "past": past, "may_assign": allowed}


def case_stage_section(user: Any, case: Case) -> dict[str, Any] | None:
    """The minimal profile's "Where is the file?" section, for the case's mentor."""
    try:
        stage = stage_for(user, case)
    except Http404:
        return None
    assignment = (
        visible(user, Assignment)
        .filter(case_id=case.pk, mentor_id=user.pk, ended_on__isnull=True)
        .first()
    )
    return {"stage": stage, "assignment": assignment}
