"""Benchmark: the quarterly programme report of one country's programme, with full
disaggregation (every indicator of the report: total, sex × age group, region; the results
framework's actuals; the budget against the envelopes) — what `submit` freezes — then its PDF
and XLSX written from that snapshot. Target (issue 20): the figures in ≤ 2 s with 1,000,000
people with cases, 200,000 referrals and a year of activities loaded.

Builds its own database (`sutura_report_bench`, on DATABASE_URL's server or the embedded one;
`SUTURA_DB_NAME` to change it), loads the demo with N people (each with a case; only what is
missing), adds M referrals as `bench/referrals_at_scale.py` does (only what is missing) and a
year of activities in proportion to N (`bench/activities_at_scale.py`: per million people, 500
mentors' 100,000 activities and 6,000 meetings with their participants; only what is
missing), then VACUUM ANALYZE and times, as the programme manager of AIM-SN (its programme
runs in Senegal), R computations of the report of the last complete quarter and R renderings
of each file.

    .venv/bin/python bench/programme_report.py [--persons 1000000] [--referrals 200000]
        [--requests 5] [--period 2026-Q3] [--no-activities] [--no-load]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import load_demo, percentile, setup_django

DB_NAME = "sutura_report_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--referrals", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--period", default="", help="2026-Q3 (default: the last quarter)")
    parser.add_argument("--no-load", action="store_true", help="use the database as it is")
    parser.add_argument("--no-activities", action="store_true", help="no year of activities")
    args = parser.parse_args()
    os.environ.setdefault("SUTURA_DB_NAME", DB_NAME)
    setup_django()
    import activities_at_scale
    from referrals_at_scale import add_referrals, ensure_database, vacuum_analyze

    ensure_database()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from sutura.accounts.models import User
    from sutura.accounts.roles import Role
    from sutura.cases.demo.stories import PROGRAMMES
    from sutura.cases.models import Case, Programme
    from sutura.meetings.models import Meeting, Participant
    from sutura.mentoring.models import Activity
    from sutura.people.models import Person
    from sutura.programmes import periods
    from sutura.referrals.models import Referral
    from sutura.reports import figures, render
    from sutura.reports.demo import last_quarter
    from sutura.reports.models import ProgrammeReport

    if not args.no_load:
        elapsed = load_demo(args.persons)
        print(f"\nseed_demo --persons {args.persons}: {elapsed:.1f} s")
        if args.referrals:
            started = time.monotonic()
            added = add_referrals(args.referrals)
            print(f"bench referrals: {added:,} added in {time.monotonic() - started:.1f} s")
            vacuum_analyze()
        # As autovacuum leaves them after a while: the visibility map lets the indicators
        # read the people and the cases from their covering indexes alone.
        with connection.cursor() as cursor:
            for model in (Person, Case):
                cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
        if not args.no_activities:
            started = time.monotonic()
            loaded = activities_at_scale.add_activities(args.persons)
            activities_at_scale.vacuum_analyze()
            print(f"a year of activities: {loaded} in {time.monotonic() - started:.1f} s")
    print(
        f"{Case.objects.count():,} cases, {Referral.objects.count():,} referrals, "
        f"{Activity.objects.count():,} mentoring activities, "
        f"{Meeting.objects.filter(status='held').count():,} meetings held with "
        f"{Participant.objects.count():,} named participants"
    )

    acronym = next(iter(PROGRAMMES))
    programme = Programme.objects.get(organisation__acronym=acronym, name=PROGRAMMES[acronym][0])
    manager = (
        User.objects.filter(
            organisation=programme.organisation,
            is_active=True,
            roles__contains=[Role.PROGRAMME_MANAGER],
        )
        .order_by("username")
        .first()
    )
    assert manager is not None
    period = periods.parse(args.period or last_quarter(timezone.localdate()))
    print(
        f"programme {programme.name} ({acronym}), "
        f"{Case.objects.filter(programme=programme).count():,} cases; period {period.code}\n"
    )

    samples, queries, snapshot = [], 0, {}
    for _n in range(args.requests):
        with CaptureQueriesContext(connection) as captured:
            begin = time.perf_counter()
            snapshot = figures.compute(
                manager, programme, period.start, period.end, kind=period.kind
            )
            samples.append((time.perf_counter() - begin) * 1000)
        queries = len(captured)
    tables = sum(len(i["tables"]) for i in snapshot["indicators"])
    _print("report figures (the snapshot)", samples, f"{queries} queries, {tables} tables")

    report = ProgrammeReport(
        programme=programme,
        organisation_id=programme.organisation_id,
        kind="quarterly",
        period=period.code,
        starts_on=period.start,
        ends_on=period.end,
        language="fr",
        summary="Résumé",
        created_by=manager,
    )
    for name, build in (("PDF", render.pdf), ("XLSX", render.xlsx)):
        for language in ("fr", "en"):
            timings, size = [], 0
            for _n in range(args.requests):
                with translation.override(language):
                    begin = time.perf_counter()
                    size = len(build(report, snapshot))
                    timings.append((time.perf_counter() - begin) * 1000)
            _print(f"{name} from the snapshot ({language})", timings, f"{size / 1024:.0f} KB")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


def _print(label: str, samples: list[float], extra: str) -> None:
    print(
        f"{label:<34} p50 {statistics.median(samples):8.1f} ms   "
        f"p95 {percentile(samples, 0.95):8.1f} ms   max {max(samples):8.1f} ms   {extra}"
    )


if __name__ == "__main__":
    main()
