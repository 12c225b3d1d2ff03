"""The map, a service's page, and who reaches what."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.directory.services.pathways import add_step, create_pathway
from sutura.directory.services.proposals import approve_change, propose_change, propose_new_service
from sutura.directory.tests.helpers import signed_in

pytestmark = pytest.mark.django_db


def markers(response):
    html = response.content.decode()
    start = html.index('<script id="directory-markers" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_the_map_embeds_its_markers_so_it_works_without_internet(users_a, directory):
    response = signed_in(users_a[Role.CASE_MANAGER], "en").get(reverse("directory:map"))
    html = response.content.decode()
    features = markers(response)["features"]
    by_name = {feature["properties"]["name"]: feature for feature in features}
    # Services with a GPS point are markers; Mbour has none, the withdrawn one is hidden.
    assert set(by_name) == {"Psychosocial listening Thiès", "Legal aid Kayes"}  # English
    thies = by_name["Psychosocial listening Thiès"]
    assert thies["geometry"]["coordinates"] == [-16.926, 14.791]
    assert thies["properties"]["url"] == reverse("directory:detail", args=[directory["thies"].pk])
    assert thies["properties"]["provider"] == "Clinique Espoir"
    # Leaflet comes from our static files, never a CDN; only the tiles come from outside.
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/js/directory-map.js" in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    # The plain list below the map names every service, with or without a point.
    assert "Mbour health centre" in html
    assert "1 without a GPS point" in html


def test_the_leaflet_files_are_served_from_static(client):
    for path in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/leaflet/images/marker-icon.png",
        "/static/js/directory-map.js",
        "/static/css/directory.css",
    ):
        response = client.get(path)
        assert response.status_code == 200, path


def test_the_map_fits_the_services_of_a_chosen_place(users_a, directory, locations):
    response = signed_in(users_a[Role.CASE_MANAGER]).get(
        reverse("directory:map"),
        {"area__0": str(locations["ML"].pk), "area__1": str(locations["ML-1"].pk)},
    )
    names = [feature["properties"]["name"] for feature in markers(response)["features"]]
    assert names == ["Aide juridique Kayes"]


def test_a_service_page_shows_everything_and_the_referral_hint(users_a, directory):
    service = directory["mbour"]
    html = (
        signed_in(users_a[Role.CASE_MANAGER], "en")
        .get(reverse("directory:detail", args=[service.pk]))
        .content.decode()
    )
    assert "Mbour health centre" in html  # the name in the user's language
    assert "Clinique Espoir" in html
    assert 'class="flag-stale"' in html
    assert "Mbour" in html  # its area
    assert "start a referral from the case page" in html
    assert reverse("directory:propose_change", args=[service.pk]) in html
    assert reverse("directory:edit", args=[service.pk]) not in html  # coordinators only


def test_a_provider_agent_gets_no_referral_hint(users_a, directory):
    html = (
        signed_in(users_a[Role.PROVIDER_AGENT], "en")
        .get(reverse("directory:detail", args=[directory["thies"].pk]))
        .content.decode()
    )
    assert "start a referral from the case page" not in html


def test_a_withdrawn_service_is_not_found_except_by_coordinators(users_a, directory, coordinator):
    url = reverse("directory:detail", args=[directory["withdrawn"].pk])
    assert signed_in(users_a[Role.CASE_MANAGER]).get(url).status_code == 404
    assert signed_in(coordinator).get(url).status_code == 200


def test_the_directory_needs_a_login(client, directory):
    for name in ("directory:list", "directory:map", "directory:pdf", "directory:xlsx"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_service_page_shows_its_history(users_a, directory, coordinator):
    service = directory["thies"]
    mentor = users_a[Role.COMMUNITY_MENTOR]
    change = propose_change(
        actor=mentor, service=service, data={"phone": "+221 33 951 00 00"}, comment="Nouveau"
    )
    approve_change(actor=coordinator, change=change)
    response = signed_in(coordinator).get(reverse("directory:detail", args=[service.pk]))
    html = response.content.decode()
    assert reverse("directory:change_detail", args=[change.pk]) in html
    assert "status-approved" in html
    assert "+221 33 951 00 00" in html


def test_every_page_opens_for_a_coordinator(directory, coordinator, users_a):
    service = directory["thies"]
    pathway = create_pathway(actor=coordinator, data={"need": "medical", "title_fr": "Soins"})
    step = add_step(actor=coordinator, pathway=pathway, data={"title_fr": "Accueil"})
    change = propose_new_service(
        actor=users_a[Role.CASE_MANAGER],
        data={"provider": service.provider, "name_fr": "Nouveau", "category": "legal"},
    )
    client = signed_in(coordinator)
    for url in (
        reverse("directory:list"),
        reverse("directory:map"),
        reverse("directory:detail", args=[service.pk]),
        reverse("directory:propose_new"),
        reverse("directory:propose_change", args=[service.pk]),
        reverse("directory:edit", args=[service.pk]),
        reverse("directory:changes"),
        reverse("directory:change_detail", args=[change.pk]),
        reverse("directory:pathways"),
        reverse("directory:pathway_new"),
        reverse("directory:pathway", args=[pathway.pk]),
        reverse("directory:pathway_edit", args=[pathway.pk]),
        reverse("directory:step_add", args=[pathway.pk]),
        reverse("directory:step_edit", args=[pathway.pk, step.pk]),
    ):
        assert client.get(url).status_code == 200, url
