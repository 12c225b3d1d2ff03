"""How the referral lists ask the access rules: cheap with a million cases."""

from __future__ import annotations

import pytest

from sutura.access import visible
from sutura.accounts.roles import Role
from sutura.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_the_case_team_side_looks_up_each_referrals_own_case(users_a):
    """`case_id IN (the organisation's cases)` inside the OR made PostgreSQL hash every case id
    of the organisation for each list and count (0.3-0.8 s at a million cases); EXISTS on the
    referral's own case reads only the cases of the referrals it looks at."""
    sql = str(visible(users_a[Role.CASE_MANAGER], Referral).query)
    assert "EXISTS(SELECT" in sql.replace("EXISTS (", "EXISTS(")
    assert '"referrals_referral"."case_id" IN (SELECT' not in sql
