"""What the audit log's hash chain costs per entry.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/sutura_bench_audit \
        .venv/bin/python bench/audit_chain.py --entries 3000 --threads 4

Writes entries through `sutura.audit.services.record()`, each in its own transaction (the
way a read of a person's file is audited), with the chain's trigger on and then off, one
writer and then several at once, and prints the mean time per entry. Connect as a superuser
or the tables' owner (switching the trigger off needs it). It migrates its database first;
the entries it writes stay there (drop the database afterwards).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sutura.settings.dev")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from sutura.audit.chain import verify  # noqa: E402
from sutura.audit.models import Action  # noqa: E402
from sutura.audit.services import record  # noqa: E402


def _write(count: int, label: str) -> None:
    for n in range(count):
        record(Action.READ, username="bench", detail=f"{label} {n}", ip_address="10.0.0.1")


def _writer(count: int, label: str) -> None:
    try:
        _write(count, label)
    finally:
        connections.close_all()


def _run(entries: int, threads: int) -> float:
    """Mean wall time per entry, in microseconds."""
    each = entries // threads
    workers = [threading.Thread(target=_writer, args=(each, f"t{i}")) for i in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return (time.perf_counter() - start) / (each * threads) * 1e6


def _trigger(enabled: bool) -> None:
    with connection.cursor() as cursor:
        state = "ENABLE" if enabled else "DISABLE"
        cursor.execute(f"ALTER TABLE audit_auditentry {state} TRIGGER audit_entry_seal")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    _write(200, "warm-up")
    results: dict[tuple[str, int], list[float]] = {}
    try:
        for _ in range(options.rounds):
            for chained in (False, True):
                _trigger(chained)
                for threads in (1, options.threads):
                    key = ("chained" if chained else "plain", threads)
                    results.setdefault(key, []).append(_run(options.entries, threads))
    finally:
        _trigger(True)
    print(f"{options.entries} entries per run, median of {options.rounds} runs (µs per entry)")
    for (kind, threads), figures in sorted(results.items()):
        print(f"  {kind:8} {threads} writer(s): {statistics.median(figures):8.0f}")
    verdict = verify()
    # Entries written with the trigger off are outside the chain by design here.
    print(f"chain checked up to {verdict.count} entries: {verdict.problem or 'OK'}")


if __name__ == "__main__":
    main()
