"""On a 360 px phone, a case manager records a follow-up survey with example C's answers by
tapping them, and sees its scores (0,36 social, 0,30 composite), then the case page's chart;
nothing is wider than the screen (screenshots in var/screenshots/)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.cases.services import lifecycle
from sutura.people import services as people
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.rss import services
from sutura.rss.tests.examples import EXAMPLE_A, EXAMPLE_C
from tests.browser.support import BROWSER_MARKS, SHOTS

pytestmark = BROWSER_MARKS


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.django_db(transaction=True)
def test_a_case_manager_records_a_survey_on_a_phone(
    live_server: Any, browser: Any, users_a: dict[Role, Any]
) -> None:
    manager = users_a[Role.CASE_MANAGER]
    person = people.register_person(
        actor=manager, given_names="Awa", family_name="Ndiaye", sex="female"
    )
    record_consent(
        actor=manager,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
        decided_on=datetime.date(2026, 1, 5),
    )
    case = lifecycle.open_case(
        actor=manager,
        person=person,
        case_type="return_reintegration",
        opened_on=datetime.date(2026, 1, 10),
    )
    services.record_survey(
        actor=manager, case=case, kind="baseline", surveyed_on=case.opened_on, answers=EXAMPLE_A
    )
    client = Client()
    client.force_login(manager)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    url = reverse("rss:survey_new", args=[case.pk])
    page.goto(f"{live_server.url}{url}?kind=follow_up&months=3")
    _no_sideways_scroll(page)
    page.fill("#id_surveyed_on", "2026-04-15")
    for qid, code in EXAMPLE_C.items():
        page.check(f"input[name={qid}][value={code}]")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "rss-form-360.png"), full_page=True)
    page.click("form[method=post] button.primary")
    page.wait_for_url(f"{live_server.url}/rss/surveys/**")
    _no_sideways_scroll(page)
    text = page.inner_text("main")
    assert "0,36" in text and "0,30" in text
    page.screenshot(path=str(SHOTS / "rss-survey-360.png"), full_page=True)
    page.goto(f"{live_server.url}{reverse('cases:detail', args=[case.pk])}")
    _no_sideways_scroll(page)
    assert page.locator("div.rss-chart polyline").count() == 4
    page.screenshot(path=str(SHOTS / "rss-case-360.png"), full_page=True)
