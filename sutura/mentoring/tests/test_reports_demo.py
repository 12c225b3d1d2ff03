"""The demo's peer group, reports and check-ins: Modou's group co-facilitated by Khady with
three sessions held, his report of last month awaiting Khady's review and the one of two
months ago approved, a check-in held last month with each mentor and one missed with
Aïssatou; the logins show them at once; seeding again adds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from sutura.accounts.models import User
from sutura.meetings.models import Meeting
from sutura.mentoring.models import PEER_GROUP_CONTEXT, CheckIn, MonthlyReport, PeerGroup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def _counts() -> tuple[int, ...]:
    return (
        PeerGroup.objects.count(),
        Meeting.objects.filter(context_kind=PEER_GROUP_CONTEXT).count(),
        MonthlyReport.objects.count(),
        CheckIn.objects.count(),
    )


def test_the_demo_holds_a_peer_group_reports_and_checkins() -> None:
    group = PeerGroup.objects.get(mentor__username="mentor")
    assert group.co_facilitator.username == "focalpoint"
    sessions = Meeting.objects.filter(context_kind=PEER_GROUP_CONTEXT, context_id=group.pk)
    assert sessions.filter(status="held").count() == 3
    months = dict(
        MonthlyReport.objects.filter(mentor__username="mentor").values_list("status", "month")
    )
    assert set(months) == {"submitted", "approved"}
    assert months["submitted"] > months["approved"]
    assert CheckIn.objects.filter(status="held").count() == 2
    missed = [c for c in CheckIn.objects.filter(mentor__username="mentor2") if c.is_missed]
    assert len(missed) == 1


def test_the_focal_point_and_mentor2_see_it_on_their_home_pages(client: Any) -> None:
    report = MonthlyReport.objects.get(mentor__username="mentor", status="submitted")
    client.force_login(User.objects.get(username="focalpoint"))
    assert f"/mentoring/reports/{report.pk}/" in client.get("/").content.decode()
    missed = CheckIn.objects.get(mentor__username="mentor2", status="scheduled")
    client.force_login(User.objects.get(username="mentor2"))
    assert f"/mentoring/checkins/{missed.pk}/" in client.get("/").content.decode()


def test_seeding_again_adds_nothing() -> None:
    before = _counts()
    call_command("seed_demo", persons=200, quiet_logins=True)
    assert _counts() == before
