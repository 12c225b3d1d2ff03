"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here)."""

from __future__ import annotations

import os

ENUM_NAMES: dict[str, str] = {
    "ExportStatusEnum": "sutura.exports.models.ExportStatus",
    "ExportFormatEnum": "sutura.exports.models.ExportFormat",
}
SETTINGS: dict[str, object] = {
    # How long a finished export's file is kept before the sweep deletes it (days).
    "SUTURA_EXPORT_KEEP_DAYS": int(os.environ.get("SUTURA_EXPORT_KEEP_DAYS", "7")),
    # The most rows one list export writes (a larger list: narrow it with filters).
    "SUTURA_EXPORT_MAX_ROWS": int(os.environ.get("SUTURA_EXPORT_MAX_ROWS", "200000")),
}
