"""Community initiatives: objective, budget and currency, partner, status, results and the
programme (donor) tags, recorded by the community's officer, by page or API (once per
Idempotency-Key)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.community.models import Community, Initiative
from sutura.community.services import communities, initiatives
from sutura.core.concurrency import StaleVersionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(users_b: dict[Role, Any]) -> Any:
    return users_b[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(officer: Any, locations: dict[str, Any]) -> Community:
    return communities.create_community(
        actor=officer, name="Mopti Bas-Fonds", location=locations["ML-1"]
    )


@pytest.fixture
def echo(officer: Any) -> Programme:
    return Programme.objects.create(organisation=officer.organisation, name="ECHO", donor="ECHO")


def test_an_initiative_keeps_its_budget_partner_and_donor_tags(
    officer: Any, community: Community, echo: Programme, users_a: dict[Role, Any]
) -> None:
    cbo = users_a[Role.PROTECTION_OFFICER].organisation
    made = initiatives.create_initiative(
        actor=officer, community=community, title="Caisse de solidarité",
        objective="Épargne des femmes", budget=Decimal("3500000"), currency="xof",
        partner=cbo, programmes=[echo],
    )  # fmt: skip
    assert (made.currency, made.partner_id, made.status) == ("XOF", cbo.pk, "proposed")
    assert list(made.programmes.all()) == [echo]


def test_a_budget_says_its_currency_and_an_initiative_ends_after_it_starts(
    officer: Any, community: Community
) -> None:
    with pytest.raises(ValidationError) as no_currency:
        initiatives.create_initiative(
            actor=officer, community=community, title="X", objective="Y", budget=Decimal(10)
        )
    assert "currency" in no_currency.value.error_dict
    with pytest.raises(ValidationError) as backwards:
        initiatives.create_initiative(
            actor=officer, community=community, title="X", objective="Y",
            starts_on=datetime.date(2026, 5, 1), ends_on=datetime.date(2026, 4, 1),
        )  # fmt: skip
    assert "ends_on" in backwards.value.error_dict


def test_another_organisations_programme_is_no_tag(
    officer: Any, community: Community, users_a: dict[Role, Any]
) -> None:
    theirs = Programme.objects.create(
        organisation=users_a[Role.PROGRAMME_MANAGER].organisation, name="AICS"
    )
    with pytest.raises(ValidationError):
        initiatives.create_initiative(
            actor=officer, community=community, title="X", objective="Y", programmes=[theirs]
        )


def test_results_are_recorded_on_the_version_read_and_only_by_the_officer(
    officer: Any, community: Community, users_b: dict[Role, Any]
) -> None:
    made = initiatives.create_initiative(
        actor=officer, community=community, title="Jardin", objective="Revenus"
    )
    done = initiatives.update_initiative(
        actor=officer, initiative=made, expected_version=made.version,
        status="completed", results="Douze jeunes ont un revenu",
    )  # fmt: skip
    assert done.status == "completed"
    with pytest.raises(StaleVersionError):
        initiatives.update_initiative(
            actor=officer, initiative=made, expected_version=1, results="Autre"
        )
    with pytest.raises(PermissionDenied):
        initiatives.update_initiative(
            actor=users_b[Role.PROGRAMME_MANAGER], initiative=done,
            expected_version=done.version, results="Autre",
        )  # fmt: skip


def test_the_initiative_pages_record_and_show_it(
    officer: Any, community: Community, echo: Programme, client: Any
) -> None:
    client.force_login(officer)
    sent = client.post(
        reverse("community:initiative_new", kwargs={"pk": community.pk}),
        {"title": "Caisse", "objective": "Épargne", "budget": "1000", "currency": "xof",
         "status": "approved", "programmes": [str(echo.pk)]},
    )  # fmt: skip
    assert sent.status_code == 302
    made = Initiative.objects.get(community=community)
    page = client.get(sent["Location"]).content.decode()
    assert "XOF" in page and "ECHO" in page
    assert made.budget == Decimal(1000) and made.status == "approved"
    assert list(made.programmes.all()) == [echo]


def test_the_api_creates_an_initiative_once_per_idempotency_key(
    officer: Any, community: Community, client: Any, users_b: dict[Role, Any]
) -> None:
    client.force_login(officer)
    body = {"community": str(community.pk), "title": "Caisse", "objective": "Épargne"}
    for _ in range(2):
        sent = client.post(
            "/api/community/initiatives/", body, content_type="application/json",
            headers={"Idempotency-Key": "initiative-1"},
        )  # fmt: skip
        assert sent.status_code == 201, sent.content
    assert Initiative.objects.filter(community=community).count() == 1
    client.force_login(users_b[Role.COMMUNITY_MENTOR])
    refused = client.post(
        "/api/community/initiatives/", body, content_type="application/json",
        headers={"Idempotency-Key": "initiative-2"},
    )  # fmt: skip
    assert refused.status_code == 404
