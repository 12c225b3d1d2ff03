"""What every benchmark shares: its own database, the demo data at scale, timing, reporting."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    """Use the `sutura_bench` database (the demo's is left alone) with the demo settings."""
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("SUTURA_DB_NAME", "sutura_bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sutura.settings.demo"
    import django

    django.setup()


def load_demo(persons: int) -> float:
    """Migrate and load the demo with `persons` people (only what is missing); seconds taken."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    call_command("seed_demo", persons=persons, quiet_logins=True)
    elapsed = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return elapsed


def logged_in_client(username: str) -> Any:
    from django.test import Client

    from sutura.accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=username))
    return client


def timed_get(client: Any, path: str, params: dict[str, str]) -> float:
    """Server time of one page, in milliseconds (in-process: no network)."""
    begin = time.perf_counter()
    response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    return (time.perf_counter() - begin) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(label: str, samples: list[float]) -> None:
    print(
        f"{label:<34} p50 {statistics.median(samples):7.1f} ms   "
        f"p95 {percentile(samples, 0.95):7.1f} ms   max {max(samples):7.1f} ms   "
        f"(n={len(samples)})"
    )
