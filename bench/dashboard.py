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
  SN-DK, Dakar);
- "first count": N combinations never counted (a region and a period each), the page as it
  answers them now (`services.counted_figures`: in the request when the dashboard's last counts
  took less than `SUTURA_DASHBOARD_INLINE_MS`, else at once with its panels being counted), and
  "figures there": from the request until the page's poll (`/dashboards/figures/<id>/`, asked
  every 0.25 s here, each poll timed as "poll") answers the figures, a `db_worker` started by
  the bench draining the queue (one combination after the other). The snapshots' first counts
  above are made in the request (the budget lifted), so that they are timed as before.

Then the worker's side: `refresh_dashboards`' sweep for these users and each recount it queued,
run here one after the other (what a `db_worker` spends to keep their default views counted).
The bench deletes the snapshots and jobs it made. Target (issue 20): ≤ 300 ms p95. Run it on an
otherwise idle machine (`uptime`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
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
    parser.add_argument(
        "--no-first", action="store_true", help="skip the never-counted combinations"
    )
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
        if not args.no_first:
            _first_counts(users, period, busiest, args)
    _forget(users)


def _columns(
    client: Any, label: str, params: dict[str, str], args: Any, *, stale: bool = True
) -> None:
    from django.test.utils import override_settings

    from sutura.dashboards.models import DashboardSnapshot

    url = "/dashboards/"
    requests = args.requests
    with override_settings(SUTURA_DASHBOARD_INLINE_MS=10**9):  # in the request, whatever it costs
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


def _first_counts(users: list[Any], period: str, busiest: Any, args: Any) -> None:
    """Combinations never counted, with a `db_worker` draining the queue: the page's answer,
    each poll, and the time until the poll answers the figures."""
    from sutura.dashboards.sets import sets_for
    from sutura.geo.models import Location

    year = period[:4]
    periods = [year, *(f"{year}-Q{q}" for q in (1, 2, 3, 4))]
    regions = [r for r in Location.objects.filter(level=1).order_by("name_fr") if r != busiest]
    worker = _start_worker()
    time.sleep(10)  # the worker's start (Django's set-up) is not a count's wait
    try:
        for user in users:
            client = logged_in_client(user.username)
            for found in sets_for(user):
                combos = [
                    {"set": found.code, "period": periods[i % len(periods)], "admin1": str(r.pk)}
                    for i, r in enumerate(regions)
                ][: args.requests]
                _first_count_columns(client, f"{user.username}/{found.code}", combos)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    _drop_jobs()


def _first_count_columns(client: Any, label: str, combos: list[dict[str, str]]) -> None:
    import re

    answers, polls, ready, inline, failed = [], [], [], 0, 0
    for params in combos:
        began = time.perf_counter()
        response = client.get("/dashboards/", params)
        answers.append((time.perf_counter() - began) * 1000)
        page = response.content.decode()
        poll = re.search(r'hx-get="([^"]+)"', page)
        if poll is None:  # counted in the request
            inline += 1
            ready.append(answers[-1])
            continue
        while True:
            time.sleep(0.25)
            asked = time.perf_counter()
            answer = client.get(poll[1]).content.decode()
            polls.append((time.perf_counter() - asked) * 1000)
            if "data-dash-poll" not in answer:
                failed += 'class="dash-total"' not in answer
                break
            if time.perf_counter() - began > 300:
                failed += 1
                break
        ready.append((time.perf_counter() - began) * 1000)
    report(f"{label} first, page", answers)
    if polls:
        report(f"{label} first, poll", polls)
    report(f"{label} first, figures there", ready)
    print(f"  ({inline} of {len(combos)} counted in the request; {failed} not counted)")


def _start_worker() -> subprocess.Popen[bytes]:
    """A `db_worker` on the bench's database, polling the default queue every 0.1 s."""
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "default",
            "--interval",
            "0.1",
            "--no-startup-delay",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "sutura.settings.demo"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _drop_jobs() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path="sutura.dashboards.tasks.recount_dashboard").delete()


def _forget(users: list[Any]) -> None:
    from sutura.dashboards.models import DashboardSnapshot

    DashboardSnapshot.objects.filter(user__in=users).delete()


if __name__ == "__main__":
    main()
