"""Reintegration plans: items, submission, approval above a threshold, assistance delivered."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require, visible
from sutura.access.accounts import members
from sutura.access.cases import require_works_on
from sutura.accounts.roles import Perm, Role
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    PlanDecision,
    PlannedAssistance,
    PlanStatus,
    ReintegrationPlan,
)
from sutura.cases.models.plan import MINOR_UNITS, Currency
from sutura.cases.selectors import needs_approval
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.notifications.messages import Text
from sutura.notifications.services import notify

EDITABLE_STATUSES = {PlanStatus.DRAFT, PlanStatus.RETURNED}


def plan_for_case(*, actor: Any, case: Case) -> ReintegrationPlan:
    """The case's plan, started (empty, a draft) if it has none yet."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    found = visible(actor, ReintegrationPlan).filter(case=case).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return ReintegrationPlan.objects.create(case=case)
    except IntegrityError:  # started meanwhile by another request: one plan per case
        return visible(actor, ReintegrationPlan).get(case=case)


def _check_amount(amount: Decimal, currency: str) -> None:
    if currency not in Currency.values:
        raise ValidationError({"currency": _("Choose XOF, XAF or EUR.")})
    if amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    exponent = amount.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals > MINOR_UNITS[Currency(currency)]:
        raise ValidationError(
            {
                "amount": _("%(currency)s has no cents: write a whole amount.")
                % {"currency": currency}
            }
        )


@transaction.atomic
def add_item(
    *,
    actor: Any,
    plan: ReintegrationPlan,
    dimension: str,
    kind: str,
    amount: Decimal,
    currency: str,
    description: str = "",
    provider: str = "",
    planned_on: date | None = None,
) -> PlannedAssistance:
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, plan.case)
    _lock(plan)  # an item and a submission of the same plan wait for each other
    if plan.status not in EDITABLE_STATUSES:
        raise ValidationError(_("An approved or submitted plan cannot be changed."))
    _check_amount(Decimal(amount), currency)
    item = PlannedAssistance(
        plan=plan,
        dimension=dimension,
        kind=kind,
        amount=amount,
        currency=currency,
        description=description,
        provider=provider,
        planned_on=planned_on,
    )
    item.full_clean()
    item.save()
    return item


def _lock(plan: ReintegrationPlan) -> None:
    locked(plan)
    plan.refresh_from_db()


@transaction.atomic
def submit_plan(*, actor: Any, plan: ReintegrationPlan, expected_version: int) -> ReintegrationPlan:
    """Submit the plan: above the threshold it waits for a programme manager; below, the
    submission approves it (recorded as such)."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, plan.case)
    _lock(plan)
    if plan.status not in EDITABLE_STATUSES:
        raise ValidationError(_("This plan has already been submitted."))
    if not visible(actor, PlannedAssistance).filter(plan=plan).exists():
        raise ValidationError(_("Add at least one planned assistance item first."))
    plan.submitted_at = timezone.now()
    if needs_approval(plan):
        plan.status = PlanStatus.SUBMITTED
        save_versioned(plan, expected_version=expected_version, fields=["status", "submitted_at"])
        case = plan.case
        notify(
            members(case.organisation_id, Role.PROGRAMME_MANAGER),
            Text(gettext_noop("Plan of case %(number)s awaits your approval"), number=case.number),
            Text(gettext_noop("The plan is above the approval threshold.")),
            link=reverse("cases:plan", args=[case.pk]),
        )
        return plan
    plan.status = PlanStatus.APPROVED
    save_versioned(plan, expected_version=expected_version, fields=["status", "submitted_at"])
    PlanDecision.objects.create(
        plan=plan, decision=PlanDecision.Decision.APPROVED_UNDER_THRESHOLD, actor=actor
    )
    return plan


@transaction.atomic
def decide_plan(
    *, actor: Any, plan: ReintegrationPlan, approve: bool, comments: str, expected_version: int
) -> ReintegrationPlan:
    """A programme manager approves the plan, or returns it with comments."""
    require(actor, Perm.APPROVE_PLANS)
    case = plan.case
    if case.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a plan awaiting approval can be approved or returned."))
    if not approve and not comments.strip():
        raise ValidationError({"comments": _("Say what must change before approval.")})
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.RETURNED
    save_versioned(plan, expected_version=expected_version, fields=["status"])
    decision = PlanDecision.Decision.APPROVED if approve else PlanDecision.Decision.RETURNED
    PlanDecision.objects.create(plan=plan, decision=decision, comments=comments, actor=actor)
    if case.case_manager_id:
        notify(
            [case.case_manager],
            Text(
                gettext_noop("Plan of case %(number)s approved")
                if approve
                else gettext_noop("Plan of case %(number)s returned"),
                number=case.number,
            ),
            Text("%(comments)s", comments=comments) if comments else None,
            link=reverse("cases:plan", args=[case.pk]),
        )
    return plan


@transaction.atomic
def record_delivery(
    *,
    actor: Any,
    item: PlannedAssistance,
    delivered_on: date,
    amount: Decimal,
    reference: str = "",
    notes: str = "",
) -> AssistanceDelivery:
    """Record assistance delivered against an approved plan item, within its planned amount."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, item.plan.case)
    item = locked(item, "plan")
    if item.plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Assistance can be recorded only against an approved plan."))
    _check_amount(Decimal(amount), item.currency)
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("The date cannot be in the future.")})
    delivered = visible(actor, AssistanceDelivery).filter(item=item)
    already = delivered.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if already + Decimal(amount) > item.amount:
        raise ValidationError(
            {
                "amount": _("This would disburse %(total)s of %(planned)s planned.")
                % {"total": already + Decimal(amount), "planned": item.amount}
            }
        )
    return AssistanceDelivery.objects.create(
        item=item,
        delivered_on=delivered_on,
        amount=amount,
        reference=reference,
        notes=notes,
        recorded_by=actor,
    )
