"""Review of issue 14: a draft protocol version, and its signed PDF, to a non-member.

`access/governance._governance_readers` gives every Protocol/ProtocolVersion/Signature to any
holder of `view_governance`, whatever their organisation's membership, and whatever the
version's status (draft included). The library's rule keeps drafts to the editor and the
organisations consulted; the protocol's does not."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from sutura.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from sutura.governance.services import protocols as services

pytestmark = pytest.mark.django_db


def test_review_a_non_member_does_not_read_a_draft_protocol_version(
    client: Any, users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    coordinator = users_a[Role.NRM_COORDINATOR]
    protocol = services.create_protocol(coordinator, title="Protocole 2027 (projet)")
    draft = services.create_version(
        coordinator,
        protocol,
        effective_from=datetime.date(2027, 1, 1),
        purpose_fr="Projet confidentiel",
    )
    reader = next(
        users_b[role]
        for role in Role
        if Perm.VIEW_GOVERNANCE in ROLE_PERMISSIONS[role]
        and Perm.MANAGE_GOVERNANCE not in ROLE_PERMISSIONS[role]
    )
    client.force_login(reader)  # organisation B has signed nothing
    response = client.get(reverse("api-governance-version-detail", args=[draft.pk]))
    # FAILS: 200 with the draft's sections
    assert response.status_code == 404, response.content[:300]
