"""Writes of the trafficking records: each takes the acting user first, checks that they work on
the case (and, to keep a record restricted, that they may read restricted records), and writes
in one transaction (the audit log in it).

Nothing here, nor anywhere else, reads the person's decision about cooperating with law
enforcement to give or refuse anything: assistance never depends on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.access.cases import require_works_on
from sutura.access.trafficking import may_keep_restricted, reads
from sutura.accounts.roles import Perm
from sutura.cases.models import Case, Vulnerability
from sutura.cases.services.screening import flag_case
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.trafficking.models import (
    Answer,
    Authority,
    Confidentiality,
    CooperationDecision,
    Identification,
    IndicatorChecklist,
    IndicatorItem,
    LawEnforcementCooperation,
    Level,
    RiskAssessment,
    SafetyMeasure,
    SafetyPlan,
    VictimStatus,
)


def current_checklist() -> IndicatorChecklist:
    """The checklist version in use (reference data, seeded by migration 0002)."""
    checklist = IndicatorChecklist.objects.filter(is_current=True).first()
    if checklist is None:
        raise ValidationError(_("No trafficking indicator checklist is in use."))
    return checklist


def _check_common(
    actor: Any, case: Case, on: date | None, field: str, confidentiality: str
) -> date:
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if on < case.opened_on:
        raise ValidationError({field: _("The date cannot be before the case opened.")})
    if confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose who may read this record.")})
    if confidentiality == Confidentiality.RESTRICTED and not may_keep_restricted(actor, case):
        raise ValidationError(
            {
                "confidentiality": _(
                    "Only the case's manager or a programme manager can keep this record "
                    "restricted: choose the case team, or ask them to record it."
                )
            }
        )
    return on


@transaction.atomic
def record_identification(
    *,
    actor: Any,
    case: Case,
    answers: Mapping[str, str],
    status: str,
    identified_on: date | None = None,
    authority: str = "",
    notes: str = "",
    confidentiality: str = Confidentiality.RESTRICTED,
) -> Identification:
    """Record the identification checklist answered about the person and its result. An
    identified victim flags the case as a victim of trafficking, which makes it
    urgent and alerts the focal points as a screening does."""
    identified_on = _check_common(actor, case, identified_on, "identified_on", confidentiality)
    checklist = current_checklist()
    keys = set(IndicatorItem.objects.filter(checklist=checklist).values_list("key", flat=True))
    unknown = set(answers) - keys
    if unknown:
        raise ValidationError({"answers": _("Answer only the items of the checklist.")})
    if any(value not in Answer.values for value in answers.values()):
        raise ValidationError({"answers": _("Answer each item by yes, no or unknown.")})
    if status not in VictimStatus.values:
        raise ValidationError({"status": _("Choose the resulting status.")})
    if authority and authority not in Authority.values:
        raise ValidationError({"authority": _("Choose an authority from the list.")})
    if status != VictimStatus.NOT_A_VICTIM and Answer.YES not in answers.values():
        raise ValidationError(
            {
                "status": _(
                    "A presumed or identified victim has at least one indicator answered yes."
                )
            }
        )
    if status == VictimStatus.IDENTIFIED and not authority and not notes.strip():
        raise ValidationError(
            {"authority": _("Say which authority identified the person, or explain in the notes.")}
        )
    # Answers kept for every item of the version, unanswered ones as unknown.
    full = {key: answers.get(key, Answer.UNKNOWN) for key in sorted(keys)}
    identification = Identification.objects.create(
        case=case,
        checklist=checklist,
        answers=full,
        status=status,
        identified_on=identified_on,
        authority=authority,
        notes=notes,
        confidentiality=confidentiality,
        recorded_by=actor,
    )
    if status == VictimStatus.IDENTIFIED:
        # A restricted identification must not tell the case team through the case's flag
        # (case page, export, a referral's categories): the case only becomes urgent.
        flag_case(
            actor=actor,
            case=case,
            categories=[Vulnerability.VOT],
            record_flags=confidentiality != Confidentiality.RESTRICTED,
        )
    return identification


def _check_levels(levels: dict[str, str]) -> None:
    for field, value in levels.items():
        if value not in Level.values:
            raise ValidationError({field: _("Choose low, medium or high.")})


def _check_plan(plan: dict[str, Any], today: date) -> dict[str, Any]:
    measures = sorted(set(plan.get("measures") or []))
    if set(measures) - set(SafetyMeasure.values):
        raise ValidationError({"measures": _("Choose measures from the list.")})
    text = (plan.get("measures_text") or "").strip()
    if not measures and not text:
        raise ValidationError({"measures": _("Name at least one safety measure.")})
    if SafetyMeasure.OTHER in measures and not text:
        raise ValidationError({"measures_text": _("Describe the other measure.")})
    review_on = plan.get("review_on")
    if review_on is None:
        raise ValidationError({"review_on": _("Set a date to review the safety plan.")})
    if review_on < today:
        raise ValidationError({"review_on": _("The review date cannot be in the past.")})
    return {
        "measures": measures,
        "measures_text": plan.get("measures_text") or "",
        "safe_contacts": plan.get("safe_contacts") or "",
        "relocation": plan.get("relocation") or "",
        "review_on": review_on,
    }


@transaction.atomic
def assess_risk(
    *,
    actor: Any,
    case: Case,
    re_trafficking: str,
    trafficker_threats: str,
    family_risk: str,
    assessed_on: date | None = None,
    details: str = "",
    confidentiality: str = Confidentiality.RESTRICTED,
    safety_plan: dict[str, Any] | None = None,
) -> RiskAssessment:
    """Record a risk assessment and, with it, the safety plan agreed with the person. A high
    risk needs a safety plan."""
    assessed_on = _check_common(actor, case, assessed_on, "assessed_on", confidentiality)
    levels = {
        "re_trafficking": re_trafficking,
        "trafficker_threats": trafficker_threats,
        "family_risk": family_risk,
    }
    _check_levels(levels)
    plan = _check_plan(safety_plan, assessed_on) if safety_plan else None
    if plan is None and Level.HIGH in levels.values():
        raise ValidationError(
            {"measures": _("A high risk needs a safety plan: name its measures.")}
        )
    assessment = RiskAssessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        details=details,
        confidentiality=confidentiality,
        recorded_by=actor,
        **levels,
    )
    if plan is not None:
        SafetyPlan.objects.create(assessment=assessment, **plan)
    return assessment


@transaction.atomic
def update_safety_plan(
    *, actor: Any, plan: SafetyPlan, expected_version: int, **changes: Any
) -> SafetyPlan:
    """Change the safety plan (its measures, contacts, relocation, next review)."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, plan.assessment.case)
    if not reads(actor, plan):
        raise PermissionDenied
    checked = _check_plan(
        {
            "measures": plan.measures,
            "measures_text": plan.measures_text,
            "safe_contacts": plan.safe_contacts,
            "relocation": plan.relocation,
            "review_on": plan.review_on,
        }
        | changes,
        timezone.localdate(),
    )
    for name, value in checked.items():
        setattr(plan, name, value)
    return save_versioned(plan, expected_version=expected_version, fields=list(checked))


@transaction.atomic
def record_cooperation(
    *,
    actor: Any,
    case: Case,
    decision: str,
    decided_on: date | None = None,
    notes: str = "",
    confidentiality: str = Confidentiality.RESTRICTED,
) -> LawEnforcementCooperation:
    """Record the person's own decision about cooperating with law enforcement, as they gave it
    (the latest counts; they may change their mind at any time). It changes nothing else:
    assistance never depends on it."""
    decided_on = _check_common(actor, case, decided_on, "decided_on", confidentiality)
    if decision not in CooperationDecision.values:
        raise ValidationError({"decision": _("Choose the person's decision.")})
    return LawEnforcementCooperation.objects.create(
        case=case,
        decision=decision,
        decided_on=decided_on,
        notes=notes,
        confidentiality=confidentiality,
        recorded_by=actor,
    )


Record = Identification | RiskAssessment | LawEnforcementCooperation


@transaction.atomic
def set_confidentiality(
    *, actor: Any, record: Record, confidentiality: str, expected_version: int
) -> Record:
    """Open a record to the case team, or restrict it again: for those who read restricted
    records of the case (its manager, the programme managers)."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, record.case)
    if not may_keep_restricted(actor, record.case):
        raise PermissionDenied(
            _("Only the case's manager or a programme manager can change who reads this record.")
        )
    if confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose who may read this record.")})
    record = locked(record)
    record.confidentiality = confidentiality
    return save_versioned(record, expected_version=expected_version, fields=["confidentiality"])
