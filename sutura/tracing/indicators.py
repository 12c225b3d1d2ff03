"""The tracing app's indicators (registered in `registration.register()`): one small function
each, over `access.tracing.*_counted_for` (counts over the cases the user may count)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sutura.access.tracing import (
    requests_counted_for,
    reunifications_counted_for,
    visits_counted_for,
)
from sutura.cases.models import CaseType
from sutura.core import indicators
from sutura.core.indicators import Period, Rows
from sutura.tracing.models import RequestStatus

DIMENSIONS = ("sex", "age_group", "admin1", "admin2", "nationality", "organisation", "programme")


def families_traced(user: Any, period: Period) -> Rows:
    """Tracing requests that found the person sought in the period."""
    found = requests_counted_for(user).filter(status=RequestStatus.FOUND)
    return Rows.on_case(found, date="outcome_on")


def children_reunified(user: Any, period: Period) -> Rows:
    """Children (unaccompanied or separated children's cases) reunified in the period, each
    child once."""
    reunified = reunifications_counted_for(user).filter(case__case_type=CaseType.UASC)
    return Rows.on_case(reunified, date="reunified_on", distinct="case__person")


def visits_done(user: Any, period: Period) -> Rows:
    """Follow-up visits after a reunification done in the period."""
    return Rows.on_case(visits_counted_for(user), date="done_on")


SELF = "sutura.tracing.indicators"
INDICATORS = (
    indicators.Indicator(
        code="tracing.families_traced",
        name=_("Families traced (tracing requests that found the person sought)"),
        definition=_(
            "Tracing requests whose outcome, in the period, is that the person was found."
        ),
        compute=f"{SELF}.families_traced",
        dimensions=DIMENSIONS,
    ),
    indicators.Indicator(
        code="tracing.children_reunified",
        name=_("Children reunified with their family"),
        definition=_(
            "Children (unaccompanied or separated children's cases), each once, reunified with "
            "their family in the period."
        ),
        compute=f"{SELF}.children_reunified",
        dimensions=DIMENSIONS,
    ),
    indicators.Indicator(
        code="tracing.visits_done",
        name=_("Follow-up visits done after reunification"),
        definition=_("Follow-up visits after a reunification done in the period."),
        compute=f"{SELF}.visits_done",
        dimensions=DIMENSIONS,
    ),
)
