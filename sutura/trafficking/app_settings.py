"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here):
`ENUM_NAMES` names the API schema's choice sets, `SETTINGS` the app's own settings (each
read from the environment where a deployment may change it)."""

from __future__ import annotations

ENUM_NAMES: dict[str, str] = {
    "TraffickingStatusEnum": "sutura.trafficking.models.VictimStatus",
    "TraffickingRiskLevelEnum": "sutura.trafficking.models.Level",
    "TraffickingConfidentialityEnum": "sutura.trafficking.models.Confidentiality",
    "CooperationDecisionEnum": "sutura.trafficking.models.CooperationDecision",
    "IndicatorAnswerEnum": "sutura.trafficking.models.Answer",
    "IndicatorGroupEnum": "sutura.trafficking.models.IndicatorGroup",
    "IdentifyingAuthorityEnum": "sutura.trafficking.models.Authority",
    "SafetyMeasureEnum": "sutura.trafficking.models.SafetyMeasure",
}
SETTINGS: dict[str, object] = {}
