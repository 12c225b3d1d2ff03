"""On a phone (360 px): the mentor records a peer-group session and submits their monthly
report; the focal point returns it with a comment. One column, no sideways scrolling."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from sutura.meetings.models import Meeting
from sutura.mentoring.models import PEER_GROUP_CONTEXT, MonthlyReport
from sutura.mentoring.tests.report_world import build_cast
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import PASSWORD

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def signed_in(chromium: Any, base_url: str, username: str) -> Any:
    page = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    return page


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_mentor_records_a_session_and_submits_the_report_the_focal_point_returns_it(
    live_server, browser
):
    cast = build_cast()
    group = cast.part["group"]
    mentor = signed_in(browser, live_server.url, cast.mentor.username)
    mentor.goto(f"{live_server.url}/mentoring/groups/{group.pk}/")
    _fits(mentor)
    mentor.screenshot(path=str(SHOTS / "peer-group-360.png"), full_page=True)
    before = Meeting.objects.filter(context_kind=PEER_GROUP_CONTEXT, context_id=group.pk).count()
    mentor.locator("input[name=starts]").fill("15:00")
    mentor.locator("input[name=ends]").fill("16:30")
    mentor.locator("input[name=persons]").first.check()
    mentor.locator("#record button[type=submit]").click()
    mentor.wait_for_url(re.compile(rf"/mentoring/groups/{group.pk}/$"))
    after = Meeting.objects.filter(context_kind=PEER_GROUP_CONTEXT, context_id=group.pk).count()
    assert after == before + 1

    mentor.goto(f"{live_server.url}/mentoring/reports/")
    _fits(mentor)
    # last month's was submitted in the world: this month's, still in progress
    mentor.locator("select[name=month]").select_option(f"{timezone.localdate():%Y-%m}")
    mentor.locator("main form button[type=submit]").click()
    mentor.wait_for_url(re.compile(r"/mentoring/reports/[0-9a-f-]+/$"))
    _fits(mentor)
    mentor.locator("textarea[name=highlights]").fill("Trois séances du groupe")
    mentor.locator("button[name=then][value=submit]").click()
    mentor.wait_for_load_state("networkidle")
    report = MonthlyReport.objects.get(mentor=cast.mentor, highlights="Trois séances du groupe")
    assert report.status == "submitted"
    mentor.screenshot(path=str(SHOTS / "monthly-report-360.png"), full_page=True)

    focal = signed_in(browser, live_server.url, cast.focal.username)
    assert f"/mentoring/reports/{report.pk}/" in focal.content()
    focal.goto(f"{live_server.url}/mentoring/reports/{report.pk}/")
    _fits(focal)
    focal.locator("textarea[name=comment]").fill("Ajoute les difficultés")
    focal.locator("button[name=decision][value=return]").click()
    focal.wait_for_load_state("networkidle")
    report.refresh_from_db()
    assert report.status == "returned" and report.review_comment == "Ajoute les difficultés"
