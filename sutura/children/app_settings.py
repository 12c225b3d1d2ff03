"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here):
`ENUM_NAMES` names the API schema's choice sets, `SETTINGS` the app's own settings (each
read from the environment where a deployment may change it)."""

from __future__ import annotations

ENUM_NAMES: dict[str, str] = {
    "ChildStatusEnum": "sutura.children.models.ChildStatus",
    "CareKindEnum": "sutura.children.models.CareKind",
    "CareCheckOutcomeEnum": "sutura.children.models.CheckOutcome",
    "BidQuestionEnum": "sutura.children.models.BidQuestion",
    "BidDecisionEnum": "sutura.children.models.BidDecision",
    "BidStatusEnum": "sutura.children.models.BidStatus",
}
SETTINGS: dict[str, object] = {}
