"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here)."""

from __future__ import annotations

ENUM_NAMES: dict[str, str] = {
    "IndicatorUnitEnum": "sutura.indicators.api.UNIT_CHOICES",
}
SETTINGS: dict[str, object] = {
    # The age groups of the indicators' disaggregation: (lowest age, highest age or None),
    # computed at the period's end; their codes are "0-4" … "60+".
    "SUTURA_INDICATOR_AGE_GROUPS": ((0, 4), (5, 11), (12, 17), (18, 59), (60, None)),
}
