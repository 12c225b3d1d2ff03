"""The referrals app's indicators (registered in `ReferralsConfig.ready()`): one small function
each, over `access.referrals.referrals_counted_for` — the whole mechanism for its coordinators
(their figures are other organisations': the small-number rule applies), the referrals one's
organisation made or received otherwise. Drafts are nobody's figures.

Each is disaggregated by the need (`category`), the provider (the receiving organisation),
the urgency, and the person's sex, age group, place and nationality."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sutura.access.referrals import referrals_counted_for
from sutura.core import indicators
from sutura.core.indicators import Period, Rows
from sutura.referrals.models import ReferralStatus

DIMENSIONS = (
    "sex",
    "age_group",
    "admin1",
    "admin2",
    "nationality",
    "organisation",
    "programme",
    "vulnerability",
    "category",
    "provider",
    "urgency",
)
EXTRA = {"category": "category", "provider": "to_organisation", "urgency": "urgency"}
ACCEPTED = Q(answered_at__isnull=False, decline_reason="")  # accepted, or later


def _referrals(user: Any, date: str | None, **rest: Any) -> Rows:
    return Rows.on_case(
        referrals_counted_for(user),
        organisation="from_organisation",
        # The referring organisation's: a referral received brings the person's and the
        # case's facts (flags, programme, age, place) that it did not share with the
        # receiver, so the receiver reads them under the small-number rule.
        owners=("from_organisation",),
        date=date,
        extra=EXTRA,
        **rest,
    )


def _narrowed(rows: Rows, condition: Q) -> Rows:
    return replace(rows, queryset=rows.queryset.filter(condition))


def made(user: Any, period: Period) -> Rows:
    """Referrals sent in the period."""
    return _referrals(user, "sent_at__date")


def accepted(user: Any, period: Period) -> Rows:
    """Referrals accepted in the period (answered without a decline)."""
    return _narrowed(_referrals(user, "answered_at__date"), ACCEPTED)


def declined(user: Any, period: Period) -> Rows:
    """Referrals declined in the period."""
    return _narrowed(_referrals(user, "answered_at__date"), Q(status=ReferralStatus.DECLINED))


def completed(user: Any, period: Period) -> Rows:
    """Referrals completed (the service given) in the period."""
    return _narrowed(_referrals(user, "ended_at__date"), Q(status=ReferralStatus.COMPLETED))


def overdue(user: Any, period: Period) -> Rows:
    """Referrals whose answer fell due in the period and that were not answered in time."""
    late = Q(answered_at__isnull=True) | Q(answered_at__gt=F("respond_by"))
    return _narrowed(_referrals(user, "respond_by__date"), late)


def days_to_acknowledgement(user: Any, period: Period) -> Rows:
    """Days from sending to the receiver's acknowledgement, for referrals sent in the period."""
    return _referrals(user, "sent_at__date", value=("sent_at", "received_at"))


def days_to_acceptance(user: Any, period: Period) -> Rows:
    """Days from sending to acceptance, for referrals sent in the period and accepted."""
    rows = _referrals(user, "sent_at__date", value=("sent_at", "answered_at"))
    return _narrowed(rows, ACCEPTED)


def feedback_rate(user: Any, period: Period) -> Rows:
    """Of the referrals completed in the period, the share whose receiver wrote feedback to
    the referrer."""
    rows = _referrals(user, "ended_at__date", numerator=~Q(feedback=""))
    return _narrowed(rows, Q(status=ReferralStatus.COMPLETED))


SELF = "sutura.referrals.indicators"


def _indicator(code: str, name: Any, definition: Any, unit: str = "count") -> Any:
    return indicators.Indicator(
        code=f"referrals.{code}",
        name=name,
        definition=definition,
        compute=f"{SELF}.{code}",
        unit=unit,
        dimensions=(*DIMENSIONS, "month", "quarter") if unit == "count" else DIMENSIONS,
    )


INDICATORS = (
    _indicator("made", _("Referrals made"), _("Referrals sent in the period (drafts are not).")),
    _indicator(
        "accepted",
        _("Referrals accepted"),
        _("Referrals the receiver accepted in the period (answered without declining)."),
    ),
    _indicator("declined", _("Referrals declined"), _("Referrals declined in the period.")),
    _indicator(
        "completed",
        _("Referrals completed"),
        _("Referrals completed in the period: the receiver recorded the service's outcome."),
    ),
    _indicator(
        "overdue",
        _("Referrals answered late or not at all"),
        _(
            "Referrals whose answer was due in the period and that were not answered by the "
            "deadline."
        ),
    ),
    _indicator(
        "days_to_acknowledgement",
        _("Median days to acknowledgement"),
        _(
            "Median of the days from sending to the receiver's acknowledgement, over the "
            "referrals sent in the period and acknowledged."
        ),
        "median_days",
    ),
    _indicator(
        "days_to_acceptance",
        _("Median days to acceptance"),
        _(
            "Median of the days from sending to acceptance, over the referrals sent in the "
            "period and accepted."
        ),
        "median_days",
    ),
    _indicator(
        "feedback_rate",
        _("Referral feedback rate"),
        _(
            "Of the referrals completed in the period, the percentage whose receiver wrote "
            "feedback to the referrer."
        ),
        "percent",
    ),
)
