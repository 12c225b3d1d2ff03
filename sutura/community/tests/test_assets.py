"""Community and asset mapping: the officer maps strengths, resources and allies with a GPS
point; the page lists them and hands the markers to the map (no tiles needed); a partner
reads, an unrelated organisation's officer gets 404."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.community.models import Asset, Community
from sutura.community.services import assets, communities
from sutura.community.tests.helpers_risks import community_with_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(users_a: Any, users_b: Any, locations: Any) -> Community:
    return community_with_partner(users_a, users_b, locations["ML"])


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_officer_maps_an_asset_with_a_point_and_it_is_on_the_map_and_in_the_list(
    officer: Any, community: Community
) -> None:
    client = _client(officer)
    response = client.post(
        reverse("community:asset_new", kwargs={"pk": community.pk}),
        {"kind": "safe_place", "name": "CSCom de Kayes N'Di", "latitude": "14.4533",
         "longitude": "-11.4468"},
    )  # fmt: skip
    assert response.status_code == 302
    assets.add_asset(actor=officer, community=community, kind="leader", name="Imam")
    page = client.get(reverse("community:assets", kwargs={"pk": community.pk}))
    text = page.content.decode()
    markers = json.loads(
        text.split('id="community-assets-markers" type="application/json">')[1].split("</script>")[
            0
        ]
    )
    assert [f["properties"]["name"] for f in markers["features"]] == ["CSCom de Kayes N'Di"]
    assert markers["features"][0]["geometry"]["coordinates"] == [-11.4468, 14.4533]
    assert "Imam" in text and "vendor/leaflet/leaflet.js" in text
    assert "<script>" not in text  # data through json_script only, code in static/js


def test_a_lone_coordinate_is_refused(officer: Any, community: Community) -> None:
    with pytest.raises(ValidationError) as refused:
        assets.add_asset(
            actor=officer, community=community, kind="leader", name="Chef", latitude=Decimal(14)
        )
    assert "longitude" in refused.value.message_dict


def test_a_stale_edit_of_an_asset_is_refused(officer: Any, community: Community) -> None:
    asset = assets.add_asset(actor=officer, community=community, kind="leader", name="Chef")
    assets.update_asset(actor=officer, asset=asset, expected_version=1, name="Chef de village")
    response = _client(officer).post(
        reverse("community:asset_edit", kwargs={"pk": asset.pk}),
        {"kind": "leader", "name": "Chef de quartier", "version": "1"},
    )
    assert response.status_code == 200
    assert Asset.objects.get(pk=asset.pk).name == "Chef de village"


def test_a_partner_reads_the_assets_and_maps_none(
    officer: Any, community: Community, users_b: Any
) -> None:
    partner = users_b[Role.PROTECTION_OFFICER]
    client = _client(partner)
    assert client.get(reverse("community:assets", kwargs={"pk": community.pk})).status_code == 200
    assert (
        client.get(reverse("community:asset_new", kwargs={"pk": community.pk})).status_code == 403
    )
    with pytest.raises(PermissionDenied):
        assets.add_asset(actor=partner, community=community, kind="leader", name="Chef")


def test_an_unrelated_organisations_officer_a_mentor_and_a_provider_get_404(
    users_a: Any, users_b: Any, locations: Any
) -> None:
    officer_b = users_b[Role.PROTECTION_OFFICER]
    mine = communities.create_community(
        actor=users_a[Role.PROTECTION_OFFICER], name="Gao Château", location=locations["ML"]
    )
    for user in (officer_b, users_a[Role.COMMUNITY_MENTOR], users_a[Role.PROVIDER_AGENT]):
        client = _client(user)
        for name in ("community:assets", "community:asset_new"):
            assert client.get(reverse(name, kwargs={"pk": mine.pk})).status_code == 404


def test_the_api_maps_an_asset_and_refuses_a_partner(
    officer: Any, community: Community, users_b: Any
) -> None:
    data = {"community": str(community.pk), "kind": "cbo", "name": "Association des jeunes",
            "latitude": "14.45", "longitude": "-11.44"}  # fmt: skip
    made = _client(officer).post("/api/community/assets/", data, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["kind"] == "cbo"
    refused = _client(users_b[Role.PROTECTION_OFFICER]).post(
        "/api/community/assets/", data, content_type="application/json"
    )
    assert refused.status_code == 403
    listed = _client(users_b[Role.PROTECTION_OFFICER]).get(
        f"/api/community/assets/?community={community.pk}"
    )
    assert [row["name"] for row in listed.json()["results"]] == ["Association des jeunes"]
    mentor = _client(users_b[Role.COMMUNITY_MENTOR]).get("/api/community/assets/")
    assert mentor.status_code == 404


SQUARE = [[-11.46, 14.43], [-11.42, 14.43], [-11.42, 14.47], [-11.46, 14.47], [-11.46, 14.43]]


def _frame(page: Any, script_id: str) -> Any:
    text = page.content.decode()
    start = text.index(f'id="{script_id}" type="application/json">') + len(
        f'id="{script_id}" type="application/json">'
    )
    return json.loads(text[start : text.index("</script>", start)])


def test_the_asset_form_map_opens_on_the_point_else_the_outline_else_the_country(
    officer: Any, community: Community, locations: Any
) -> None:
    client = _client(officer)
    url = reverse("community:asset_new", kwargs={"pk": community.pk})
    community.outline = {"type": "Polygon", "coordinates": [SQUARE]}
    community.latitude, community.longitude = Decimal("14.45"), Decimal("-11.44")
    community.save(update_fields=["outline", "latitude", "longitude"])
    page = client.get(url)
    frame = _frame(page, "community-point-frame")
    assert frame["center"] == [14.45, -11.44] and frame["outline"]["type"] == "Polygon"
    # The map is for JavaScript only (hidden until it starts): the typed fields work alone.
    assert 'id="community-point-picker-box" hidden' in page.content.decode()
    community.latitude = community.longitude = None
    community.save(update_fields=["latitude", "longitude"])
    frame = _frame(client.get(url), "community-point-frame")
    assert frame["center"] is None and frame["outline"]["coordinates"] == [SQUARE]
    community.outline = None
    community.save(update_fields=["outline"])
    frame = _frame(client.get(url), "community-point-frame")
    assert (frame["center"], frame["zoom"], frame["outline"]) == ([17.57, -4.0], 6, None)  # Mali


def test_typed_coordinates_are_still_checked_and_saved_without_the_map(
    officer: Any, community: Community
) -> None:
    client = _client(officer)
    url = reverse("community:asset_new", kwargs={"pk": community.pk})
    refused = client.post(url, {"kind": "cbo", "name": "GIE", "latitude": "95", "longitude": "2"})
    assert "latitude" in refused.context["form"].errors
    alone = client.post(url, {"kind": "cbo", "name": "GIE", "latitude": "14.2"})
    assert alone.context["form"].non_field_errors()
    assert not Asset.objects.exists()
    client.post(url, {"kind": "cbo", "name": "GIE", "latitude": "14.2", "longitude": "-11.3"})
    saved = Asset.objects.get()
    assert (saved.latitude, saved.longitude) == (Decimal("14.2"), Decimal("-11.3"))
    edit = client.get(reverse("community:asset_edit", kwargs={"pk": saved.pk}))
    assert edit.context["form"]["latitude"].value() == Decimal("14.200000")
    assert 'id="community-point-frame"' in edit.content.decode()


def test_the_map_page_has_a_legend_of_the_kinds_on_the_map(
    officer: Any, community: Community
) -> None:
    for kind, name, latitude in (("service", "CSCom", "14.45"), ("service", "Mairie", "14.46"),
                                 ("leader", "Imam", None)):  # fmt: skip
        assets.add_asset(
            actor=officer, community=community, kind=kind, name=name,
            latitude=Decimal(latitude) if latitude else None,
            longitude=Decimal("-11.44") if latitude else None,
        )  # fmt: skip
    page = _client(officer).get(reverse("community:assets", kwargs={"pk": community.pk}))
    legend = [(code, count) for code, _label, count in page.context["legend"] if count]
    assert legend == [("service", 2)]  # the leader has no point: not on the map
    text = page.content.decode()
    assert 'class="asset-swatch asset-kind-service"' in text
    assert "asset-kind-leader" not in text
    markers = _frame(page, "community-assets-markers")
    assert {f["properties"]["code"] for f in markers["features"]} == {"service"}


def test_a_place_without_point_or_location_starts_with_no_separator_and_edit_has_no_label(
    officer: Any, community: Community
) -> None:
    import re

    assets.add_asset(actor=officer, community=community, kind="leader", name="Imam")
    html = _client(officer).get(reverse("community:assets", kwargs={"pk": community.pk}))
    text = html.content.decode()
    place = re.search(r'<td data-label="[^"]*">(<span>.*?)</td>', text.split("Imam", 1)[1])
    assert place is not None
    assert re.sub(r"<[^>]+>", "", place.group(1)).strip().startswith("no GPS point") or re.sub(
        r"<[^>]+>", "", place.group(1)
    ).strip().startswith("pas de point GPS")
    edit_cell = re.search(r"<td([^>]*)><a[^>]*>[^<]*(Edit|Modifier)", text)
    assert edit_cell is not None and "data-label" not in edit_cell.group(1)


def test_the_community_map_has_a_key_for_its_own_point_and_outline(
    officer: Any, community: Community
) -> None:
    communities.update_community(
        actor=officer, community=community, expected_version=community.version,
        latitude=Decimal("14.445"), longitude=Decimal("-11.445"),
    )  # fmt: skip
    assets.add_asset(
        actor=officer, community=community, kind="leader", name="Imam",
        latitude=Decimal("14.446"), longitude=Decimal("-11.446"),
    )  # fmt: skip
    page = _client(officer).get(reverse("community:community", kwargs={"pk": community.pk}))
    key = page.content.decode().split('class="map-key"', 1)[1].split("</ul>", 1)[0]
    assert "Point GPS de la communauté" in key or "GPS point of the community" in key
    assert "Ressource" in key or "Asset" in key
    assert "Outline" not in key and "Contour" not in key  # it has none
