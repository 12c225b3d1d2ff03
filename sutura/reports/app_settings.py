"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here)."""

from __future__ import annotations

ENUM_NAMES: dict[str, str] = {}
SETTINGS: dict[str, object] = {}
