"""The community app's indicators (registered in `CommunityConfig.ready()`): the communities'
action plans validated and the actions they hold, over what the user sees (`access.visible`;
action plans are no one's personal data). A community's programmes tag its figures."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.community.models import ActionPlan, PlanStatus, Recommendation
from sutura.core import indicators
from sutura.core.indicators import Period, Rows

DIMENSIONS = ("admin1", "admin2", "organisation", "programme")


def action_plans_validated(user: Any, period: Period) -> Rows:
    """Community action plans validated (at a meeting held) in the period."""
    plans = visible(user, ActionPlan).filter(status=PlanStatus.VALIDATED)
    return Rows(
        plans,
        date="validated_at__starts_at__date",
        organisation="community__organisation",
        location="community__location",
        programme="community__programmes",
        distinct="pk",  # a community may be tagged with several programmes
    )


def actions_planned(user: Any, period: Period) -> Rows:
    """Actions of validated community action plans starting in the period, by status."""
    actions = visible(user, Recommendation).filter(plan__status=PlanStatus.VALIDATED)
    return Rows(
        actions,
        date="starts_on",
        organisation="plan__community__organisation",
        location="plan__community__location",
        programme="plan__community__programmes",
        distinct="pk",
        extra={"status": "status"},
    )


SELF = "sutura.community.indicators"
INDICATORS = (
    indicators.Indicator(
        code="community.action_plans_validated",
        name=_("Community action plans validated"),
        definition=_("Community action plans validated at a consultation held in the period."),
        compute=f"{SELF}.action_plans_validated",
        dimensions=(*DIMENSIONS, "quarter", "year"),
    ),
    indicators.Indicator(
        code="community.actions_planned",
        name=_("Actions of community action plans"),
        definition=_(
            "Actions of the validated community action plans that start in the period, by "
            "their status today."
        ),
        compute=f"{SELF}.actions_planned",
        dimensions=(*DIMENSIONS, "status"),
    ),
)
