"""Forms that name a partner organisation offer the NGOs and CBOs of the officer's country and
the organisations already partners of the officer's communities (not every organisation of
the platform), grouped by kind; the one already chosen stays on an edit."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sutura.accounts.models import OrganisationType
from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.community.forms.partners import WorkplanForm
from sutura.community.selectors.partners import partner_organisations
from sutura.community.services import communities
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(locations: dict[str, Any]) -> dict[str, Any]:
    ml, sn = locations["ML"], locations["SN"]
    return {
        "cbo": OrganisationFactory(name="CBO Kayes", type=OrganisationType.CBO, country=ml),
        "ngo": OrganisationFactory(name="ONG Gao", type=OrganisationType.NATIONAL_NGO, country=ml),
        "un": OrganisationFactory(name="Agence ONU", type=OrganisationType.UN_AGENCY, country=ml),
        "gov": OrganisationFactory(name="Ministère", type=OrganisationType.GOVERNMENT, country=ml),
        "abroad": OrganisationFactory(name="CBO Dakar", type=OrganisationType.CBO, country=sn),
        "closed": OrganisationFactory(
            name="CBO fermée", type=OrganisationType.CBO, country=ml, is_active=False
        ),
    }


def test_the_officer_is_offered_the_ngos_and_cbos_of_their_country(
    users_b: dict[Role, Any], orgs: dict[str, Any]
) -> None:
    officer = users_b[Role.PROTECTION_OFFICER]
    offered = set(partner_organisations(officer))
    assert {orgs["cbo"], orgs["ngo"]} <= offered
    assert not {orgs["un"], orgs["gov"], orgs["abroad"], orgs["closed"]} & offered
    assert officer.organisation not in offered


def test_an_organisation_already_partner_of_a_community_is_offered_whatever_its_kind(
    users_b: dict[Role, Any], orgs: dict[str, Any], locations: dict[str, Any]
) -> None:
    officer = users_b[Role.PROTECTION_OFFICER]
    community = communities.create_community(
        actor=officer, name="Kayes N'Di", location=locations["ML-1"]
    )
    community.partners.create(organisation=orgs["un"], role="implementing")
    assert orgs["un"] in set(partner_organisations(officer))
    assert orgs["gov"] in set(partner_organisations(officer, current=orgs["gov"].pk))


def test_the_select_groups_the_partners_by_kind_and_refuses_the_others(
    users_b: dict[Role, Any], orgs: dict[str, Any]
) -> None:
    officer = users_b[Role.PROTECTION_OFFICER]
    form = WorkplanForm(
        {
            "partner": orgs["un"].pk,
            "title": "x",
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
        },
        partners=partner_organisations(officer),
        programmes=Programme.objects.none(),
    )
    html = str(form["partner"])
    assert '<optgroup label="' in html and "CBO Kayes" in html and "Agence ONU" not in html
    assert not form.is_valid() and "partner" in form.errors


def test_the_safe_space_page_offers_only_fitting_partners(
    users_b: dict[Role, Any], orgs: dict[str, Any], locations: dict[str, Any], client: Any
) -> None:
    officer = users_b[Role.PROTECTION_OFFICER]
    community = communities.create_community(
        actor=officer, name="Kayes N'Di", location=locations["ML-1"]
    )
    client.force_login(officer)
    text = client.get(reverse("community:safe_space_new", kwargs={"pk": community.pk})).content
    assert b"CBO Kayes" in text and b"Agence ONU" not in text and b"CBO Dakar" not in text
