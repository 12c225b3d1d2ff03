"""The Reintegration Sustainability Survey: a response is a record kept on a case and follows
it, for its team (`access.cases.works_on` / `team_cases`): the case's organisation's case and
programme staff, or only the assigned case manager where the organisation restricts them (and
programme managers). Not the case's mentor (their minimal view stops at the case), not a
provider, not another organisation.

Both forms: the filter registered for `visible()` and the standing on one response
(`works_on_response`). Figures (`responses_counted_for`) cover the cases
`access.cases.cases_counted_for` counts for the user: aggregates, never rows.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from sutura.access.cases import cases_counted_for, team_cases, works_on
from sutura.access.scopes import register_scope
from sutura.cases.models import PlannedAssistance
from sutura.rss.models import SurveyResponse


@register_scope(SurveyResponse)
def _responses(user: Any, queryset: models.QuerySet[SurveyResponse]) -> models.QuerySet[Any]:
    return queryset.filter(case__in=team_cases(user))


def works_on_response(user: Any, response: SurveyResponse) -> bool:
    """Does the user work on the case of this response? The same rule as the filter."""
    return works_on(user, response.case)


def responses_counted_for(user: Any) -> models.QuerySet[SurveyResponse]:
    """The responses whose scores feed this user's distributions and indicators."""
    return SurveyResponse.objects.filter(case__in=cases_counted_for(user))


def planned_assistance_counted_for(user: Any) -> models.QuerySet[PlannedAssistance]:
    """The assistance planned on the cases the user may count: the type of assistance a
    distribution of scores is broken down by (aggregates only)."""
    return PlannedAssistance.objects.filter(plan__case__in=cases_counted_for(user))
