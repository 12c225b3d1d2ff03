"""The dashboards' figures, counted off the request and kept (`models.DashboardSnapshot`).

A page reads the user's snapshot of the dashboard and filters asked, whatever its age, and says
when it was counted; a snapshot older than `SUTURA_DASHBOARD_REFRESH_SECONDS` is counted again
by the worker (`tasks.recount_dashboard`), at most one job pending per snapshot.

A combination never counted (a new period, region or programme, a user's first visit; or one
counted under other rights) is counted **in the request** only when it is cheap: when the last
counts of that dashboard (the user's own first, else anyone's) took less than
`SUTURA_DASHBOARD_INLINE_MS` (each count keeps its `count_ms`; with no count yet, in the
request). Otherwise the page answers at once: the snapshot's row is made without figures, its
count queued like a recount, and the page shows its panels "being counted" and polls
`views.figures_part` until they are there (`state_of`). A count that no worker has started
after `SUTURA_DASHBOARD_WORKER_WAIT_SECONDS` says so and offers to count in the request
(`count_now`); a failed one says so and offers to count again.

`sweep()` (`manage.py refresh_dashboards`, cron) keeps the default view of each of their
dashboards counted for those who opened one lately, and forgets the rest."""

from __future__ import annotations

import datetime
import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from sutura.core.tasks import enqueue_on_commit
from sutura.dashboards import filters as dashboard_filters
from sutura.dashboards import selectors
from sutura.dashboards.filters import Filters
from sutura.dashboards.models import DashboardSnapshot
from sutura.dashboards.sets import DashboardSet, sets_for

Data = list[dict[str, Any] | None]

# Saying when a snapshot was last shown is worth one write a minute, not one a page.
VIEWED_EVERY = datetime.timedelta(minutes=1)


def refresh_seconds() -> int:
    """How old a snapshot may grow before a page view queues its recount (0: no snapshot,
    every page counts its figures in the request)."""
    return int(getattr(settings, "SUTURA_DASHBOARD_REFRESH_SECONDS", 300))


def inline_ms() -> int:
    """A never-counted combination is counted in the request when the last counts of its
    dashboard took less than this many milliseconds."""
    return int(getattr(settings, "SUTURA_DASHBOARD_INLINE_MS", 250))


def worker_wait() -> datetime.timedelta:
    """How long a queued count may wait for a worker before the page says none seems to run."""
    return datetime.timedelta(
        seconds=int(getattr(settings, "SUTURA_DASHBOARD_WORKER_WAIT_SECONDS", 30))
    )


def active_days() -> int:
    return int(getattr(settings, "SUTURA_DASHBOARD_ACTIVE_DAYS", 7))


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def rights_of(user: Any) -> str:
    """The facts of an account its figures depend on (organisation, roles, whether active or
    superuser, its line manager: `access.feedback.implicated_filter`). A snapshot counted under
    other facts is never shown."""
    return _digest(
        {
            "organisation": user.organisation_id,
            "roles": sorted(getattr(user, "roles", None) or []),
            "active": user.is_active,
            "superuser": user.is_superuser,
            "reports_to": getattr(user, "reports_to_id", None),
        }
    )


def query_key(dashboard: DashboardSet, query: dict[str, str]) -> str:
    """The filters and the dashboard's panels: figures kept for another version of a dashboard
    (a panel added by an upgrade) are never read for this one."""
    return _digest({"query": query, "panels": [panel.key for panel in dashboard.panels]})


@dataclass(frozen=True)
class Counted:
    """A dashboard's figures and when they were counted, for the page."""

    figures: Data | None  # None: not counted yet, the worker is counting them
    counted_at: datetime.datetime | None
    kept: bool  # from a snapshot (a recount may be asked); False: snapshots are off
    recounting: bool = False  # a count is queued or running
    failure: str = ""  # the last count's failure code
    snapshot_id: Any = None  # the snapshot the page polls while its figures are counted
    stalled: bool = False  # queued long ago and never started, or lost: no worker seems to run

    @property
    def waiting(self) -> bool:
        """The page shows its panels "being counted" and polls until they are."""
        return self.figures is None and not (self.failure and not self.recounting)


def counts_in_the_request(actor: Any, dashboard: DashboardSet) -> bool:
    """Is a combination never counted cheap enough to count while the page waits? Yes when the
    slowest of the last counts of this dashboard (the user's own first, else anyone's) took less
    than `SUTURA_DASHBOARD_INLINE_MS`, or when none was ever timed."""
    slowest = selectors.recent_count_ms(actor, dashboard.code)
    return slowest is None or slowest < inline_ms()


def _count(actor: Any, dashboard: DashboardSet, filters: Filters) -> tuple[Data, int]:
    started = time.monotonic()
    figures = selectors.compute_all(actor, dashboard.panels, filters)
    return figures, round((time.monotonic() - started) * 1000)


def counted_figures(
    *, actor: Any, dashboard: DashboardSet, filters: Filters, now: datetime.datetime | None = None
) -> Counted:
    """The figures a page shows: the user's snapshot when there is one (queuing its recount
    when it is older than the refresh interval); otherwise counted now and kept when that is
    cheap (`counts_in_the_request`), else queued for the worker: the page shows the panels being
    counted."""
    now = now or timezone.now()
    if refresh_seconds() <= 0:
        return Counted(selectors.compute_all(actor, dashboard.panels, filters), now, kept=False)
    query = filters.query()
    key = query_key(dashboard, query)
    found = selectors.snapshot_of(actor, dashboard.code, key)
    if found is not None and found.figures is None:  # being counted, or its count failed
        if not found.failure and not _pending(found, now):  # lost with its worker
            queue_recount(found, now, viewed=True)
            found.refresh_from_db()
        return state_of(actor, found, now)
    if found is None or found.rights != rights_of(actor):
        if counts_in_the_request(actor, dashboard):
            figures, took = _count(actor, dashboard, filters)
            _keep(actor, dashboard.code, query, key, figures, counted_at=now, count_ms=took)
            return Counted(figures, now, kept=True)
        found = _to_count(actor, dashboard.code, query, key, found, now)
        queue_recount(found, now, viewed=True)
        found.refresh_from_db()
        return state_of(actor, found, now)
    counted_at = found.counted_at or now  # set with the figures
    recounting = _pending(found, now)
    if not recounting and now - counted_at > datetime.timedelta(seconds=refresh_seconds()):
        recounting = queue_recount(found, now, viewed=True)
    elif found.viewed_at < now - VIEWED_EVERY:
        DashboardSnapshot.objects.filter(pk=found.pk).update(viewed_at=now)
    return Counted(found.figures, counted_at, True, recounting, found.failure, found.pk)


def state_of(actor: Any, found: DashboardSnapshot, now: datetime.datetime | None = None) -> Counted:
    """What the page (and its poll) shows of the user's snapshot `found`: its figures once
    counted under the account's rights, else where its count stands."""
    now = now or timezone.now()
    pending = _pending(found, now)
    if found.figures is not None and found.rights == rights_of(actor):
        counted_at = found.counted_at or now
        return Counted(found.figures, counted_at, True, pending, found.failure, found.pk)
    queued, started = found.recount_queued_at, found.recount_started_at
    never_started = queued is not None and (started is None or started < queued)
    stalled = (not pending and not found.failure) or (
        pending and never_started and queued is not None and now - queued > worker_wait()
    )
    return Counted(None, None, True, pending, found.failure, found.pk, stalled)


def _to_count(
    actor: Any,
    dashboard: str,
    query: dict[str, str],
    key: str,
    found: DashboardSnapshot | None,
    now: datetime.datetime,
) -> DashboardSnapshot:
    """The user's snapshot row for these filters, without figures (made, or its figures of
    other rights dropped): the worker counts it."""
    fresh = {"rights": rights_of(actor), "figures": None, "counted_at": None, "failure": ""}
    if found is not None:
        DashboardSnapshot.objects.filter(pk=found.pk).update(**fresh, viewed_at=now)
        return found
    try:
        with transaction.atomic():
            made, _created = DashboardSnapshot.objects.get_or_create(
                user_id=actor.pk,
                dashboard=dashboard,
                query_key=key,
                defaults={**fresh, "query": query, "viewed_at": now},
            )
    except IntegrityError:  # the same page opened twice at once: the other one made it
        made = DashboardSnapshot.objects.get(user_id=actor.pk, dashboard=dashboard, query_key=key)
    return made


def request_recount(
    *, actor: Any, dashboard: DashboardSet, filters: Filters, now: datetime.datetime | None = None
) -> bool:
    """ "Count again now": the user's snapshot of this dashboard and filters is recounted by the
    worker (unless a recount is already pending). False when there is none: the page counts
    it when opened."""
    found = selectors.snapshot_of(actor, dashboard.code, query_key(dashboard, filters.query()))
    if found is None:
        return False
    now = now or timezone.now()
    return _pending(found, now) or queue_recount(found, now, viewed=True)


def count_now(
    *, actor: Any, dashboard: DashboardSet, filters: Filters, now: datetime.datetime | None = None
) -> Counted | None:
    """ "Count now, in this page": no worker took the count; the user waits for it instead.
    Only then (the page offers it only then): a count a worker has, or one already counted, is
    not counted again in a request (None), however often the button is posted."""
    now = now or timezone.now()
    query = filters.query()
    key = query_key(dashboard, query)
    found = selectors.snapshot_of(actor, dashboard.code, key)
    if found is None or not state_of(actor, found, now).stalled:
        return None
    figures, took = _count(actor, dashboard, filters)
    _keep(actor, dashboard.code, query, key, figures, counted_at=now, count_ms=took, freed=True)
    return Counted(figures, now, kept=True)


def _lost_before(now: datetime.datetime) -> datetime.datetime:
    """A recount queued before this is taken for lost (its worker died): queue another."""
    return now - datetime.timedelta(minutes=int(getattr(settings, "SUTURA_TASK_STALE_MINUTES", 30)))


def _pending(found: DashboardSnapshot, now: datetime.datetime) -> bool:
    queued = found.recount_queued_at
    return queued is not None and queued >= _lost_before(now)


def queue_recount(
    found: DashboardSnapshot, now: datetime.datetime, *, viewed: bool = False
) -> bool:
    """Queue the recount of `found` unless one is pending (decided by the database: two pages
    opened at once queue one job). `viewed`: a page shows it now."""
    from sutura.dashboards import tasks

    seen = {"viewed_at": now} if viewed else {}
    claimed = (
        DashboardSnapshot.objects.filter(pk=found.pk)
        .filter(Q(recount_queued_at__isnull=True) | Q(recount_queued_at__lt=_lost_before(now)))
        .update(recount_queued_at=now, **seen)
    )
    if claimed:
        enqueue_on_commit(tasks.recount_dashboard, str(found.pk))
    return True


def _keep(
    user: Any,
    dashboard: str,
    query: dict[str, str],
    key: str,
    figures: Data,
    *,
    counted_at: datetime.datetime,
    count_ms: int,
    freed: bool = False,
) -> None:
    """Keep figures counted in the request (`freed`: and forget the count queued for them, no
    worker having taken it)."""
    values: dict[str, Any] = {
        "query": query,
        "rights": rights_of(user),
        "figures": figures,
        "counted_at": counted_at,
        "viewed_at": counted_at,
        "failure": "",
        "count_ms": count_ms,
    }
    if freed:
        values["recount_queued_at"] = None
    try:
        with transaction.atomic():
            DashboardSnapshot.objects.update_or_create(
                user_id=user.pk, dashboard=dashboard, query_key=key, defaults=values
            )
    except IntegrityError:  # the same page opened twice at once: the other one kept it
        pass


def recount_started(found: DashboardSnapshot, now: datetime.datetime | None = None) -> None:
    """A worker took the count of `found` (the page stops saying no worker seems to run)."""
    DashboardSnapshot.objects.filter(pk=found.pk).update(recount_started_at=now or timezone.now())


def store_recount(
    found: DashboardSnapshot,
    figures: Data,
    *,
    rights: str,
    counted_at: datetime.datetime,
    count_ms: int | None = None,
) -> None:
    """The worker's new figures for `found`, counted under `rights` in `count_ms`."""
    DashboardSnapshot.objects.filter(pk=found.pk).update(
        figures=figures,
        rights=rights,
        counted_at=counted_at,
        recount_queued_at=None,
        failure="",
        count_ms=count_ms,
    )


def recount_failed(found: DashboardSnapshot, code: str) -> None:
    DashboardSnapshot.objects.filter(pk=found.pk).update(recount_queued_at=None, failure=code)


def forget(found: DashboardSnapshot) -> None:
    DashboardSnapshot.objects.filter(pk=found.pk).delete()


def forget_user(user: Any, *, unless_rights: str | None = None) -> int:
    """Delete a user's snapshots (all of them, or those counted under other rights)."""
    rows = DashboardSnapshot.objects.filter(user_id=user.pk)
    if unless_rights is not None:
        rows = rows.exclude(rights=unless_rights)
    return rows.delete()[0]


def default_filters(user: Any, dashboard: DashboardSet) -> Filters:
    """What the page shows when opened without filters."""
    return dashboard_filters.parse(user, QueryDict(), dashboard)


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """Keep the default view of each dashboard counted for whoever opened one in the last
    `SUTURA_DASHBOARD_ACTIVE_DAYS`: a recount is queued for each such view older than the
    refresh interval. Snapshots not shown for that long, of deactivated accounts, or counted
    under rights an account no longer has, are deleted."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=active_days())
    done = {"forgotten": 0, "queued": 0, "users": 0}
    done["forgotten"] += DashboardSnapshot.objects.filter(viewed_at__lt=since).delete()[0]
    if refresh_seconds() <= 0:
        return done
    stale_before = now - datetime.timedelta(seconds=refresh_seconds())
    for user, last_viewed in list(selectors.recent_viewers(since)):
        if not user.is_active:
            done["forgotten"] += forget_user(user)
            continue
        done["users"] += 1
        done["forgotten"] += forget_user(user, unless_rights=rights_of(user))
        for dashboard in sets_for(user):
            query = default_filters(user, dashboard).query()
            found, _created = DashboardSnapshot.objects.get_or_create(
                user_id=user.pk,
                dashboard=dashboard.code,
                query_key=query_key(dashboard, query),
                defaults={"query": query, "rights": rights_of(user), "viewed_at": last_viewed},
            )
            if found.counted_at is not None and found.counted_at >= stale_before:
                continue
            if not _pending(found, now):
                queue_recount(found, now)
                done["queued"] += 1
    return done
