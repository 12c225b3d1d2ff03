"""A session sent several times at once (a bad connection, a retry while the first request is
still running) is one record and one referral: the database's key on the device's id decides,
and the later requests answer the record the first one made.

Real concurrency: each thread is its own request on its own connection, released together."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.cases.tests.test_concurrency import at_once
from sutura.mentoring.models import Activity
from sutura.mentoring.services import assignments, volunteers
from sutura.referrals.models import Referral
from sutura.referrals.tests.helpers import referable_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_four_copies_of_a_distress_session_at_once_make_one_record_and_one_referral(
    users_a: dict[Role, Any],
) -> None:
    manager = users_a[Role.CASE_MANAGER]
    mentor, focal = users_a[Role.COMMUNITY_MENTOR], users_a[Role.MHPSS_FOCAL_POINT]
    volunteers.create_volunteer(
        actor=focal, user=mentor, focal_point=focal, starts_on=datetime.date(2025, 1, 1)
    )
    case = referable_case(manager, given_names="Awa")
    today = timezone.localdate()
    assignments.assign_mentor(
        actor=manager,
        case=case,
        mentor=mentor,
        purpose="psychosocial",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=60),
    )
    body = {
        "id": str(uuid.uuid4()),
        "kind": "session",
        "case": str(case.pk),
        "session_kind": "pfa",
        "distress": True,
        "distress_reason": "Ne dort plus",
    }

    def send(_index: int) -> int:
        client = APIClient()
        client.force_authenticate(mentor)
        return client.post("/api/mentoring/activities/", body, format="json").status_code

    answers = at_once(4, send)
    assert sorted(answers) == [200, 200, 200, 201]
    assert Activity.objects.filter(mentor=mentor).count() == 1
    assert Referral.objects.filter(case=case).count() == 1
