"""The background job that counts a dashboard's figures again (`services.queue_recount`).

It takes the snapshot's id only, and counts as the snapshot's user with the rights the account
has now (`compute_all` reads through `access.*.counted_for` and `visible(user, …)`): an account
deactivated, or no longer opening that dashboard, or whose filters name something it no longer
sees, loses the snapshot instead. On error a code, never a message."""

from __future__ import annotations

import logging
import time
from functools import partial
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from sutura.core.tasks import DEFAULT, failure_recorded
from sutura.dashboards import filters as dashboard_filters
from sutura.dashboards import selectors, services
from sutura.dashboards.sets import sets_for

logger = logging.getLogger(__name__)


@task(queue_name=DEFAULT)
def recount_dashboard(snapshot_id: str) -> dict[str, Any]:
    return recount(snapshot_id)


def recount(snapshot_id: Any) -> dict[str, Any]:
    """Count the snapshot `snapshot_id` again here and now (the job's body)."""
    found = selectors.snapshot_for_worker(snapshot_id)
    if found is None:
        return {"snapshot": str(snapshot_id), "skipped": "gone"}
    user = found.user
    dashboard = next((s for s in sets_for(user) if s.code == found.dashboard), None)
    if not user.is_active or dashboard is None:
        services.forget(found)
        return {"snapshot": str(found.pk), "skipped": "not_allowed"}
    params = QueryDict(mutable=True)
    params.update(found.query)
    filters = dashboard_filters.parse(user, params, dashboard)
    if (
        filters.errors
        or filters.query() != found.query
        or services.query_key(dashboard, found.query) != found.query_key
    ):
        # a filter the account no longer sees (the page would drop it), or panels changed
        services.forget(found)
        return {"snapshot": str(found.pk), "skipped": "filters"}
    started = timezone.now()
    services.recount_started(found, started)
    rights = services.rights_of(user)
    record = partial(services.recount_failed, found)
    clock = time.monotonic()
    with failure_recorded("Dashboard recount", found.pk, record, logger):
        figures = selectors.compute_all(user, dashboard.panels, filters)
    took = round((time.monotonic() - clock) * 1000)
    services.store_recount(found, figures, rights=rights, counted_at=started, count_ms=took)
    return {"snapshot": str(found.pk), "seconds": took / 1000}
