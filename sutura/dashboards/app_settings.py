"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here)."""

from __future__ import annotations

import os

ENUM_NAMES: dict[str, str] = {}
SETTINGS: dict[str, object] = {
    # How old a dashboard's kept figures (per user, dashboard and filters) may grow before a
    # page that shows them queues their recount on the worker; 0: no snapshot, every page
    # counts its figures in the request.
    "SUTURA_DASHBOARD_REFRESH_SECONDS": int(
        os.environ.get("SUTURA_DASHBOARD_REFRESH_SECONDS", "300")
    ),
    # Whose default views `manage.py refresh_dashboards` keeps counted: those who opened a
    # dashboard in this many days; snapshots not shown for that long are deleted.
    "SUTURA_DASHBOARD_ACTIVE_DAYS": int(os.environ.get("SUTURA_DASHBOARD_ACTIVE_DAYS", "7")),
}
