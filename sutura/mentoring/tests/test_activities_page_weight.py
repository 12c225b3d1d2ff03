"""Phone first: every page a mentor opens weighs at most 100 KB compressed on first load (HTML
plus the stylesheets and scripts it links), measured as `bench/page_weight.py` does. Not a
timing: a size."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from bench.page_weight import LIMIT, table, weigh_mentor_pages
from sutura.accounts.roles import Role
from sutura.mentoring.services import activities, assignments, volunteers
from sutura.referrals.tests.helpers import referable_case

pytestmark = pytest.mark.django_db


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
    weights = weigh_mentor_pages(client, mentor)
    names = {w.name for w in weights}
    assert {"home", "mentoring:log_session", "mentoring:log_event", "mentoring:activity"} <= names
    assert all(w.total <= LIMIT for w in weights), table(weights)
