"""Phone first: every page a mentor opens weighs at most 100 KB compressed on first load (HTML
plus the stylesheets and scripts it links), measured as `bench/page_weight.py` does. Not a
timing: a size."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.mentoring.services import activities, assignments, volunteers
from sutura.referrals.tests.helpers import referable_case

pytestmark = pytest.mark.django_db


def _bench() -> Any:
    """bench/page_weight.py, the measure the benchmark prints (bench/ is not a package)."""
    path = Path(__file__).resolve().parents[3] / "bench" / "page_weight.py"
    spec = importlib.util.spec_from_file_location("page_weight", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_every_mentor_page_weighs_at_most_100_kb_compressed(
    users_a: dict[Role, Any], client: Any
) -> None:
    manager = users_a[Role.CASE_MANAGER]
    mentor, focal = users_a[Role.COMMUNITY_MENTOR], users_a[Role.MHPSS_FOCAL_POINT]
    volunteers.create_volunteer(
        actor=focal, user=mentor, focal_point=focal, starts_on=datetime.date(2025, 1, 1)
    )
    today = timezone.localdate()
    for number in range(8):
        case = referable_case(manager, given_names=f"Awa{number}")
        assignments.assign_mentor(
            actor=manager,
            case=case,
            mentor=mentor,
            purpose="psychosocial",
            starts_on=today - datetime.timedelta(days=5),
            ends_on=today + datetime.timedelta(days=60),
        )
        activities.log_session(
            actor=mentor,
            case=case,
            occurred_on=today,
            duration_minutes=30,
            session_kind="supportive",
            note="Une note un peu longue " * 20,
        )
    client.force_login(mentor)
    bench = _bench()
    weights = bench.weigh_mentor_pages(client, mentor)
    names = {w.name for w in weights}
    assert {"home", "mentoring:log_session", "mentoring:log_event", "mentoring:activity"} <= names
    assert all(w.total <= bench.LIMIT for w in weights), bench.table(weights)
