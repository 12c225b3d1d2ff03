"""Benchmark: load N demo people (default 1,000,000) and time the people pages on them.

Builds its own database (`sutura_bench`, on DATABASE_URL's server or the embedded one), so
the demo database is untouched. Prints:
  - seed_demo --persons N: wall time and rows per second (COPY);
  - server time of the people list page and of name searches, p50 / p95 over R requests,
    measured in-process with Django's test client (no network), as a case manager.

    .venv/bin/python bench/people_at_scale.py [--persons 1000000] [--requests 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = ["Ndiaye", "N'Diaye", "NDIAYE", "Traore", "Keïta", "keita", "Mamadou", "Fatou", "+22177"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(label: str, samples: list[float]) -> None:
    print(
        f"{label:<32} p50 {statistics.median(samples):7.1f} ms   "
        f"p95 {percentile(samples, 0.95):7.1f} ms   (n={len(samples)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("SUTURA_DB_NAME", "sutura_bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sutura.settings.demo"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from sutura.accounts.models import User
    from sutura.people.models import Person

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    call_command("seed_demo", persons=args.persons, quiet_logins=True)
    elapsed = time.monotonic() - started
    call_command("migrate", verbosity=0)
    total = Person.objects.count()
    print(
        f"\nseed_demo --persons {args.persons}: {elapsed:.1f} s; {total:,} people in the database"
    )

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_person")

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="casemanager"))

    def timed(path: str, params: dict[str, str]) -> float:
        begin = time.perf_counter()
        response = client.get(path, params)
        assert response.status_code == 200, response.status_code
        return (time.perf_counter() - begin) * 1000

    timed("/people/", {})  # warm-up
    report("people list, page 1", [timed("/people/", {}) for _ in range(args.requests)])
    report(
        "people list, page 200",
        [timed("/people/", {"page": "200"}) for _ in range(args.requests)],
    )
    report(
        "name / phone search",
        [timed("/people/", {"q": SEARCHES[i % len(SEARCHES)]}) for i in range(args.requests)],
    )


if __name__ == "__main__":
    main()
