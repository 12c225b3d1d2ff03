"""The directory API: published services and pathways for anyone; proposals for staff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.directory.models import ChangeStatus, Need, ServiceChange
from sutura.directory.services.entries import edit_service
from sutura.directory.services.pathways import add_step, create_pathway
from sutura.directory.services.proposals import propose_change
from sutura.directory.tests.helpers import api_as
from tests.audit_words import said

pytestmark = pytest.mark.django_db

SERVICES = reverse("api-directory-service-list")
PATHWAYS = reverse("api-directory-pathway-list")
PROPOSALS = reverse("api-directory-proposal-list")


def names(response):
    return {service["name_fr"] for service in response.json()["results"]}


def test_the_published_directory_is_readable_without_login(directory):
    response = api_as(None).get(SERVICES)
    assert response.status_code == 200
    assert names(response) == {
        "Écoute psychosociale Thiès",
        "Centre de santé de Mbour",
        "Aide juridique Kayes",
    }  # never the withdrawn one
    thies = next(s for s in response.json()["results"] if s["name_fr"].startswith("Écoute"))
    assert thies["latitude"] == 14.791 and thies["longitude"] == -16.926
    assert thies["geometry"] == {"type": "Point", "coordinates": [-16.926, 14.791]}
    assert thies["provider"]["name"] == "Clinique Espoir"
    assert "last_verified_by" not in thies  # no staff names in public


def test_a_withdrawn_service_or_one_of_an_inactive_provider_is_not_published(directory, clinic):
    withdrawn = reverse("api-directory-service-detail", args=[directory["withdrawn"].pk])
    assert api_as(None).get(withdrawn).status_code == 404
    assert api_as(None).get(withdrawn).json()["error"]["code"] == "not_found"
    clinic.is_active = False
    clinic.save()
    assert names(api_as(None).get(SERVICES)) == {"Aide juridique Kayes"}


def test_the_published_directory_filters(directory, commune):
    api = api_as(None)
    assert names(api.get(SERVICES, {"category": "legal"})) == {"Aide juridique Kayes"}
    assert names(api.get(SERVICES, {"language": "wo"})) == {"Écoute psychosociale Thiès"}
    assert names(api.get(SERVICES, {"q": "sante"})) == {"Centre de santé de Mbour"}
    assert names(api.get(SERVICES, {"area": str(commune.pk)})) == {
        "Écoute psychosociale Thiès",
        "Centre de santé de Mbour",
    }
    bad = api.get(SERVICES, {"category": "nonsense"})
    assert bad.status_code == 400 and "category" in bad.json()["error"]["fields"]


def test_published_pathways_name_only_published_services(coordinator, directory):
    pathway = create_pathway(
        actor=coordinator, data={"need": Need.SHELTER, "title_fr": "Hébergement"}
    )
    add_step(
        actor=coordinator,
        pathway=pathway,
        data={"title_fr": "Accueil", "services": [directory["thies"], directory["withdrawn"]]},
    )
    create_pathway(
        actor=coordinator, data={"need": Need.GBV, "title_fr": "Brouillon", "is_active": False}
    )
    body = api_as(None).get(PATHWAYS).json()
    assert [p["title_fr"] for p in body["results"]] == ["Hébergement"]
    step = body["results"][0]["steps"][0]
    assert step["title"] == "Accueil"
    assert step["services"] == [str(directory["thies"].pk)]


def test_proposals_need_a_login_and_the_permission(directory):
    body = {"kind": "verify", "service": str(directory["thies"].pk)}
    response = api_as(None).post(PROPOSALS, body, format="json")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_proposal_by_api_and_its_review(users_a, users_b, directory, coordinator, locations):
    author = users_a[Role.COMMUNITY_MENTOR]
    service = directory["thies"]
    response = api_as(author).post(
        PROPOSALS,
        {
            "kind": "update",
            "service": str(service.pk),
            "values": {"phone": "+221 77 000 00 00", "areas": [str(locations["SN"].pk)]},
            "comment": "Appelé",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    change_id = response.json()["id"]
    assert response.json()["changed_fields"] == ["areas", "phone"]
    assert [c["id"] for c in api_as(author).get(PROPOSALS).json()["results"]] == [change_id]
    assert api_as(users_b[Role.CASE_MANAGER]).get(PROPOSALS).json()["results"] == []
    detail = reverse("api-directory-proposal-detail", args=[change_id])
    assert api_as(users_b[Role.CASE_MANAGER]).get(detail).status_code == 404
    # The author cannot approve their own proposal; another organisation's staff do not see it.
    approve = reverse("api-directory-proposal-approve", args=[change_id])
    assert api_as(author).post(approve, {}, format="json").status_code == 403
    assert api_as(users_b[Role.NRM_COORDINATOR]).post(approve, {}, format="json").status_code == 200
    service.refresh_from_db()
    assert service.phone == "+221 77 000 00 00"
    assert any("directory proposals" in said(e) for e in AuditEntry.objects.filter(actor=author))


def test_a_stale_approval_by_api_answers_409(users_a, directory, coordinator):
    service = directory["thies"]
    change = propose_change(
        actor=users_a[Role.CASE_MANAGER], service=service, data={"capacity": "1"}
    )
    edit_service(
        actor=coordinator, service=service, expected_version=service.version, data={"capacity": "2"}
    )
    response = api_as(coordinator).post(
        reverse("api-directory-proposal-approve", args=[change.pk]), {}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "stale"
    reject = reverse("api-directory-proposal-reject", args=[change.pk])
    refused = api_as(coordinator).post(reject, {"comment": ""}, format="json")
    assert refused.status_code == 400 and "comment" in refused.json()["error"]["fields"]
    assert (
        api_as(coordinator).post(reject, {"comment": "Dépassé"}, format="json").status_code == 200
    )
    assert ServiceChange.objects.get(pk=change.pk).status == ChangeStatus.REJECTED


def test_a_new_service_proposal_by_api_is_validated(users_a, clinic):
    api = api_as(users_a[Role.PROVIDER_AGENT])
    missing = api.post(PROPOSALS, {"kind": "new", "values": {"name_fr": "X"}}, format="json")
    assert missing.status_code == 400
    assert "provider" in missing.json()["error"]["fields"]
    half = api.post(
        PROPOSALS,
        {
            "kind": "new",
            "values": {
                "provider": str(clinic.pk),
                "name_fr": "Point d'écoute",
                "category": "mhpss",
                "latitude": "14.5",
                "sexes": ["female", "robot"],
            },
        },
        format="json",
    )
    assert half.status_code == 400
    assert "sexes" in half.json()["error"]["fields"]["values"]
    ok = api.post(
        PROPOSALS,
        {
            "kind": "new",
            "values": {
                "provider": str(clinic.pk),
                "name_fr": "Point d'écoute",
                "category": "mhpss",
                "latitude": "14.5",
                "longitude": "-17.1",
                "sexes": ["female"],
            },
        },
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["proposed"]["latitude"] == "14.50000"
    me_officer = api_as(users_a[Role.ME_OFFICER]).post(
        PROPOSALS, {"kind": "new", "values": {}}, format="json"
    )
    assert me_officer.status_code == 403
