"""Family tracing and reunification: tracing requests, family assessments, reunifications and
their follow-up visits are records kept on a case, and follow the case for its team
(`access.cases.works_on` / `team_cases`): the case's organisation's case and programme staff,
or only the assigned case manager where the organisation restricts them (and programme
managers). Nobody else: not the case's mentor (their minimal view stops at the case), not a
provider the case was referred to (a referral to a family tracing service shares what its
sections say, through `referrals.sharing`), not another organisation.

Both forms: the filters registered for `visible()` and the standing on one record
(`works_on_record`), which reads the record's case (already loaded or loaded by the caller).
Figures (`requests_counted_for`, `reunifications_counted_for`, `visits_counted_for`) count the
cases `access.cases.cases_counted_for` counts for the user, never rows.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from sutura.access.cases import cases_counted_for, team_cases, works_on
from sutura.access.scopes import register_scope
from sutura.tracing.models import (
    FamilyAssessment,
    Reunification,
    ReunificationVisit,
    TracingRequest,
)

RECORDS = (TracingRequest, FamilyAssessment, Reunification, ReunificationVisit)


def _on_team_cases(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset.filter(case__in=team_cases(user))


for _model in RECORDS:
    register_scope(_model)(_on_team_cases)


def works_on_record(user: Any, record: Any) -> bool:
    """Does the user work on the case this record is kept on? The same rule as the filters."""
    return works_on(user, record.case)


def requests_counted_for(user: Any) -> models.QuerySet[TracingRequest]:
    return TracingRequest.objects.filter(case__in=cases_counted_for(user))


def reunifications_counted_for(user: Any) -> models.QuerySet[Reunification]:
    return Reunification.objects.filter(case__in=cases_counted_for(user))


def visits_counted_for(user: Any) -> models.QuerySet[ReunificationVisit]:
    return ReunificationVisit.objects.filter(case__in=cases_counted_for(user))
