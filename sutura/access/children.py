"""Unaccompanied and separated children: who sees a child's profile, care arrangements and
checks, best-interests assessments (BIA) and determinations (BID) and their panels.

These records follow the case, for its team only (`access.cases.works_on` / `team_cases`): the
programme managers and case managers of the organisation holding the case (only the cases
assigned to them where the organisation says so). A community mentor, who sees the case as a
minimal profile, sees none of them; another organisation sees nothing (a referral shares only
the sections ticked, through `referrals.sharing`); M&E officers count them
(`children_counted_for`), row by row never.

Both forms of the rule: the filter (`child_records_filter`, applied by `visible()`) and the
standing on one record already loaded (`works_on_child_record`), from the record's case.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from sutura.access.cases import team_cases, works_on, works_on_filter
from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.cases.models import Case
from sutura.children.models import (
    BestInterestsAssessment,
    BestInterestsDetermination,
    CareArrangement,
    CareCheck,
    ChildProfile,
    PanelMember,
)

CHILD_RECORDS = (
    ChildProfile,
    CareArrangement,
    CareCheck,
    BestInterestsAssessment,
    BestInterestsDetermination,
    PanelMember,
)


def child_records_filter(user: Any) -> Q | None:
    """The child records a user sees (on the cases they work on in full); None: none."""
    if works_on_filter(user) is None:
        return None
    return Q(case__in=team_cases(user))


def works_on_child_record(user: Any, record: Any) -> bool:
    """The standing on one record: its case's team. `record.case` is loaded by the caller."""
    return works_on(user, record.case)


def _child_records(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    condition = child_records_filter(user)
    return queryset.none() if condition is None else queryset.filter(condition)


for _model in CHILD_RECORDS:
    register_scope(_model)(_child_records)


def children_counted_for(user: Any) -> models.QuerySet[Case]:
    """The cases whose children's figures feed this user's indicators (aggregates only)."""
    if user.organisation_id is None or not can(user, Perm.VIEW_INDICATORS):
        return Case.objects.none()
    return Case.objects.filter(organisation_id=user.organisation_id)


def bias_counted_for(user: Any) -> models.QuerySet[BestInterestsAssessment]:
    return BestInterestsAssessment.objects.filter(case__in=children_counted_for(user))


def bids_counted_for(user: Any) -> models.QuerySet[BestInterestsDetermination]:
    return BestInterestsDetermination.objects.filter(case__in=children_counted_for(user))


def decided_bids_of_case(case: Case) -> models.QuerySet[BestInterestsDetermination]:
    """The decided determinations of one case, for the transition guard and the apps that ask
    `has_decided_bid` (returns, tracing): a yes/no about the case, never rows to a reader."""
    return BestInterestsDetermination.objects.filter(case_id=case.pk, status="decided")
