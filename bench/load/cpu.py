"""CPU time per request of the pages and endpoints the load benchmark uses, in-process.

    .venv/bin/python bench/load/cpu.py [--requests 20] [--profile /api/cases/ --as casemanager]

The machine this runs on is shared, so wall time says little; the CPU time of this process
(Django's side of a request, `time.process_time()`) does not depend on what the other
processes do. PostgreSQL's side is counted apart: the CPU time of the server process serving
this connection (`pg_backend_pid()`, from /proc). With `--profile PATH`, the request is run
under cProfile and the 35 most expensive functions (cumulative) are printed.
Uses the load benchmark's database (`sutura_bench`, built by run.py or people_at_scale.py).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/
from harness import logged_in_client, setup_django

TICK = os.sysconf("SC_CLK_TCK")
# (login, path, query) — the list pages, the home page and the API lists of the load run
REQUESTS = [
    ("casemanager", "/", {}),
    ("casemanager", "/cases/", {}),
    ("casemanager", "/cases/", {"page": "50"}),
    ("casemanager", "/cases/", {"q": "Ndiaye"}),
    ("casemanager", "/people/", {}),
    ("casemanager", "/referrals/sent/", {}),
    ("casemanager", "/api/cases/", {}),
    ("casemanager", "/api/persons/", {}),
    ("casemanager", "/api/follow-ups/", {}),
    ("provider", "/", {}),
    ("provider", "/referrals/", {}),
    ("provider", "/api/referrals/", {}),
    ("mentor", "/api/cases/", {}),
    ("manager", "/", {}),
    ("coordinator", "/directory/", {}),
    ("coordinator", "/nrm/", {}),
]


def backend_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL process serving Django's connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # not on this machine
        return 0.0
    fields = text[text.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def measure(client: Any, path: str, query: dict[str, str], count: int) -> tuple[float, ...]:
    app, db, wall = [], [], []
    for _ in range(count):
        db_before, cpu_before, wall_before = backend_cpu(), time.process_time(), time.perf_counter()
        response = client.get(path, query)
        cpu_after, wall_after = time.process_time(), time.perf_counter()
        assert response.status_code == 200, (path, response.status_code)
        app.append((cpu_after - cpu_before) * 1000)
        wall.append((wall_after - wall_before) * 1000)
        db.append((backend_cpu() - db_before) * 1000)
    return statistics.median(app), statistics.median(db), statistics.median(wall)


def print_queries(client: Any, path: str) -> None:
    """Each SQL query of one request (after a warm-up), slowest first, with its time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    timed = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    print(f"{path}: {len(timed)} queries, {sum(float(q['time']) for q in timed) * 1000:.0f} ms")
    for query in timed:
        print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:1500]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--profile", help="a path to profile (e.g. /api/cases/)")
    parser.add_argument("--as", dest="login", default="casemanager")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--queries", help="a path whose SQL queries to print, slowest first")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection

    # a persistent connection, as gunicorn's workers have with CONN_MAX_AGE
    settings.DATABASES["default"]["CONN_MAX_AGE"] = None
    connection.settings_dict["CONN_MAX_AGE"] = None

    if args.queries:
        print_queries(logged_in_client(args.login), args.queries)
        return
    if args.profile:
        client = logged_in_client(args.login)
        for _ in range(3):
            client.get(args.profile)
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.requests):
            client.get(args.profile)
        profiler.disable()
        stats = pstats.Stats(profiler).strip_dirs().sort_stats(args.sort)
        print(f"{args.profile} as {args.login}, {args.requests} requests (CPU seconds):")
        stats.print_stats(35)
        return

    print(f"{'login':<13}{'request':<26}{'app CPU':>9}{'db CPU':>9}{'wall':>9}   (ms, median)")
    clients: dict[str, Any] = {}
    for login, path, query in REQUESTS:
        client = clients.setdefault(login, logged_in_client(login))
        client.get(path, query)  # warm-up
        app, db, wall = measure(client, path, query, args.requests)
        label = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        print(f"{login:<13}{label:<26}{app:9.1f}{db:9.1f}{wall:9.1f}")


if __name__ == "__main__":
    main()
