"""The children app's indicators (registered in `registrations.register()`): one small function
each, over `access.children.*_counted_for` (counts only). A child is counted once (distinct
case); sex and age group (at the period's end) are the child's."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sutura.access.children import bias_counted_for, bids_counted_for
from sutura.children.models import BidStatus
from sutura.core import indicators
from sutura.core.indicators import Period, Rows

DIMENSIONS = ("sex", "age_group", "admin1", "admin2", "nationality", "organisation", "programme")


def children_assessed(user: Any, period: Period) -> Rows:
    """Children with a best-interests assessment done in the period."""
    return Rows.on_case(bias_counted_for(user), date="assessed_on", distinct="case")


def bids_decided(user: Any, period: Period) -> Rows:
    """Children whose best-interests determination was decided in the period (panel date)."""
    decided = bids_counted_for(user).filter(status=BidStatus.DECIDED)
    return Rows.on_case(decided, date="panel_on", distinct="case")


INDICATORS = (
    indicators.Indicator(
        code="children.bia_completed",
        name=_("Children with a best-interests assessment"),
        definition=_("Children (each once) with a best-interests assessment done in the period."),
        compute="sutura.children.indicators.children_assessed",
        dimensions=DIMENSIONS,
    ),
    indicators.Indicator(
        code="children.bid_decided",
        name=_("Children with a best-interests determination decided"),
        definition=_(
            "Children (each once) whose best-interests determination was decided by the panel "
            "in the period."
        ),
        compute="sutura.children.indicators.bids_decided",
        dimensions=DIMENSIONS,
    ),
)
