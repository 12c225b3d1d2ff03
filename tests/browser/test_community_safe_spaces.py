"""On a 360 px phone, the community protection officer fills a month's attendance grid of a
safe space (sex × age group) and finds the month on the space's page, nothing wider than the
screen (screenshots in var/screenshots/)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.community.models import SafeSpaceAttendance
from sutura.community.services import communities, safespaces
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
            }
        ]
    )
    return context.new_page()


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.django_db(transaction=True)
def test_the_officer_fills_a_months_attendance_grid_on_a_phone(
    live_server: Any, browser: Any, users_b: dict[Role, Any], locations: dict[str, Any]
) -> None:
    officer = users_b[Role.PROTECTION_OFFICER]
    community = communities.create_community(
        actor=officer, name="Mopti Bas-Fonds", location=locations["ML-1"]
    )
    space = safespaces.create_safe_space(
        actor=officer, community=community, kind="wgss", name="Espace sûr de Bas-Fonds",
        location=community.location, managing_partner=officer.organisation,
    )  # fmt: skip
    page = _phone(browser, live_server, officer)
    url = reverse("community:safe_space_attendance", kwargs={"pk": space.pk})
    page.goto(f"{live_server.url}{url}?month=2026-02")
    _no_sideways_scroll(page)
    page.fill("#id_n_female_12_17", "34")
    page.fill("#id_n_female_25_59", "58")
    page.fill("#id_n_male_0_11", "12")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "community-attendance-360.png"), full_page=True)
    page.click("form[method=post] button.primary")  # « Enregistrer le mois »
    page.wait_for_url(
        f"{live_server.url}{reverse('community:safe_space', kwargs={'pk': space.pk})}"
    )
    _no_sideways_scroll(page)
    assert "104" in page.inner_text("main")
    page.screenshot(path=str(SHOTS / "community-safe-space-360.png"), full_page=True)
    assert SafeSpaceAttendance.objects.filter(safe_space=space).count() == 3
