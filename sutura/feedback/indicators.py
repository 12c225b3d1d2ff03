"""The feedback app's indicators (registered in `FeedbackConfig.ready()`): complaints and
feedback received, over `access.feedback.items_counted_for` (never an item a reader is
implicated in). Sensitive items (sexual exploitation and abuse, fraud) are in none of these
figures: they are counted only on the feedback figures' own line, under their stricter rule
(`feedback/figures.py`). Sex and age band are what the person gave."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.access.feedback import items_counted_for
from sutura.core import indicators
from sutura.core.indicators import Period, Rows
from sutura.feedback.models import Closure, ItemStatus

EXTRA = {
    "sex": "sex",
    "age_band": "age_group",
    "channel": "channel",
    "category": "category__code",
    "status": "status",
}
DIMENSIONS = ("sex", "age_band", "channel", "category", "admin1", "admin2", "organisation")


def received(user: Any, period: Period) -> Rows:
    """Complaints and feedback received in the period (not the sensitive ones)."""
    items = items_counted_for(user).filter(sensitive=False)
    return Rows(items, date="received_at__date", location="location", extra=EXTRA)


def closed_informed(user: Any, period: Period) -> Rows:
    """Of the items closed in the period, the share closed with the person informed."""
    items = items_counted_for(user).filter(sensitive=False, status=ItemStatus.CLOSED)
    return Rows(
        items,
        date="closed_at__date",
        location="location",
        extra=EXTRA,
        numerator=Q(closure=Closure.INFORMED),
    )


SELF = "sutura.feedback.indicators"
INDICATORS = (
    indicators.Indicator(
        code="feedback.received",
        name=_("Complaints and feedback received"),
        definition=_(
            "Complaints and feedback received in the period, from every channel; sensitive "
            "complaints (sexual exploitation and abuse, fraud) are not in this figure."
        ),
        compute=f"{SELF}.received",
        dimensions=(*DIMENSIONS, "status", "month", "quarter"),
    ),
    indicators.Indicator(
        code="feedback.closed_informed",
        name=_("Complaints closed with the person informed"),
        definition=_(
            "Of the complaints and feedback closed in the period (not the sensitive ones), the "
            "percentage closed with the person informed of the answer."
        ),
        compute=f"{SELF}.closed_informed",
        unit="percent",
        dimensions=DIMENSIONS,
    ),
)
