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
    # A combination of filters never counted is counted in the request when the last counts of
    # that dashboard took less than this (milliseconds); otherwise the page answers at once and
    # the worker counts it (`services.counted_figures`).
    "SUTURA_DASHBOARD_INLINE_MS": int(os.environ.get("SUTURA_DASHBOARD_INLINE_MS", "250")),
    # A count queued this many seconds ago that no worker has started: the page says no worker
    # seems to run and offers to count in the request.
    "SUTURA_DASHBOARD_WORKER_WAIT_SECONDS": int(
        os.environ.get("SUTURA_DASHBOARD_WORKER_WAIT_SECONDS", "30")
    ),
    # Whose default views `manage.py refresh_dashboards` keeps counted: those who opened a
    # dashboard in this many days; snapshots not shown for that long are deleted.
    "SUTURA_DASHBOARD_ACTIVE_DAYS": int(os.environ.get("SUTURA_DASHBOARD_ACTIVE_DAYS", "7")),
}
