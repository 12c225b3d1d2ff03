"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here)."""

from __future__ import annotations

import os

ENUM_NAMES: dict[str, str] = {
    "ResultLevelEnum": "sutura.programmes.models.ResultLevel",
    "BudgetLevelEnum": "sutura.programmes.models.BudgetLevel",
    "TagKindEnum": "sutura.programmes.models.TagKind",
    "ProgrammeIndicatorUnitEnum": "sutura.programmes.models.Unit",
}
SETTINGS: dict[str, object] = {
    # A budget envelope warns when what approved plans committed reaches this share of it
    # (percent), and alerts when it reaches the second (a new programme starts with these; each
    # programme may set its own on its page).
    "SUTURA_BUDGET_WARNING_PERCENT": int(os.environ.get("SUTURA_BUDGET_WARNING_PERCENT", "80")),
    "SUTURA_BUDGET_ALERT_PERCENT": int(os.environ.get("SUTURA_BUDGET_ALERT_PERCENT", "100")),
}
