"""A real Chromium, cut off from the internet, draws the directory map (markers, popups) and a
pathway flowchart on a 360 px phone (screenshots land in var/screenshots/)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.directory.models import Need
from sutura.directory.services.pathways import add_step, create_pathway
from tests.browser.support import BROWSER_MARKS, SHOTS

pytestmark = BROWSER_MARKS


def offline_phone(browser: Any, live_server: Any, user: Any) -> Any:
    """A 360 px page signed in as `user` that reaches nothing but the app itself."""
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
    blocked: list[str] = []

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(live_server.url):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort("internetdisconnected")

    context.route("**/*", route)
    page = context.new_page()
    page.blocked = blocked
    return page


def no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.django_db(transaction=True)
def test_the_map_shows_markers_and_popups_without_internet(
    live_server, browser, users_a, directory
):
    page = offline_phone(browser, live_server, users_a[Role.CASE_MANAGER])
    page.goto(live_server.url + reverse("directory:map"))
    page.wait_for_selector(".directory-map.is-ready")
    markers = page.locator(".leaflet-marker-icon")
    assert markers.count() == 2
    page.locator('.leaflet-marker-icon[title="Écoute psychosociale Thiès"]').click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Clinique Espoir" in popup.inner_text()
    assert popup.get_by_role("link").get_attribute("href") == reverse(
        "directory:detail", args=[directory["thies"].pk]
    )
    assert any("tile.openstreetmap.org" in url for url in page.blocked)  # tiles tried, failed
    assert "is-offline" in (page.locator("#directory-map-note").get_attribute("class") or "")
    no_sideways_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "directory-map-offline-360.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_list_and_a_flowchart_read_on_a_phone(
    live_server, browser, users_a, directory, coordinator
):
    pathway = create_pathway(
        actor=coordinator,
        data={"need": Need.MHPSS, "title_fr": "Santé mentale et soutien psychosocial"},
    )
    for title, chosen in (
        ("Premier entretien et évaluation des besoins psychosociaux", [directory["thies"]]),
        ("Soins médicaux si nécessaire", [directory["mbour"], directory["kayes"]]),
        ("Suivi", []),
    ):
        add_step(actor=coordinator, pathway=pathway, data={"title_fr": title, "services": chosen})
    page = offline_phone(browser, live_server, users_a[Role.CASE_MANAGER])
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, url in (
        ("list", reverse("directory:list")),
        ("detail", reverse("directory:detail", args=[directory["mbour"].pk])),
        ("pathway", reverse("directory:pathway", args=[pathway.pk])),
        ("propose", reverse("directory:propose_change", args=[directory["thies"].pk])),
    ):
        page.goto(live_server.url + url)
        no_sideways_scroll(page)
        page.screenshot(path=str(SHOTS / f"directory-{name}-360.png"), full_page=True)
    page.goto(live_server.url + reverse("directory:pathway", args=[pathway.pk]))
    box = page.locator("svg.flowchart").bounding_box()
    assert box is not None and box["width"] <= 360
