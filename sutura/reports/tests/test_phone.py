"""A submitted quarterly report's page in a real Chromium at phone width (360 px): nothing
scrolls sideways (wide tables scroll inside their own box), the region chart shows.
Screenshots land in var/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.programmes.tests.helpers import case_of, programme_of
from sutura.reports import services
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import PASSWORD

pytestmark = BROWSER_MARKS
WIDE = "document.documentElement.scrollWidth - window.innerWidth"


def _signed_in(chromium: Any, base_url: str, username: str) -> Any:
    context = chromium.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
    return page


@pytest.mark.django_db(transaction=True)
def test_a_report_reads_on_a_phone(live_server: Any, browser: Any, users_a: Any) -> None:
    manager, worker = users_a[Role.PROGRAMME_MANAGER], users_a[Role.CASE_MANAGER]
    programme = programme_of(manager, name="Réintégration durable au Sénégal 2025-2027")
    for number in range(7):
        case_of(programme, worker, name=f"Awa{number}")
    draft = services.create_report(
        actor=manager,
        programme=programme,
        period="2026-Q1",
        summary="Au cours du trimestre, le programme a accueilli des personnes de retour.",
    )
    report = services.submit(actor=manager, report=draft)
    page = _signed_in(browser, live_server.url, manager.username)
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.screenshot(path=str(SHOTS / "report-360.png"), full_page=True)
    assert page.evaluate(WIDE) <= 0
    assert page.locator("figure.chart svg").count() >= 1
    page.goto(f"{live_server.url}/reports/")
    page.screenshot(path=str(SHOTS / "reports-360.png"), full_page=True)
    assert page.evaluate(WIDE) <= 0
