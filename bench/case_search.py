"""Benchmark: N demo people (default 1,000,000), each with a case; time case search on them.

Builds its own database (`sutura_bench`, on DATABASE_URL's server or the embedded one), so
the demo database is untouched; a second run reuses what is loaded (`seed_demo` only adds what
is missing). Prints:
  - seed_demo --persons N: wall time (people and cases are streamed with COPY);
  - server time of the case list page /cases/ searched by name (exact, misspelt and accented
    spellings), and without a query on page 1 and a deep page, p50 / p95 over R requests,
    in-process with Django's test client (no network), as the demo case manager; also
    searches by case number and by phone, the other two things the search box takes;
  - with --explain, PostgreSQL's EXPLAIN ANALYZE of each search's two queries (rows, count).

    .venv/bin/python bench/case_search.py [--persons 1000000] [--requests 40] [--explain]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable

from harness import load_demo, logged_in_client, report, setup_django, timed_get

SEARCHES = [
    "Ndiaye",
    "N'Diaye",
    "NDIAYE",
    "Mamadu",
    "Traore",
    "Keïta",
    "Kulibali",
    "Jallow",
    "Diop Awa",
    "Fatou Sow",
]
DEEP_PAGE = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each search")
    args = parser.parse_args()
    setup_django()
    from sutura.accounts.models import User
    from sutura.cases.models import Case
    from sutura.cases.selectors import CaseFilters, cases_for
    from sutura.people.models import Person

    elapsed = load_demo(args.persons)
    print(
        f"\nseed_demo --persons {args.persons}: {elapsed:.1f} s; "
        f"{Person.objects.count():,} people, {Case.objects.count():,} cases in the database"
    )
    user = User.objects.get(username="casemanager")
    visible = cases_for(user).count()
    print(f"the case manager sees {visible:,} cases\n")
    client = logged_in_client("casemanager")

    def timed(params: dict[str, str]) -> float:
        return timed_get(client, "/cases/", params)

    timed({})  # warm-up
    for term in SEARCHES:
        timed({"q": term})
    searches = [timed({"q": SEARCHES[i % len(SEARCHES)]}) for i in range(args.requests)]
    report("name search (10 spellings)", searches)
    # Numbers from the newest to the oldest cases, some typed in lower case.
    numbered = cases_for(user).values_list("number", flat=True)
    numbers = [numbered[visible * k // 5] for k in range(5)]
    numbers = [n.lower() if i % 2 else n for i, n in enumerate(numbers)]
    report("case number search", [timed({"q": numbers[i % 5]}) for i in range(args.requests)])
    with_phone = cases_for(user).exclude(person__phone="")
    phones = list(with_phone.values_list("person__phone", flat=True)[2000:2005])
    report("phone search", [timed({"q": phones[i % 5]}) for i in range(args.requests)])
    report("case list, page 1", [timed({}) for _ in range(args.requests)])
    deep = str(DEEP_PAGE)
    report(f"case list, page {deep}", [timed({"page": deep}) for _ in range(args.requests)])
    print("\nper spelling (p50 of 5):")
    for term in SEARCHES:
        samples = [timed({"q": term}) for _ in range(5)]
        matches = cases_for(user, CaseFilters(query=term, sort="relevance")).count()
        print(f"  {term:<12} {statistics.median(samples):7.1f} ms   {matches:>7,} cases")

    if args.explain:
        explain(lambda term: timed({"q": term}))


def explain(run: Callable[[str], float]) -> None:
    """EXPLAIN ANALYZE the queries on cases that one search really runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for term in SEARCHES:
        with CaptureQueriesContext(connection) as captured:
            run(term)
        for query in captured.captured_queries:
            if "cases_case" not in query["sql"] or not query["sql"].startswith("SELECT"):
                continue
            print(f"\n=== {term} ({query['time']} s)\n{query['sql']}")
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
