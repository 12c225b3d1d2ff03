"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here):
`ENUM_NAMES` names the API schema's choice sets, `SETTINGS` the app's own settings (each
read from the environment where a deployment may change it)."""

from __future__ import annotations

import os

ENUM_NAMES: dict[str, str] = {
    "ReturnStatusEnum": "sutura.returns.models.ReturnStatus",
    "ReturnDecisionEnum": "sutura.returns.models.Decision",
    "ReturnTopicEnum": "sutura.returns.models.Topic",
    "ReturnSideEnum": "sutura.returns.models.Side",
    "ReturnFitnessEnum": "sutura.returns.models.Fitness",
    "ReturnEligibilityEnum": "sutura.returns.models.Eligibility",
    "ReturnVulnerabilityEnum": "sutura.returns.models.Vulnerability",
    "TravelDocumentKindEnum": "sutura.returns.models.DocumentKind",
    "TravelDocumentStatusEnum": "sutura.returns.models.DocumentStatus",
    "ReceptionAssistanceEnum": "sutura.returns.models.Assistance",
    "ReturnCancelReasonEnum": "sutura.returns.models.CancelReason",
    # Choice sets of other apps that the return's fields share a name or a set with: named
    # as the schema already named them, so the returns' enums do not rename them.
    "TopicsEnum": "sutura.mentoring.models.activities.Topic",
    "MethodEnum": "sutura.people.models.ConsentMethod",
}
SETTINGS: dict[str, object] = {
    # A return that arrived this many days ago without a reintegration case is flagged (the
    # receiving list and a home card).
    "SUTURA_RETURN_TO_CASE_DAYS": int(os.environ.get("SUTURA_RETURN_TO_CASE_DAYS", "30")),
}
