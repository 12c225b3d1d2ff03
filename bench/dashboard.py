"""The dashboards page, timed: p50 / p95 of the server time over N requests per dashboard.

    .venv/bin/python bench/dashboard.py [--db sutura_bench] [--requests 40]
        [--period 2026-Q3] [--persons N] [--region SN-DK] [--no-cold]

On the database `--db` (default `sutura_bench`, the one the other benchmarks load at a million
people; on DATABASE_URL's server, or the embedded PostgreSQL when that is unset). `--persons N`
first loads the demo at that size (only what is missing); without it the database is used as
it is (it must hold the dashboards' migration). For each demo user with a dashboard
(meofficer, manager, coordinator) and each of their dashboards, it times the page (Django test
client, in-process, no network):

- "snapshot": the figures kept (`DashboardSnapshot`, counted less than
  `SUTURA_DASHBOARD_REFRESH_SECONDS` ago) — what users get;
- "snapshot, stale": the figures kept but older than the interval: the page shows them and
  queues their recount (one UPDATE and one job row; the job is deleted, never run here);
- "cold": no snapshot (`SUTURA_DASHBOARD_REFRESH_SECONDS=0`), every request counts every panel
  (one GROUP BY each) — what a never-counted combination costs, the old "cache off";
- "snapshot, region" and "cold, region": the same filtered by one region (`--region`, default
  SN-DK, Dakar).

Then the worker's side: `refresh_dashboards`' sweep for these users and each recount it queued,
run here one after the other (what a `db_worker` spends to keep their default views counted).
The bench deletes the snapshots and jobs it made. Target (issue 20): ≤ 300 ms p95. Run it on an
otherwise idle machine (`uptime`).
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from harness import load_demo, logged_in_client, report, setup_django, timed_get

USERS = ("meofficer", "manager", "coordinator")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sutura_bench")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--period", default="")
    parser.add_argument("--persons", type=int, default=0)
    parser.add_argument("--region", default="SN-DK", help="ISO code of the admin1 filtered")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold columns")
    args = parser.parse_args()
    os.environ["SUTURA_DB_NAME"] = args.db
    setup_django()

    from django.conf import settings
    from django.test.utils import override_settings
    from django.utils import timezone

    from sutura.accounts.models import User
    from sutura.dashboards.sets import sets_for
    from sutura.geo.models import Location

    if args.persons:
        print(f"seed_demo --persons {args.persons}: {load_demo(args.persons):.0f} s")
    period = args.period or f"{timezone.localdate().year}"
    regions = Location.objects.filter(level=1)
    busiest = regions.filter(iso_code=args.region).first() or regions.order_by("name_fr").first()
    print(f"database {settings.DATABASES['default']['NAME']}, period {period}")
    users = [u for u in (User.objects.filter(username=name).first() for name in USERS) if u]
    _forget(users)
    with override_settings(ALLOWED_HOSTS=["*"], SUTURA_DASHBOARD_REFRESH_SECONDS=300):
        for user in users:
            for found in sets_for(user):
                client = logged_in_client(user.username)
                label = f"{user.username}/{found.code}"
                params = {"set": found.code, "period": period}
                _columns(client, label, params, args)
                if busiest is not None:
                    region = {**params, "admin1": str(busiest.pk)}
                    _columns(client, f"{label}, region", region, args, stale=False)
        _worker(users)
    _forget(users)


def _columns(
    client: Any, label: str, params: dict[str, str], args: Any, *, stale: bool = True
) -> None:
    from django.test.utils import override_settings

    from sutura.dashboards.models import DashboardSnapshot

    url = "/dashboards/"
    requests = args.requests
    timed_get(client, url, params)  # counts and keeps the snapshot (and warms the process)
    kept = [timed_get(client, url, params) for _ in range(requests)]
    report(f"{label} snapshot", kept)
    if stale:
        samples = []
        for _ in range(requests):
            _age(DashboardSnapshot.objects.all())
            samples.append(timed_get(client, url, params))
        report(f"{label} snapshot, stale", samples)
        _drop_jobs()
    if not args.no_cold:
        with override_settings(SUTURA_DASHBOARD_REFRESH_SECONDS=0):
            cold = [timed_get(client, url, params) for _ in range(requests)]
        report(f"{label} cold", cold)


def _age(rows: Any) -> None:
    import datetime

    from django.utils import timezone

    old = timezone.now() - datetime.timedelta(hours=1)
    rows.update(counted_at=old, recount_queued_at=None)


def _worker(users: list[Any]) -> None:
    """The sweep for these users, then each recount it queued, one after the other."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from sutura.dashboards import services, tasks
    from sutura.dashboards.models import DashboardSnapshot

    _age(DashboardSnapshot.objects.filter(user__in=users))
    began = time.perf_counter()
    with transaction.atomic():
        done = services.sweep()
    swept = time.perf_counter() - began
    jobs = DBTaskResult.objects.filter(task_path="sutura.dashboards.tasks.recount_dashboard")
    times = []
    for job in jobs:
        began = time.perf_counter()
        tasks.recount(job.args_kwargs["args"][0])
        times.append(time.perf_counter() - began)
    print(
        f"sweep: {swept * 1000:.0f} ms for {done['users']} users, {done['queued']} recounts queued;"
        f" the recounts: {sum(times):.1f} s in all"
        + (f", {min(times):.1f}–{max(times):.1f} s each" if times else "")
    )
    _drop_jobs()


def _drop_jobs() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path="sutura.dashboards.tasks.recount_dashboard").delete()


def _forget(users: list[Any]) -> None:
    from sutura.dashboards.models import DashboardSnapshot

    DashboardSnapshot.objects.filter(user__in=users).delete()


if __name__ == "__main__":
    main()
