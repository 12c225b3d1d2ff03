"""The demo's activity log: a month for both mentors, a distress flag referred to the focal
point and accepted by her, a week of mentor2 over her cap, and nothing added by a second run."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sutura.accounts.models import User
from sutura.core.registry import DemoContext
from sutura.mentoring.demo import activities as demo
from sutura.mentoring.models import Activity, ActivityKind
from sutura.mentoring.selectors.activities import open_distress_flags, supervised_hours
from sutura.referrals.models import ReferralStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def test_both_mentors_have_a_month_of_activity_and_one_flag_referred_and_accepted() -> None:
    for username in ("mentor", "mentor2"):
        logged = Activity.objects.filter(mentor__username=username)
        kinds = set(logged.values_list("kind", flat=True))
        assert kinds == set(ActivityKind.values), username
        assert logged.filter(kind=ActivityKind.EVENT).count() == 2
        first = logged.order_by("occurred_on").first()
        assert first is not None and (timezone.localdate() - first.occurred_on).days <= 31
    [flag] = Activity.objects.filter(distress=True)
    assert flag.mentor.username == "mentor"
    assert flag.referral is not None and flag.referral.status == ReferralStatus.ACCEPTED
    assert flag.referral.to_user is not None and flag.referral.to_user.username == "focalpoint"


def test_the_focal_point_sees_the_flag_and_mentor2_over_her_cap_at_once() -> None:
    focal = User.objects.get(username="focalpoint")
    assert [a.mentor.username for a in open_distress_flags(focal)] == ["mentor"]
    hours = {h.volunteer.user.username: h for h in supervised_hours(focal)}
    assert hours["mentor2"].over_cap and not hours["mentor"].over_cap


def test_a_second_run_adds_nothing() -> None:
    before = Activity.objects.count()
    assert demo.seed(DemoContext(persons=0)) == ""
    assert Activity.objects.count() == before
