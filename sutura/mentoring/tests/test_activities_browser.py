"""On a 360 px phone a mentor logs a one-to-one session with the distress flag: one column, the
record's id and the form token on the form, the sex and age fields only for someone not
registered, and the returnee referred to the focal point in the same step."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.mentoring.models import Activity
from sutura.mentoring.services import assignments, volunteers
from sutura.referrals.tests.helpers import referable_case
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import PASSWORD

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def test_a_mentor_logs_a_distress_session_on_a_phone(
    live_server: Any, browser: Any, users_a: Any
) -> None:
    manager = users_a[Role.CASE_MANAGER]
    mentor, focal = users_a[Role.COMMUNITY_MENTOR], users_a[Role.MHPSS_FOCAL_POINT]
    volunteers.create_volunteer(
        actor=focal, user=mentor, focal_point=focal, starts_on=datetime.date(2025, 1, 1)
    )
    case = referable_case(manager, given_names="Awa", phone="+221770000001")
    today = timezone.localdate()
    assignments.assign_mentor(
        actor=manager,
        case=case,
        mentor=mentor,
        purpose="psychosocial",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=60),
    )
    page = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(mentor.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/mentoring/log/session/?case={case.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("input[name=form_token]").count() == 1
    assert re.fullmatch(r"[0-9a-f-]{36}", page.locator("input[name=id]").input_value())
    assert not page.locator("select[name=sex]").is_visible()
    page.locator("select[name=returnee]").select_option("other")
    assert page.locator("select[name=sex]").is_visible()
    page.locator("select[name=returnee]").select_option(str(case.pk))
    page.locator("input[name=distress]").check()
    page.locator("textarea[name=distress_reason]").fill("Ne dort plus")
    page.screenshot(path=str(SHOTS / "mentoring-session-360.png"), full_page=True)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mentoring/activities/[0-9a-f-]{36}/$"))
    assert "focal" in page.locator(".messages").inner_text().lower()
    [activity] = Activity.objects.filter(mentor=mentor)
    assert activity.referral is not None
    assert activity.referral.to_user_id == focal.pk
