"""Opening, editing and moving a case through its workflow (an explicit state machine)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.access.cases import require_works_on
from sutura.access.people import require_works_on_person
from sutura.accounts.roles import Perm, Role
from sutura.cases.models import (
    Case,
    CaseNumberCounter,
    CaseStatus,
    CaseTransition,
    ClosureReason,
    NeedsAssessment,
    PlanStatus,
    ReintegrationPlan,
    TransitionCause,
    VulnerabilityScreening,
)
from sutura.cases.selectors import on_case
from sutura.core.concurrency import save_versioned
from sutura.core.counters import next_value
from sutura.core.locking import locked
from sutura.people.consent import require_consent
from sutura.people.models import ConsentPurpose, Person
from sutura.people.services import require_not_anonymised

S = CaseStatus
# The workflow, readable at a glance: from each status, where a case may go next.
TRANSITIONS: dict[str, set[str]] = {
    S.REGISTERED: {S.SCREENING, S.CLOSED},
    S.SCREENING: {S.ASSESSMENT, S.CLOSED},
    S.ASSESSMENT: {S.PLAN, S.CLOSED},
    S.PLAN: {S.ASSISTANCE, S.CLOSED},
    S.ASSISTANCE: {S.MONITORING, S.CLOSED},
    S.MONITORING: {S.CLOSED},
    S.CLOSED: set(),  # reopen_case() brings it back, with a reason
}


class IllegalTransition(ValidationError):
    pass


# What apps above cases require before a move (a child's best-interests determination before a
# durable decision…): each guard is `guard(actor, case, to_status, closure_reason)` and raises
# `IllegalTransition` with the user's message. Registered in the app's `AppConfig.ready()`.
TransitionGuard = Callable[[Any, Case, str, str], None]
_GUARDS: list[TransitionGuard] = []


def add_transition_guard(guard: TransitionGuard) -> None:
    if guard not in _GUARDS:
        _GUARDS.append(guard)


def _check_assignee(organisation_id: Any, user: Any, field: str, roles: set[Role]) -> None:
    """A case manager or mentor must be an active colleague holding that role."""
    if user is None:
        return
    if user.organisation_id != organisation_id or not user.is_active or not roles & set(user.roles):
        raise ValidationError({field: _("Choose an active colleague who holds this role.")})


def _check_assignees(actor: Any, data: dict[str, Any]) -> None:
    roles = {Role.CASE_MANAGER, Role.PROGRAMME_MANAGER}
    _check_assignee(actor.organisation_id, data.get("case_manager"), "case_manager", roles)


def next_case_number(country_code: str, year: int) -> str:
    """SN-2026-000123: a gap-free counter per country and year, safe under concurrency."""
    number = next_value(CaseNumberCounter, country_code=country_code, year=year)
    return f"{country_code}-{year}-{number:06d}"


@transaction.atomic
def open_case(
    *,
    actor: Any,
    person: Person,
    case_type: str,
    opened_on: date | None = None,
    case_manager: Any = None,
    programme: Any = None,
) -> Case:
    """Open a case for a person; needs their consent to registration and processing."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on_person(actor, person)
    require_not_anonymised(person)
    _check_assignees(actor, {"case_manager": case_manager})
    consent = require_consent(person, ConsentPurpose.REGISTRATION)
    opened_on = opened_on or timezone.localdate()
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("A case cannot open in the future.")})
    country = actor.organisation.country.iso_code or "XX"
    case = Case(
        person=person,
        organisation_id=actor.organisation_id,
        number=next_case_number(country, opened_on.year),
        case_type=case_type,
        case_manager=case_manager or actor,
        programme=programme,
        opened_on=opened_on,
        registration_consent=consent,
    )
    case.full_clean()
    case.save()
    CaseTransition.objects.create(
        case=case, from_status="", to_status=S.REGISTERED, actor=actor, cause=TransitionCause.OPENED
    )
    return case


EDITABLE = ("case_manager", "programme", "priority", "risk_level", "case_type")


def set_mentor(*, case: Case, mentor: Any) -> Case:
    """Point the case at its current mentor (or none). The mentoring app's assignment
    services are the only callers: they check who may assign, record the purpose and the
    period, and hold the case's row lock."""
    _check_assignee(case.organisation_id, mentor, "mentor", {Role.COMMUNITY_MENTOR})
    case.mentor = mentor
    case.version += 1
    case.save(update_fields=["mentor", "version", "updated_at"])
    return case


@transaction.atomic
def update_case(*, actor: Any, case: Case, expected_version: int, **data: Any) -> Case:
    """Change who works on the case and how urgent it is; refused if the case changed since."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    _check_assignees(actor, data)
    changed = [name for name in EDITABLE if name in data]
    for name in changed:
        setattr(case, name, data[name])
    case.full_clean()
    return save_versioned(case, expected_version=expected_version, fields=changed)


def _guard(
    actor: Any, case: Case, to_status: str, closure_reason: str, closed_on: date | None
) -> None:
    if to_status not in TRANSITIONS.get(case.status, set()):
        raise IllegalTransition(
            _("A case in “%(current)s” cannot move to “%(target)s”.")
            % {"current": S(case.status).label, "target": S(to_status).label},
            code="illegal_transition",
        )
    if to_status == S.ASSESSMENT and not on_case(actor, VulnerabilityScreening, case).exists():
        raise IllegalTransition(_("Record the vulnerability screening first."))
    if to_status == S.PLAN and not on_case(actor, NeedsAssessment, case).exists():
        raise IllegalTransition(_("Record the needs assessment first."))
    if to_status == S.ASSISTANCE:
        plan = on_case(actor, ReintegrationPlan, case).first()
        if plan is None or plan.status != PlanStatus.APPROVED:
            raise IllegalTransition(_("The reintegration plan must be approved first."))
    if to_status == S.CLOSED:
        if closure_reason not in ClosureReason.values:
            raise ValidationError({"closure_reason": _("Choose why the case is closed.")})
        if closed_on is None or closed_on < case.opened_on:
            raise ValidationError({"closed_on": _("A case cannot close before it opened.")})
        if closed_on > timezone.localdate():
            raise ValidationError({"closed_on": _("A case cannot close in the future.")})
    for guard in _GUARDS:
        guard(actor, case, to_status, closure_reason)


@transaction.atomic
def move_case(
    *,
    actor: Any,
    case: Case,
    to_status: str,
    reason: str = "",
    closure_reason: str = "",
    closed_on: date | None = None,
    cause: str = "",
) -> Case:
    """Move the case to its next status (or close it); illegal moves are refused clearly."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    case = locked(case)
    if to_status == S.CLOSED:
        closed_on = closed_on or timezone.localdate()
    _guard(actor, case, to_status, closure_reason, closed_on)
    previous = case.status
    case.status = to_status
    fields = ["status"]
    if to_status == S.CLOSED:
        case.closure_reason, case.closed_on = closure_reason, closed_on
        fields += ["closure_reason", "closed_on"]
    save_versioned(case, expected_version=case.version, fields=fields)
    CaseTransition.objects.create(
        case=case,
        from_status=previous,
        to_status=to_status,
        actor=actor,
        reason=reason,
        cause=cause,
    )
    return case


@transaction.atomic
def reopen_case(*, actor: Any, case: Case, reason: str) -> Case:
    """Reopen a closed case where it was before closing; the reason is mandatory."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    case = locked(case)
    if case.status != S.CLOSED:
        raise IllegalTransition(_("Only a closed case can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    closings = on_case(actor, CaseTransition, case).filter(to_status=S.CLOSED)
    last = closings.order_by("-created_at").first()
    back_to = last.from_status if last and last.from_status else S.MONITORING
    case.status, case.closed_on, case.closure_reason = back_to, None, ""
    save_versioned(
        case, expected_version=case.version, fields=["status", "closed_on", "closure_reason"]
    )
    CaseTransition.objects.create(
        case=case, from_status=S.CLOSED, to_status=back_to, actor=actor, reason=reason
    )
    return case
