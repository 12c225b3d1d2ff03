"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here):
`ENUM_NAMES` names the API schema's choice sets, `SETTINGS` the app's own settings (each
read from the environment where a deployment may change it)."""

from __future__ import annotations

import os

ENUM_NAMES: dict[str, str] = {
    "TracingRelationshipEnum": "sutura.tracing.models.Relationship",
    "TracingSourceEnum": "sutura.tracing.models.Source",
    "TracingThroughEnum": "sutura.tracing.models.Through",
    "TracingStatusEnum": "sutura.tracing.models.RequestStatus",
    "TracingOutcomeEnum": "sutura.tracing.models.OUTCOMES",
    "FamilyRecommendationEnum": "sutura.tracing.models.Recommendation",
    "ChildWellBeingEnum": "sutura.tracing.models.WellBeing",
    "PlacementOutcomeEnum": "sutura.tracing.models.PlacementOutcome",
}
SETTINGS: dict[str, object] = {
    # When the follow-up visits after a reunification fall due, counted from its date: a
    # number and a unit (d days, w weeks, m months), comma-separated. Two weeks, one month and
    # three months by default, as the guidance on family reunification of children advises.
    "SUTURA_REUNIFICATION_VISITS": os.environ.get("SUTURA_REUNIFICATION_VISITS", "2w,1m,3m"),
}
