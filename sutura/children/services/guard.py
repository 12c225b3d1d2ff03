"""A child's case reaches no durable decision without a decided best-interests determination:
registered with `cases.services.lifecycle.add_transition_guard` in `ChildrenConfig.ready()`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sutura.cases.models import Case, CaseStatus, ClosureReason
from sutura.cases.services.lifecycle import IllegalTransition
from sutura.children.selectors import has_decided_bid, is_uasc_case

# Closing a child's case on these grounds is a durable decision too.
DURABLE_CLOSURES = frozenset({ClosureReason.SUSTAINABLY_REINTEGRATED, ClosureReason.RETURNED})


def needs_a_bid(case: Case, to_status: str, closure_reason: str) -> bool:
    if not is_uasc_case(case):
        return False
    if to_status == CaseStatus.PLAN:
        return True
    return to_status == CaseStatus.CLOSED and closure_reason in DURABLE_CLOSURES


def durable_decision_guard(actor: Any, case: Case, to_status: str, closure_reason: str) -> None:
    if needs_a_bid(case, to_status, closure_reason) and not has_decided_bid(case):
        raise IllegalTransition(
            _(
                "An unaccompanied or separated child's case needs a decided best-interests "
                "determination (BID) before a durable decision: record the panel's decision "
                "in the Child protection section first."
            )
        )
