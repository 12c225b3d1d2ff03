"""Caseloads and supervision: who supervises which caseload, who reads a supervision note, who
sees a case conference.

- **Supervisors** are the organisation's programme managers (`Perm.SUPERVISE_CASELOADS`). They
  see the caseload of each case manager of their organisation (the active users holding the
  case manager or programme manager role) — counts over `team_cases`, which for them is the
  whole organisation — and reassign its open cases. Nobody else does, and no one ever counts
  or moves another organisation's case.
- A **supervision note** on a case is read by the organisation's supervisors and by the case's
  own case manager, and by nobody else: not another case manager of the organisation who works
  on the case, not its mentor, not another organisation (404, as for a record that does not
  exist). Supervisors write them. Two forms of one rule: `note_filter` for querysets,
  `reads_notes(user, case)` on one case already loaded (no query).
- A **case conference** is a meeting of the context `case_conference` (its id: the case's):
  seen and recorded by the case team only (`team_cases`), like the case itself.
- **Activity** on a case (`active_since`): work recorded with the person — a status move, a
  follow-up (its date), a note or a document added, a screening or a needs assessment (their
  dates), assistance delivered (its date), a referral made. A reassignment, an edit of the
  case's priority, a supervision note and a meeting are not activity: they are about the case,
  not with the person. An open case without activity for `SUTURA_SUPERVISION_INACTIVE_DAYS`
  days is *inactive*. Computed in SQL (one `EXISTS` per kind of record, inside the caseload's
  one aggregate query), never per row.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from sutura.access.accounts import colleagues
from sutura.access.cases import team_cases, works_on
from sutura.access.meetings import ContextRule, register_context
from sutura.access.permissions import can, signed_in
from sutura.access.scopes import register_scope
from sutura.accounts.models import User
from sutura.accounts.roles import Perm, Role
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    CaseDocument,
    CaseNote,
    CaseStatus,
    CaseTransition,
    CaseType,
    FollowUp,
    NeedsAssessment,
    Priority,
    VulnerabilityScreening,
)
from sutura.referrals.models import Referral
from sutura.supervision.models import SupervisionNote
from sutura.trafficking.models import Identification, VictimStatus

CASE_CONFERENCE = "case_conference"
# Who carries a caseload: the roles a case may be assigned to (cases.services.lifecycle).
CASELOAD_ROLES = (Role.CASE_MANAGER, Role.PROGRAMME_MANAGER)
# Children's cases: the screening's flags or the case's type; trafficking cases likewise.
CHILD_FLAGS = ["uasc", "child"]
TRAFFICKING_FLAGS = ["vot"]
OPEN_STATUSES = [status for status in CaseStatus.values if status != CaseStatus.CLOSED]


def supervises(user: Any) -> bool:
    """A supervisor of their organisation's caseloads."""
    return (
        signed_in(user) and user.organisation_id is not None and can(user, Perm.SUPERVISE_CASELOADS)
    )


def supervised_cases(user: Any) -> models.QuerySet[Case]:
    """The cases a supervisor counts and reassigns: their organisation's (through `team_cases`,
    the access layer's one rule for the case team); none for anyone else."""
    return team_cases(user) if supervises(user) else Case.objects.none()


def case_managers(user: Any) -> models.QuerySet[User]:
    """The people whose caseloads a supervisor sees: active colleagues who may hold cases."""
    return colleagues(user, *CASELOAD_ROLES) if supervises(user) else User.objects.none()


def case_manager(user: Any, user_id: Any) -> User | None:
    """One case manager of the supervisor's organisation, or None (another organisation's, a
    deactivated account, a malformed id)."""
    try:
        return case_managers(user).filter(pk=int(user_id)).first()
    except (TypeError, ValueError):
        return None


def former_case_managers(user: Any) -> models.QuerySet[User]:
    """Deactivated accounts of the supervisor's organisation that still hold open cases (someone
    who left): their cases are shown and given to a colleague, never to them."""
    if not supervises(user):
        return User.objects.none()
    holders = open_supervised_cases(user).values("case_manager_id")
    return User.objects.filter(
        pk__in=holders, is_active=False, organisation_id=user.organisation_id
    ).order_by("last_name", "first_name", "username")


def caseload_holder(user: Any, user_id: Any) -> User | None:
    """A caseload the supervisor may open and reassign from: an active case manager of their
    organisation, or a deactivated account of it still holding open cases."""
    found = case_manager(user, user_id)
    if found is not None:
        return found
    try:
        return former_case_managers(user).filter(pk=int(user_id)).first()
    except (TypeError, ValueError):
        return None


# --- supervision notes -------------------------------------------------------------------------


def note_filter(user: Any) -> Q | None:
    """The supervision notes a user reads, as a filter; None: none at all."""
    if not signed_in(user) or user.organisation_id is None or not can(user, Perm.MANAGE_CASES):
        return None
    condition = Q(case__in=team_cases(user))
    if not supervises(user):
        condition &= Q(case__case_manager_id=user.pk)
    return condition


def reads_notes(user: Any, case: Case) -> bool:
    """Does the user read this case's supervision notes? The same rule as `note_filter`."""
    if not works_on(user, case):
        return False
    return supervises(user) or case.case_manager_id == user.pk


def writes_notes(user: Any, case: Case) -> bool:
    """Supervisors write the notes, on the cases of their organisation."""
    return supervises(user) and works_on(user, case)


@register_scope(SupervisionNote)
def _notes(user: Any, queryset: models.QuerySet[SupervisionNote]) -> models.QuerySet[Any]:
    condition = note_filter(user)
    return queryset.none() if condition is None else queryset.filter(condition)


# --- case conferences (a meetings context) ------------------------------------------------------


def _conference_cases(user: Any) -> models.QuerySet[Case] | None:
    if not signed_in(user) or user.organisation_id is None:
        return None
    return team_cases(user)


register_context(ContextRule(CASE_CONFERENCE, sees=_conference_cases, records=_conference_cases))


def opens_conference_case(user: Any, case_id: Any) -> bool:
    """The page of a case conference's context is the case's: for its team only."""
    return team_cases(user).filter(pk=case_id).exists()


# --- the caseload -------------------------------------------------------------------------------


def inactive_cutoff(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def active_since(cutoff: datetime.date) -> Q:
    """Cases with work recorded with the person on or after `cutoff` (see the docstring)."""
    since = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time()))
    case = OuterRef("pk")
    kinds = [
        CaseTransition.objects.filter(case=case, created_at__gte=since),
        FollowUp.objects.filter(case=case, happened_on__gte=cutoff),
        CaseNote.objects.filter(case=case, created_at__gte=since),
        CaseDocument.objects.filter(case=case, created_at__gte=since),
        VulnerabilityScreening.objects.filter(case=case, screened_on__gte=cutoff),
        NeedsAssessment.objects.filter(case=case, assessed_on__gte=cutoff),
        AssistanceDelivery.objects.filter(item__plan__case=case, delivered_on__gte=cutoff),
        Referral.objects.filter(case=case, created_at__gte=since),
    ]
    condition = Q(Exists(kinds[0]))
    for rows in kinds[1:]:
        condition |= Q(Exists(rows))
    return condition


def children_q() -> Q:
    return Q(flags__overlap=CHILD_FLAGS) | Q(case_type=CaseType.UASC)


def trafficking_q() -> Q:
    """A trafficking case: by flag, by type, or by an identification as a victim (a restricted
    one flags nothing: `trafficking.services`). The supervisors who count it are programme
    managers, who read restricted records; the figure is a count, never the record."""
    identified = Identification.objects.filter(
        case_id=OuterRef("pk"), status=VictimStatus.IDENTIFIED
    )
    return (
        Q(flags__overlap=TRAFFICKING_FLAGS)
        | Q(case_type=CaseType.TRAFFICKING)
        | Q(Exists(identified))
    )


def overdue_q(today: datetime.date) -> Q:
    return Q(next_follow_up_on__lt=today)


def figure_conditions(today: datetime.date, days: int) -> dict[str, Q]:
    """Each figure of a caseload row, as a condition on an open case."""
    found: dict[str, Q] = {f"status_{status}": Q(status=status) for status in OPEN_STATUSES}
    found |= {f"priority_{value}": Q(priority=value) for value in Priority.values}
    found |= {
        "overdue": overdue_q(today),
        "inactive": ~active_since(inactive_cutoff(today, days)),
        "children": children_q(),
        "trafficking": trafficking_q(),
    }
    return found


def open_supervised_cases(user: Any) -> models.QuerySet[Case]:
    return supervised_cases(user).filter(status__in=OPEN_STATUSES)


def caseload_counts(user: Any, today: datetime.date, days: int) -> dict[Any, dict[str, int]]:
    """Every figure of every caseload of the supervisor's organisation, in one query: case
    manager id → {"open": n, "status_plan": n, "priority_4": n, "overdue": n, …}."""
    conditions = figure_conditions(today, days)
    rows = (
        open_supervised_cases(user)
        .filter(case_manager__isnull=False)
        .values("case_manager_id")
        .annotate(
            open=Count("pk"),
            **{name: Count("pk", filter=condition) for name, condition in conditions.items()},
        )
        .order_by()
    )
    return {row.pop("case_manager_id"): row for row in rows}


def cases_in_figure(
    user: Any, manager: User, figure: str, today: datetime.date, days: int
) -> models.QuerySet[Case]:
    """The open cases of one caseload behind one figure ("open" for all of them)."""
    cases = open_supervised_cases(user).filter(case_manager_id=manager.pk)
    if figure == "open":
        return cases
    condition = figure_conditions(today, days).get(figure)
    return cases.none() if condition is None else cases.filter(condition)


def reassignable(user: Any, ids: Any) -> models.QuerySet[Case]:
    """The cases among `ids` that the supervisor may move: their organisation's (a closed one
    is refused by the service, with its number)."""
    return supervised_cases(user).filter(pk__in=list(ids))
