"""The dashboards page in a real Chromium, at 360 px and at desktop width: the "figures counted
at" line and the "count again now" button (a touch target, CSRF and all) that returns to the
page saying a new count is under way; a combination too slow to count in the page, shown
"being counted" and replaced by its figures once a worker counted them, without a reload.
Screenshots in var/screenshots/dash-*.png."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.dashboards import services
from sutura.dashboards.models import DashboardSnapshot
from sutura.dashboards.sets import sets_for
from tests.browser.support import BROWSER_MARKS, SHOTS
from tests.factories import OrganisationFactory, UserFactory
from tests.queue import run_queued_jobs

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def _page(browser: Any, live_server: Any, user: Any, width: int, language: str) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
    return context.new_page()


@pytest.mark.parametrize(("width", "language"), [(360, "fr"), (1280, "en")])
def test_the_counted_at_line_and_the_count_again_button(
    browser: Any, live_server: Any, settings: Any, width: int, language: str
) -> None:
    settings.SUTURA_DASHBOARD_REFRESH_SECONDS = 300
    user = UserFactory.create(organisation=OrganisationFactory.create(), roles=[Role.ME_OFFICER])
    page = _page(browser, live_server, user, width, language)
    page.goto(f"{live_server.url}{reverse('dashboards:dashboard')}?period=2026")
    DashboardSnapshot.objects.filter(user=user).update(
        counted_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    page.reload()
    line = page.locator(".dash-counted")
    counted = "Chiffres comptés à" if language == "fr" else "Figures counted at"
    again = "Recompter maintenant" if language == "fr" else "Count again now"
    assert counted in line.inner_text()
    button = line.get_by_role("button", name=again)
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= width
    page.screenshot(path=str(SHOTS / f"dash-{width}-{language}.png"), full_page=False)
    button.click()
    page.wait_for_load_state()
    under_way = "Un nouveau comptage est en cours" if language == "fr" else "A new count is"
    assert under_way in page.locator(".dash-counted").inner_text()
    assert page.get_by_role("button", name=again).count() == 0
    page.screenshot(path=str(SHOTS / f"dash-{width}-{language}-recounting.png"), full_page=False)


@pytest.mark.parametrize(("width", "language"), [(360, "fr"), (1280, "en")])
def test_the_panels_being_counted_are_replaced_by_their_figures(
    browser: Any, live_server: Any, settings: Any, width: int, language: str
) -> None:
    settings.SUTURA_DASHBOARD_REFRESH_SECONDS = 300
    settings.SUTURA_DASHBOARD_INLINE_MS = 250
    user = UserFactory.create(organisation=OrganisationFactory.create(), roles=[Role.ME_OFFICER])
    DashboardSnapshot.objects.create(  # this dashboard's last count took 4 s: not in the page
        user=user,
        dashboard="me",
        query_key="earlier",
        rights=services.rights_of(user),
        figures=[],
        counted_at=timezone.now(),
        viewed_at=timezone.now(),
        count_ms=4000,
    )
    page = _page(browser, live_server, user, width, language)
    page.goto(f"{live_server.url}{reverse('dashboards:dashboard')}?period=2026")
    being = "en cours de comptage" if language == "fr" else "being counted"
    assert being in page.locator(".dash-counted").inner_text()
    panels = len(sets_for(user)[0].panels)  # the first dashboard's, each named while counted
    assert page.locator(".dash-panel-pending").count() == panels
    assert page.locator(".dash-total").count() == 0
    page.screenshot(path=str(SHOTS / f"dash-{width}-{language}-counting.png"), full_page=False)

    run_queued_jobs()  # a worker counts them; the page polls and shows them, no reload
    page.locator(".dash-total").first.wait_for(timeout=10_000)
    assert page.locator(".dash-panel-pending").count() == 0
    counted = "Chiffres comptés à" if language == "fr" else "Figures counted at"
    assert counted in page.locator(".dash-counted").inner_text()
    page.screenshot(path=str(SHOTS / f"dash-{width}-{language}-counted.png"), full_page=False)
