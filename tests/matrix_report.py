"""What the URL × role matrix checked, printed at the end of the test run.

Each test process writes the rows it checked under var/access-matrix/ (one file per xdist
worker); the process that reports (the controller, or the only process) prints a summary
table: for each URL, how many requests, and how many answered OK, 403, 404 and "log in".
Loaded as a plugin by the root conftest.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

FOLDER = Path(__file__).resolve().parents[1] / "var" / "access-matrix"
_ROWS: list[str] = []


def record(name: str, method: str, label: str, user: str, expected: str, got: str) -> None:
    _ROWS.append("\t".join([name, method.upper(), label, user, expected, got]))


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller (or the only process)
        FOLDER.mkdir(parents=True, exist_ok=True)
        for stale in FOLDER.glob("*.tsv"):
            stale.unlink()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _ROWS:
        FOLDER.mkdir(parents=True, exist_ok=True)
        (FOLDER / f"{_worker()}.tsv").write_text("\n".join(_ROWS) + "\n", "utf-8")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    rows = [
        line.split("\t")
        for path in sorted(FOLDER.glob("*.tsv"))
        for line in path.read_text("utf-8").splitlines()
        if line
    ]
    if not rows:
        return
    per_url: dict[str, Counter[str]] = defaultdict(Counter)
    users = {row[3] for row in rows}
    for name, method, _label, _user, _expected, got in rows:
        per_url[f"{method} {name}"][got] += 1
    write = terminalreporter.write_line
    terminalreporter.section("URL × role access matrix")
    write(
        f"{len(rows)} requests: {len(per_url)} URL patterns and methods × {len(users)} users "
        "(every role of two organisations and a second case manager each, an outside "
        "organisation's agent, an account without an organisation, a visitor)"
    )
    write(f"{'':58} {'ok':>5} {'403':>5} {'404':>5} {'login':>5}")
    for key in sorted(per_url):
        counts = per_url[key]
        write(
            f"{key:58} {counts['ok']:>5} {counts['403']:>5} {counts['404']:>5} {counts['login']:>5}"
        )
