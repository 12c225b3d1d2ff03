"""Benchmark: load N demo people (default 1,000,000) and time the people pages on them.

Builds its own database (`sutura_bench`, on DATABASE_URL's server or the embedded one), so
the demo database is untouched. Prints:
  - seed_demo --persons N: wall time (rows are streamed with COPY);
  - server time of the people list page and of name searches, p50 / p95 over R requests,
    measured in-process with Django's test client (no network), as a case manager.

    .venv/bin/python bench/people_at_scale.py [--persons 1000000] [--requests 40]
"""

from __future__ import annotations

import argparse

from harness import load_demo, logged_in_client, report, setup_django, timed_get

SEARCHES = [
    "Ndiaye",
    "N'Diaye",
    "NDIAYE",
    "Traore",
    "Keïta",
    "keita",
    "Mamadou",
    "Fatou",
    "77 123 45 67",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    setup_django()
    from sutura.people.models import Person

    elapsed = load_demo(args.persons)
    print(
        f"\nseed_demo --persons {args.persons}: {elapsed:.1f} s; {Person.objects.count():,} people"
    )
    client = logged_in_client("casemanager")
    timed_get(client, "/people/", {})  # warm-up
    report("people list, page 1", [timed_get(client, "/people/", {}) for _ in range(args.requests)])
    report(
        "people list, page 200",
        [timed_get(client, "/people/", {"page": "200"}) for _ in range(args.requests)],
    )
    report(
        "name / phone search",
        [
            timed_get(client, "/people/", {"q": SEARCHES[i % len(SEARCHES)]})
            for i in range(args.requests)
        ],
    )


if __name__ == "__main__":
    main()
