"""The returns app's indicators (registered in `ReturnsConfig.ready()`): one small function
each, over `access.returns.returns_counted_for`. A return carries its own copy of the
person's sex, birth date and nationality (the departure office's), so it is its own
"person" here; the departing or the receiving organisation owns the figure."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sutura.access.returns import returns_counted_for
from sutura.core import indicators
from sutura.core.indicators import Period, Rows

DIMENSIONS = ("sex", "age_group", "nationality", "organisation")


def departed(user: Any, period: Period) -> Rows:
    """Returns handed over by the user's organisation in the period."""
    rows = returns_counted_for(user).filter(organisation_id=user.organisation_id)
    return Rows(rows, date="handed_over_at__date", person="", extra={"to_country": "to_country"})


def arrivals(user: Any, period: Period) -> Rows:
    """Arrivals received by the user's organisation in the period."""
    rows = returns_counted_for(user).filter(receiving_organisation_id=user.organisation_id)
    return Rows(
        rows,
        date="arrived_on",
        person="",
        organisation="receiving_organisation",
        extra={"from_country": "from_country"},
    )


def days_to_case(user: Any, period: Period) -> Rows:
    """Days from arrival to the reintegration case, for the cases opened in the period."""
    rows = returns_counted_for(user).filter(receiving_organisation_id=user.organisation_id)
    return Rows(
        rows,
        date="reintegration_opened_on",
        person="",
        organisation="receiving_organisation",
        value=("arrived_on", "reintegration_opened_on"),
    )


SELF = "sutura.returns.indicators"
INDICATORS = (
    indicators.Indicator(
        code="returns.departed",
        name=_("Returns departed"),
        definition=_("Assisted returns handed over by the organisation in the period."),
        compute=f"{SELF}.departed",
        dimensions=(*DIMENSIONS, "to_country"),
    ),
    indicators.Indicator(
        code="returns.arrivals",
        name=_("Arrivals received"),
        definition=_("Returnees received on arrival by the organisation in the period."),
        compute=f"{SELF}.arrivals",
        dimensions=(*DIMENSIONS, "from_country"),
    ),
    indicators.Indicator(
        code="returns.days_to_case",
        name=_("Median days from arrival to reintegration case"),
        definition=_(
            "Median of the days from arrival to the opening of the reintegration case, over "
            "the cases opened in the period."
        ),
        compute=f"{SELF}.days_to_case",
        unit="median_days",
        dimensions=DIMENSIONS,
    ),
)
