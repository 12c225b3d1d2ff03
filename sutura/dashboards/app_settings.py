"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here)."""

from __future__ import annotations

ENUM_NAMES: dict[str, str] = {}
SETTINGS: dict[str, object] = {
    # How long a dashboard's figures are kept (per user, dashboard and filters); 0: never.
    "SUTURA_DASHBOARD_CACHE_SECONDS": 300,
}
