"""The API of protocols and memberships: read by holders of `view_governance`, written by the
NRM coordinator; the organisation in /api/me/ says whether it is a member, from signatures."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.governance.tests.helpers import version_in_force

pytestmark = pytest.mark.django_db


def test_the_coordinator_signs_and_ends_a_signature_and_membership_follows(client, users_a, org_b):
    coordinator = users_a[Role.NRM_COORDINATOR]
    version = version_in_force(coordinator)
    client.force_login(coordinator)
    signed = client.post(
        reverse("api-governance-version-sign", args=[version.pk]),
        {"organisation": str(org_b.pk), "signed_on": "2024-03-12"},
        content_type="application/json",
    )
    assert signed.status_code == 201, signed.content
    member = client.get(reverse("api-governance-membership-detail", args=[org_b.pk])).json()
    assert (member["is_member"], member["since"]) == (True, "2024-03-12")
    ended = client.post(
        reverse("api-governance-signature-end", args=[signed.json()["id"]]),
        {"ended_on": "2025-01-31", "reason": "withdrawn", "version": signed.json()["version"]},
        content_type="application/json",
    )
    assert ended.status_code == 200, ended.content
    rows = client.get(reverse("api-governance-membership-list")).json()["results"]
    row = next(r for r in rows if r["organisation"] == str(org_b.pk))
    assert (row["is_member"], row["lapsed_on"], row["reason"]) == (False, "2025-01-31", "withdrawn")
    protocol = client.get(reverse("api-governance-protocol-detail", args=[version.protocol_id]))
    assert protocol.json()["versions"][0]["signatures"][0]["end_reason"] == "withdrawn"


def test_readers_read_and_may_not_write(client, users_a, org_b):
    version = version_in_force(users_a[Role.NRM_COORDINATOR])
    client.force_login(users_a[Role.CASE_MANAGER])
    assert client.get(reverse("api-governance-protocol-list")).status_code == 200
    refused = client.post(
        reverse("api-governance-version-sign", args=[version.pk]),
        {"organisation": str(org_b.pk), "signed_on": "2024-03-12"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.force_login(users_a[Role.COMMUNITY_MENTOR])  # no view_governance
    assert client.get(reverse("api-governance-membership-list")).status_code == 403


def test_the_organisation_in_me_says_whether_it_is_a_member(client, users_a, org_a):
    coordinator = users_a[Role.NRM_COORDINATOR]
    client.force_login(coordinator)
    me = client.get(reverse("api-me")).json()["organisation"]
    assert (me["is_nrm_member"], me["nrm_member_since"]) == (False, None)
    version = version_in_force(coordinator)
    from sutura.governance.services.protocols import add_signature

    add_signature(coordinator, version, organisation=org_a, signed_on=datetime.date(2024, 2, 1))
    me = client.get(reverse("api-me")).json()["organisation"]
    assert (me["is_nrm_member"], me["nrm_member_since"]) == (True, "2024-02-01")
