"""The indicator this app feeds: victims of trafficking identified in a period (presumed or
identified; a case counted once), by status, sex and age group at the period's end. Counts
over the user's organisation only (`access.trafficking.identifications_counted_for`: the
cases `access.cases.cases_counted_for` counts — M&E officers and programme managers)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sutura.access.trafficking import identifications_counted_for
from sutura.core import indicators
from sutura.core.indicators import Period, Rows
from sutura.trafficking.models import VictimStatus


def victims_identified(user: Any, period: Period) -> Rows:
    rows = identifications_counted_for(user).filter(
        status__in=[VictimStatus.PRESUMED, VictimStatus.IDENTIFIED]
    )
    return Rows(
        rows,
        date="identified_on",
        person="case__person",
        case="case",
        organisation="case__organisation",
        distinct="case",
        extra={"status": "status"},
    )


INDICATORS = (
    indicators.Indicator(
        code="trafficking.victims_identified",
        name=_("Victims of trafficking identified (presumed or identified)"),
        definition=_(
            "Cases (each once) identified in the period as presumed or identified victims of "
            "trafficking; by status, a case identified twice counts under each status."
        ),
        compute="sutura.trafficking.indicators.victims_identified",
        dimensions=(
            "sex",
            "age_group",
            "admin1",
            "admin2",
            "nationality",
            "organisation",
            "programme",
            "status",
        ),
    ),
)
