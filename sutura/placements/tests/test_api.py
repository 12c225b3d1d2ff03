"""The placements API: the same rules as the pages, per role; creates happen once."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.placements.models import Offer, Proposal
from sutura.placements.tests.helpers import propose
from sutura.referrals.models import ReferralStatus

pytestmark = pytest.mark.django_db


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def offer_data(world):
    today = timezone.localdate().isoformat()
    return {
        "service": str(world.employer.service.pk),
        "kind": "training",
        "title": "Formation en électricité",
        "sector": "energy",
        "location": str(world.locations["SN-TH"].pk),
        "places": 4,
        "opens_on": today,
        "closes_on": today,
    }


def test_offers_are_listed_for_those_who_may_see_them(world):
    url = reverse("api-placement-offer-list")
    for user in (world.manager, world.coordinator, world.employer.colleague):
        ids = [row["id"] for row in api_as(user).get(url).json()["results"]]
        assert ids == [str(world.offer.pk)]
    assert api_as(world.b[Role.ME_OFFICER]).get(url).json()["results"] == []
    detail = reverse("api-placement-offer-detail", args=[world.offer.pk])
    assert api_as(world.b[Role.ME_OFFICER]).get(detail).status_code == 404
    shown = api_as(world.manager).get(detail).json()
    assert shown["employer"]["name"] == world.employer.organisation.name
    assert shown["counts"] is None  # figures: coordinator and employer's staff only
    assert api_as(world.coordinator).get(detail).json()["counts"]["proposed"] == 0


def test_offers_filter_by_kind_sector_and_open_now(world):
    url = reverse("api-placement-offer-list")
    client = api_as(world.manager)
    assert client.get(url, {"kind": "training"}).json()["results"] == []
    assert len(client.get(url, {"sector": "agrifood", "open_now": "true"}).json()["results"]) == 1
    assert client.get(url, {"location": "not-an-id"}).status_code == 400


def test_posting_an_offer_per_role(world):
    url = reverse("api-placement-offer-list")
    made = api_as(world.employer.agent).post(url, offer_data(world), format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["employer"]["id"] == str(world.employer.organisation.pk)
    assert api_as(world.coordinator).post(url, offer_data(world), format="json").status_code == 201
    refused = api_as(world.b[Role.PROVIDER_AGENT]).post(url, offer_data(world), format="json")
    assert refused.status_code == 403
    assert api_as(world.manager).post(url, offer_data(world), format="json").status_code == 403


def test_an_offer_is_posted_once_under_one_idempotency_key(world):
    url = reverse("api-placement-offer-list")
    client = api_as(world.employer.agent)
    first = client.post(url, offer_data(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(url, offer_data(world), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Offer.objects.filter(title="Formation en électricité").count() == 1


def test_changing_an_offer_checks_the_version_and_the_employer(world):
    url = reverse("api-placement-offer-detail", args=[world.offer.pk])
    changed = api_as(world.employer.agent).patch(
        url, {"version": 1, "status": "filled"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["status"] == "filled"
    stale = api_as(world.coordinator).patch(url, {"version": 1, "places": 9}, format="json")
    assert stale.status_code == 409
    other = api_as(world.b[Role.PROVIDER_AGENT]).patch(url, {"version": 2}, format="json")
    assert other.status_code == 404  # B's agent does not see the employer's offers


def test_a_case_manager_proposes_by_api_under_the_same_rules(world):
    url = reverse("api-placement-proposal-list")
    client = api_as(world.manager)
    body = {
        "offer": str(world.offer.pk),
        "case": str(world.social_only.pk),
        "reason": "Soudure",
        "shared_sections": ["identity"],
    }
    refused = client.post(url, body, format="json")
    assert refused.status_code == 400
    assert "no economic dimension" in str(refused.json()["error"]["fields"])
    body["case"] = str(world.economic.pk)
    made = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="p-1")
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="p-1")
    assert made.status_code == again.status_code == 201, made.json()
    assert made.json()["id"] == again.json()["id"] and Proposal.objects.count() == 1
    assert made.json()["referral"]["status"] == ReferralStatus.SENT
    assert "person" not in made.json()  # the person is on the referral, as shared
    assert api_as(world.employer.agent).post(url, body, format="json").status_code == 403
    assert api_as(world.b[Role.CASE_MANAGER]).post(url, body, format="json").status_code == 404


def test_proposals_are_read_by_standing_and_a_user_of_another_organisation_gets_404(world):
    proposal = propose(world)
    url = reverse("api-placement-proposal-detail", args=[proposal.pk])
    assert api_as(world.manager).get(url).status_code == 200
    assert api_as(world.employer.agent).get(url).status_code == 200
    for user in (world.b[Role.CASE_MANAGER], world.b[Role.PROVIDER_AGENT], world.coordinator):
        assert api_as(user).get(url).status_code == 404
    listed = api_as(world.employer.agent).get(reverse("api-placement-proposal-list"))
    assert [row["id"] for row in listed.json()["results"]] == [str(proposal.pk)]
    assert (
        api_as(world.b[Role.CASE_MANAGER])
        .get(reverse("api-placement-proposal-list"))
        .json()["results"]
        == []
    )


def test_the_outcome_by_api_is_the_receivers(world):
    proposal = propose(world)
    url = reverse("api-placement-proposal-outcome", args=[proposal.pk])
    body = {"outcome": "not_retained", "reason": "position_filled", "note": "Plus de place"}
    assert api_as(world.manager).post(url, body, format="json").status_code == 403
    assert api_as(world.b[Role.PROVIDER_AGENT]).post(url, body, format="json").status_code == 404
    done = api_as(world.employer.agent).post(url, body, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["outcome"] == "not_retained"
    assert done.json()["referral"]["status"] == ReferralStatus.DECLINED
    again = api_as(world.employer.agent).post(url, body, format="json")
    assert again.status_code == 400


def test_the_schema_describes_the_placements_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    schema = (tmp_path / "schema.yml").read_text("utf-8")
    assert "/api/placements/offers/" in schema and "NotRetainedReasonEnum" in schema
