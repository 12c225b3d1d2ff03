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
