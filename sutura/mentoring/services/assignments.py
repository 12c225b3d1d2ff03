"""Which returnees a mentor supports: assigning a case to a mentor for a purpose and a period,
ending the assignment, and the daily sweep that ends the assignments whose period is over.

The case's `mentor` column is kept here and nowhere else (`cases.services.lifecycle.set_mentor`):
it points at the mentor of the one open assignment, so the access layer reads "is this the
case's mentor?" off the case row."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access.mentoring import (
    assignments_of_ended_engagements,
    cases_with_unrecorded_mentor,
    expired_assignments,
    may_assign,
    open_assignment_of_case,
    open_assignments_of_mentor,
    volunteer_of,
)
from sutura.accounts.roles import Role
from sutura.cases.models import Case, CaseStatus
from sutura.cases.services.lifecycle import set_mentor
from sutura.core.locking import locked
from sutura.mentoring.models import Assignment, AssignmentEnd, AssignmentPurpose
from sutura.notifications.messages import Text, choice
from sutura.notifications.services import notify
from sutura.people.consent import ConsentMissing, require_consent
from sutura.people.models import ConsentPurpose


def _check_mentor(case: Case, mentor: Any, starts_on: date, ends_on: date) -> None:
    if (
        mentor.organisation_id != case.organisation_id
        or not mentor.is_active
        or Role.COMMUNITY_MENTOR not in mentor.roles
    ):
        raise ValidationError(
            {"mentor": _("Choose an active community mentor of the organisation.")}
        )
    volunteer = volunteer_of(mentor)
    if volunteer is None:
        raise ValidationError(
            {"mentor": _("This mentor has no volunteer profile yet: open one first.")}
        )
    if not volunteer.engaged_on(starts_on):
        raise ValidationError({"mentor": _("This mentor's engagement does not run on that day.")})
    if volunteer.ends_on is not None and ends_on > volunteer.ends_on:
        raise ValidationError(
            {"ends_on": _("The period goes past the end of the mentor's engagement.")}
        )


@transaction.atomic
def assign_mentor(
    *,
    actor: Any,
    case: Case,
    mentor: Any,
    purpose: str,
    ends_on: date,
    starts_on: date | None = None,
    note: str = "",
) -> Assignment:
    """Give a returnee (their case) to a mentor for a purpose and a period. A mentor already on
    the case hands over: their assignment ends ("another mentor took over")."""
    if not may_assign(actor, case):
        raise PermissionDenied
    case = locked(case)
    today = timezone.localdate()
    starts_on = starts_on or today
    if starts_on > today:
        raise ValidationError({"starts_on": _("An assignment starts today or earlier.")})
    if ends_on < today:
        raise ValidationError({"ends_on": _("The period must run at least until today.")})
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("This case is closed: reopen it before assigning a mentor."))
    _check_mentor(case, mentor, starts_on, ends_on)
    try:  # a volunteer reads the person's name and phone: only with their consent in force
        require_consent(case.person, ConsentPurpose.REGISTRATION)
    except ConsentMissing as missing:
        raise ValidationError(str(missing)) from missing
    current = open_assignment_of_case(case)
    if current is not None:
        if current.mentor_id == mentor.pk:
            raise ValidationError(
                {"mentor": _("This mentor already supports this returnee: change the period.")}
            )
        _close(actor, current, AssignmentEnd.REPLACED, today)
    assignment = Assignment(
        case=case,
        mentor=mentor,
        organisation_id=case.organisation_id,
        purpose=purpose,
        note=note,
        starts_on=starts_on,
        ends_on=ends_on,
        assigned_by=actor,
    )
    assignment.full_clean()
    assignment.save()
    set_mentor(case=case, mentor=mentor)
    notify(
        [mentor],
        Text(
            gettext_noop("A returnee was assigned to you: %(purpose)s"),
            purpose=choice(AssignmentPurpose(purpose)),
        ),
        link=reverse("cases:detail", kwargs={"case_id": case.pk}),
    )
    return assignment


@transaction.atomic
def change_period(
    *, actor: Any, assignment: Assignment, expected_version: int, ends_on: date, purpose: str = ""
) -> Assignment:
    """Extend or shorten an open assignment (or change its purpose)."""
    if not may_assign(actor, assignment.case) or not assignment.is_open:
        raise PermissionDenied
    assignment = locked(assignment)
    if assignment.version != expected_version:
        raise ValidationError(_("This assignment was changed meanwhile: reload it."))
    if ends_on < max(assignment.starts_on, timezone.localdate()):
        raise ValidationError({"ends_on": _("The period must run at least until today.")})
    volunteer = volunteer_of(assignment.mentor)
    if volunteer is not None and volunteer.ends_on is not None and ends_on > volunteer.ends_on:
        raise ValidationError(
            {"ends_on": _("The period goes past the end of the mentor's engagement.")}
        )
    assignment.ends_on = ends_on
    assignment.purpose = purpose or assignment.purpose
    assignment.version += 1
    assignment.full_clean()
    assignment.save(update_fields=["ends_on", "purpose", "version", "updated_at"])
    return assignment


def _close(actor: Any, assignment: Assignment, reason: str, day: date) -> Assignment:
    """`actor` None: the daily sweep."""
    assignment.ended_on = max(day, assignment.starts_on)
    assignment.end_reason = reason
    assignment.ended_by = actor
    assignment.version += 1
    assignment.save(update_fields=["ended_on", "end_reason", "ended_by", "version", "updated_at"])
    case = locked(assignment.case)
    if case.mentor_id == assignment.mentor_id:
        set_mentor(case=case, mentor=None)
    return assignment


@transaction.atomic
def end_assignment(
    *, actor: Any, assignment: Assignment, reason: str, ended_on: date | None = None
) -> Assignment:
    """End a mentor's support of a returnee: from today the mentor sees them no more."""
    if not may_assign(actor, assignment.case):
        raise PermissionDenied
    assignment = locked(assignment)
    if not assignment.is_open:
        raise ValidationError(_("This assignment has already ended."))
    ended_on = ended_on or timezone.localdate()
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("An assignment ends today or earlier.")})
    return _close(actor, assignment, reason, ended_on)


def end_open_assignments_of(*, actor: Any, mentor: Any, reason: str) -> int:
    """End every open assignment of a mentor (their engagement ended)."""
    count = 0
    for assignment in open_assignments_of_mentor(mentor):
        _close(actor, locked(assignment), reason, timezone.localdate())
        count += 1
    return count


def cap_open_assignments_of(*, mentor: Any, last_day: date) -> int:
    """A mentor's engagement ends on `last_day`: no open assignment runs past it."""
    count = 0
    for assignment in open_assignments_of_mentor(mentor):
        if assignment.ends_on > last_day:
            capped = locked(assignment)
            capped.ends_on = max(last_day, capped.starts_on)
            capped.version += 1
            capped.save(update_fields=["ends_on", "version", "updated_at"])
            count += 1
    return count


@transaction.atomic
def end_expired_assignments(*, today: date | None = None) -> int:
    """The daily sweep (`manage.py end_mentor_assignments`): assignments whose period is over
    end, so the mentor stops seeing the returnee the day after the period; so do those of a
    mentor whose engagement is over."""
    today = today or timezone.localdate()
    count = 0
    for assignment in assignments_of_ended_engagements(today):
        ended = locked(assignment)
        _close(None, ended, AssignmentEnd.VOLUNTEER_LEFT, today)
        count += 1
    for assignment in expired_assignments(today):
        ended = locked(assignment)
        _close(None, ended, AssignmentEnd.PERIOD_OVER, ended.ends_on)
        count += 1
    return count


def record_pointers(*, default_days: int = 90) -> int:
    """Record an assignment for every case that points at a mentor without one (purpose
    "other", from the day the case opened, for `default_days` from today), so the mentor's
    returnees and the history agree. Run by the demo; migration 0002 did the same once."""
    today = timezone.localdate()
    count = 0
    for case in cases_with_unrecorded_mentor():
        Assignment(
            case=case,
            mentor=case.mentor,
            organisation_id=case.organisation_id,
            purpose=AssignmentPurpose.OTHER,
            starts_on=min(case.opened_on, today),
            ends_on=today + timedelta(days=default_days),
            assigned_by=case.case_manager,
        ).save()
        count += 1
    return count


@transaction.atomic
def end_for_case(*, case: Case, reason: str) -> int:
    """The case closed or the person withdrew their consent: its open assignment ends today
    and the mentor sees the returnee no more (run by `mentoring.signals`)."""
    current = open_assignment_of_case(case)
    if current is None:
        return 0
    _close(None, locked(current), reason, timezone.localdate())
    return 1
