"""A real Chromium on a 360 px phone, cut off from the internet: the assets' map draws its
markers (tiles refused), the risk matrix and the plan's progress bar show, nothing scrolls
sideways and the CSP refuses nothing (screenshots land in var/screenshots/)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.community.models import Community
from sutura.community.services import assets, plans, risks
from sutura.community.tests.helpers_risks import community_with_partner
from sutura.directory.tests.test_browser import no_sideways_scroll, offline_phone
from tests.browser.support import BROWSER_MARKS, SHOTS

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_the_assets_map_risk_matrix_and_plan_read_on_an_offline_phone(
    live_server: Any, browser: Any, users_a: Any, users_b: Any, locations: Any
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    community = community_with_partner(users_a, users_b, locations["ML"])
    for name, latitude in (("CSCom", "14.45"), ("Mairie", "14.46")):
        assets.add_asset(
            actor=officer, community=community, kind="service", name=name,
            latitude=Decimal(latitude), longitude=Decimal("-11.44"),
        )  # fmt: skip
    assets.add_asset(actor=officer, community=community, kind="leader", name="Imam")
    analysis = risks.record_analysis(
        actor=officer, community=community, held_on=datetime.date(2026, 3, 2)
    )
    risk = risks.add_risk(
        actor=officer, analysis=analysis, threat="Départs irréguliers", affected="Jeunes",
        likelihood=4, impact=5,
    )  # fmt: skip
    made = plans.add_recommendation(
        actor=officer, community=community, action="Sensibilisation", risks=[risk],
        responsible_text="PSF",
    )  # fmt: skip
    plans.record_progress(actor=officer, recommendation=made, status="done", text="Fait")

    page = offline_phone(browser, live_server, officer)
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(live_server.url + reverse("community:assets", kwargs={"pk": community.pk}))
    page.wait_for_selector(".community-map.is-ready")
    # One colour per kind: the two services' markers, and the legend that says so.
    assert page.locator("path.asset-marker.asset-kind-service").count() == 2
    assert page.locator(".asset-legend .asset-kind-service").count() == 1
    assert "Imam" in page.locator("table.list").inner_text()
    assert any("tile.openstreetmap.org" in url for url in page.blocked)
    no_sideways_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "community-assets-offline-360.png"), full_page=True)

    page.goto(live_server.url + reverse("community:analysis", kwargs={"pk": analysis.pk}))
    matrix = page.locator("svg.risk-matrix")
    assert matrix.bounding_box()["width"] <= 360
    assert page.locator(".rm-critical .rm-count").text_content() == "1"
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "community-risk-matrix-360.png"), full_page=True)

    page.goto(live_server.url + reverse("community:plan", kwargs={"pk": community.pk}))
    assert page.locator("rect.rm-seg-done").get_attribute("width") == "100.0"
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "community-plan-360.png"), full_page=True)
    assert not violations


@pytest.mark.django_db(transaction=True)
def test_the_officer_places_an_asset_by_tapping_the_map_on_an_offline_phone(
    live_server: Any, browser: Any, users_a: Any, users_b: Any, locations: Any
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    community = community_with_partner(users_a, users_b, locations["ML"])
    square = [[-11.46, 14.43], [-11.42, 14.43], [-11.42, 14.47], [-11.46, 14.47], [-11.46, 14.43]]
    community.outline = {"type": "Polygon", "coordinates": [square]}
    community.latitude, community.longitude = Decimal("14.45"), Decimal("-11.44")
    community.save(update_fields=["outline", "latitude", "longitude"])

    page = offline_phone(browser, live_server, officer)
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(live_server.url + reverse("community:asset_new", kwargs={"pk": community.pk}))
    page.wait_for_selector("#community-point-picker.is-ready")
    assert page.locator("path.community-outline").count() == 1  # the outline is drawn
    page.locator("#id_kind").select_option("safe_place")
    page.locator("#id_name").fill("Espace des femmes")
    box = page.locator("#community-point-picker").bounding_box()
    assert box["width"] <= 340
    # A tap at the centre of the map, which opened on the community's point.
    page.locator("#community-point-picker").click(
        position={"x": box["width"] / 2, "y": box["height"] / 2}
    )
    latitude, longitude = (
        page.locator("#id_latitude").input_value(),
        page.locator("#id_longitude").input_value(),
    )
    assert abs(float(latitude) - 14.45) < 0.01 and abs(float(longitude) + 11.44) < 0.01
    assert page.locator(".leaflet-marker-icon").count() == 1
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "community-asset-picker-360.png"), full_page=True)
    # The fields stay editable: typing moves the marker, and that is what is saved.
    page.locator("#id_latitude").fill("14.4612")
    page.locator("#id_latitude").dispatch_event("change")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{reverse('community:assets', kwargs={'pk': community.pk})}")
    saved = community.assets.get()
    assert saved.latitude == Decimal("14.461200") and saved.kind == "safe_place"
    # Its edit page opens on its point, with the marker to drag.
    page.goto(live_server.url + reverse("community:asset_edit", kwargs={"pk": saved.pk}))
    page.wait_for_selector("#community-point-picker.is-ready")
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert not violations


@pytest.mark.django_db(transaction=True)
def test_the_officer_places_a_new_community_by_tapping_the_map_centred_on_its_country(
    live_server: Any, browser: Any, users_a: Any, locations: Any
) -> None:
    officer = users_a[Role.PROTECTION_OFFICER]
    page = offline_phone(browser, live_server, officer)
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.goto(live_server.url + reverse("community:community_create"))
    page.wait_for_selector("#community-point-picker.is-ready")
    # Nothing chosen yet: West Africa. Choosing Mali centres the map on Mali.
    page.locator("select[name=location__0]").select_option(str(locations["ML"].pk))
    page.wait_for_timeout(300)
    box = page.locator("#community-point-picker").bounding_box()
    assert box["width"] <= 340
    page.locator("#community-point-picker").click(
        position={"x": box["width"] / 2, "y": box["height"] / 2}
    )
    latitude = float(page.locator("#id_latitude").input_value())
    longitude = float(page.locator("#id_longitude").input_value())
    assert abs(latitude - 17.57) < 0.5 and abs(longitude + 4.0) < 0.5  # Mali's centre
    assert page.locator(".leaflet-marker-icon").count() == 1
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / "community-point-picker-360.png"), full_page=True)
    page.locator("#id_name").fill("Ségou Pélengana")
    page.locator("main form button.primary").click()
    page.wait_for_url("**/community/communities/*/")
    made = Community.objects.get(name="Ségou Pélengana")
    assert made.latitude is not None and abs(float(made.latitude) - latitude) < 1e-5
    # Its edit page opens on its point, with the marker to drag.
    page.goto(live_server.url + reverse("community:community_edit", kwargs={"pk": made.pk}))
    page.wait_for_selector("#community-point-picker.is-ready")
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert not violations


@pytest.mark.django_db(transaction=True)
def test_the_links_that_stand_alone_on_these_pages_are_finger_sized_on_a_phone(
    live_server: Any, browser: Any, users_a: Any, users_b: Any, locations: Any
) -> None:
    from sutura.community.tests.helpers_risks import consultation

    officer = users_a[Role.PROTECTION_OFFICER]
    community = community_with_partner(users_a, users_b, locations["ML"])
    analyses = []
    for held_on in (datetime.date(2026, 3, 2), datetime.date(2026, 9, 2)):
        analyses.append(risks.record_analysis(actor=officer, community=community, held_on=held_on))
    risks.add_risk(
        actor=officer, analysis=analyses[0], threat="Départs irréguliers", affected="Jeunes",
        likelihood=4, impact=5,
    )  # fmt: skip
    plans.add_recommendation(
        actor=officer, community=community, action="Radio", responsible_text="PSF"
    )
    plans.validate_plan(
        actor=officer, community=community, meeting=consultation(officer, community),
        text="Validé",
    )  # fmt: skip
    page = offline_phone(browser, live_server, officer)
    compare = reverse("community:analysis_compare", kwargs={"pk": community.pk})
    page.goto(live_server.url + reverse("community:plan", kwargs={"pk": community.pk}))
    targets = {"plan": page.get_by_role("link", name="la réunion et sa décision").bounding_box()}
    page.goto(f"{live_server.url}{compare}?before={analyses[0].pk}&after={analyses[1].pk}")
    for name in ("Analyse précédente", "Analyse suivante"):
        targets[name] = page.get_by_role("link", name=name, exact=True).bounding_box()
    page.goto(live_server.url + reverse("community:risk_new", kwargs={"pk": analyses[1].pk}))
    targets["carry"] = page.locator("main details summary").bounding_box()
    page.goto(live_server.url + reverse("community:visits"))  # a page opening on a back link
    targets["back"] = page.locator("main > p:first-of-type > a").bounding_box()
    for name, box in targets.items():
        assert box is not None and box["height"] >= 44, (name, box)
    no_sideways_scroll(page)
