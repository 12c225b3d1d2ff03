"""On a 360 px phone, a mentor opens "My returnees" and answers "where is my file?" at a glance:
each card holds the first name, the stage of the file in plain words and what comes next, and
a call button big enough for a thumb; nothing scrolls sideways (screenshot in
var/screenshots/)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.cases.tests.helpers import open_test_case
from sutura.mentoring.services import assignments, volunteers
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.referrals.models import Referral
from sutura.referrals.services import referring
from tests.browser.support import BROWSER_MARKS, SHOTS

pytestmark = BROWSER_MARKS


def _phone(browser: Any, live_server: Any, user: Any) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url},
        ]
    )
    return context.new_page()


@pytest.mark.django_db(transaction=True)
def test_a_mentor_answers_where_is_my_file_on_a_phone(
    live_server: Any, browser: Any, users_a: dict[Role, Any]
) -> None:
    focal, mentor = users_a[Role.MHPSS_FOCAL_POINT], users_a[Role.COMMUNITY_MENTOR]
    manager = users_a[Role.CASE_MANAGER]
    volunteers.create_volunteer(
        actor=focal, user=mentor, focal_point=focal, starts_on=datetime.date(2025, 10, 1)
    )
    case = open_test_case(manager, given_names="Awa", family_name="Diouf", phone="+221771234567")
    assignments.assign_mentor(
        actor=manager,
        case=case,
        mentor=mentor,
        purpose="psychosocial",
        ends_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    record_consent(
        actor=manager,
        person=case.person,
        purpose=ConsentPurpose.REFERRAL,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
    )
    referral = referring.create_referral(
        actor=mentor,
        case=Case.objects.get(pk=case.pk),
        to_user=focal,
        category="mhpss",
        reason="Dort mal",
        shared_sections=["identity", "contact"],
        send=True,
    )
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=4)
    )

    page = _phone(browser, live_server, mentor)
    page.goto(live_server.url + reverse("mentoring:returnees"))
    card = page.locator("section.returnee").first
    text = card.inner_text()
    assert "Awa" in text and "Diouf" not in text
    assert "waiting for an answer for 4 days" in text
    assert "Next:" in text  # what comes next
    call = card.locator('a[href="tel:+221771234567"]')
    box = call.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb's target
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(SHOTS / "mentor-returnees-360.png"), full_page=True)
