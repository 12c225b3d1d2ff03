"""The dashboards page, timed: p50 / p95 of the server time over N requests per dashboard.

    .venv/bin/python bench/dashboard.py [--db sutura_bench] [--requests 40]
        [--period 2026-Q3] [--persons N]

On the database `--db` (default `sutura_bench`, the one the other benchmarks load at a million
people; on DATABASE_URL's server, or the embedded PostgreSQL when that is unset). `--persons N`
first loads the demo at that size (only what is missing); without it the database is used as
it is. For each demo user with a dashboard (meofficer, manager, coordinator) and each of their
dashboards, it times the page (Django test client, in-process, no network):

- "cold": the figures cache off (`SUTURA_DASHBOARD_CACHE_SECONDS=0`), every request computes
  every panel (one GROUP BY each) — the worst case, what a first visit costs;
- "warm": the cache on, the same filters again (what the rest of the few minutes cost);
- "cold, region": cold again, filtered by one region (`--region`, default SN-DK, Dakar).

Target (issue 20): ≤ 300 ms p95. Run it on an otherwise idle machine (`uptime`).
"""

from __future__ import annotations

import argparse
import os

from harness import load_demo, logged_in_client, report, setup_django, timed_get

USERS = ("meofficer", "manager", "coordinator")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sutura_bench")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--period", default="")
    parser.add_argument("--persons", type=int, default=0)
    parser.add_argument("--region", default="SN-DK", help="ISO code of the admin1 filtered")
    args = parser.parse_args()
    os.environ["SUTURA_DB_NAME"] = args.db
    setup_django()

    from django.conf import settings
    from django.core.cache import cache
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
    url = "/dashboards/"
    with override_settings(ALLOWED_HOSTS=["*"]):
        for username in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                print(f"{username}: no such user (load the demo: --persons N)")
                continue
            for found in sets_for(user):
                client = logged_in_client(username)
                params = {"set": found.code, "period": period}
                with override_settings(SUTURA_DASHBOARD_CACHE_SECONDS=0):
                    timed_get(client, url, params)  # the first request warms the process
                    cold = [timed_get(client, url, params) for _ in range(args.requests)]
                report(f"{username}/{found.code} cold", cold)
                cache.clear()
                timed_get(client, url, params)
                warm = [timed_get(client, url, params) for _ in range(args.requests)]
                report(f"{username}/{found.code} warm", warm)
                if busiest is not None:
                    region = {**params, "admin1": str(busiest.pk)}
                    with override_settings(SUTURA_DASHBOARD_CACHE_SECONDS=0):
                        samples = [timed_get(client, url, region) for _ in range(args.requests)]
                    report(f"{username}/{found.code} cold, region", samples)


if __name__ == "__main__":
    main()
