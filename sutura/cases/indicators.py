"""The cases app's indicators (registered in `CasesConfig.ready()`): one small function each,
over the cases the user may count (`access.cases.cases_counted_for`: counts only, never
rows). The generic counter (`core.indicators`) does the period, scope and disaggregation."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils.translation import gettext_lazy as _

from sutura.access.cases import cases_counted_for
from sutura.core import indicators
from sutura.core.indicators import Period, Rows

CASE_DIMENSIONS = (
    "sex",
    "age_group",
    "admin1",
    "admin2",
    "nationality",
    "organisation",
    "programme",
    "vulnerability",
)
CASE_EXTRA = {"case_type": "case_type", "status": "status"}


def _cases(user: Any, **extra: Any) -> Rows:
    return Rows(
        cases_counted_for(user),
        person="person",
        case="",
        extra={**CASE_EXTRA, **extra},
    )


def registered(user: Any, period: Period) -> Rows:
    """Cases opened in the period."""
    return replace(_cases(user), date="opened_on")


INDICATORS = (
    indicators.Indicator(
        code="cases.registered",
        name=_("Cases registered"),
        definition=_("Cases opened in the period."),
        compute="sutura.cases.indicators.registered",
        dimensions=(*CASE_DIMENSIONS, "case_type", "month", "quarter"),
    ),
)
