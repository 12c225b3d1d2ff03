"""Fixtures for the directory: a coordinator, a few services around Senegal and Mali."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.directory.models import Cost, ServiceCategory
from sutura.geo.models import Level, Location
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory


@pytest.fixture
def coordinator(org_a: Any) -> Any:
    return UserFactory.create(
        organisation=org_a, roles=[Role.NRM_COORDINATOR], username="coordinator"
    )


@pytest.fixture
def commune(locations: dict[str, Location]) -> Location:
    """A commune under Mbour (Thiès region, Senegal)."""
    return Location.objects.create(
        parent=locations["Mbour"],
        level=Level.ADMIN3,
        country_code="SN",
        name_fr="Joal-Fadiouth",
        name_en="Joal-Fadiouth",
    )


@pytest.fixture
def clinic(locations: dict[str, Location]) -> Any:
    return OrganisationFactory.create(name="Clinique Espoir", acronym="CE")


@pytest.fixture
def directory(locations: dict[str, Location], clinic: Any) -> dict[str, Any]:
    """Four services: one serving the Thiès region, one Mbour only, one in Mali, one withdrawn."""
    today = timezone.localdate()
    thies = ServiceFactory.create(
        provider=clinic,
        name_fr="Écoute psychosociale Thiès",
        name_en="Psychosocial listening Thiès",
        category=ServiceCategory.MHPSS,
        languages=["wo", "fr"],
        latitude=Decimal("14.79100"),
        longitude=Decimal("-16.92600"),
        location=locations["SN-TH"],
        min_age=18,
    )
    thies.areas.set([locations["SN-TH"]])
    mbour = ServiceFactory.create(
        provider=clinic,
        name_fr="Centre de santé de Mbour",
        name_en="Mbour health centre",
        category=ServiceCategory.HEALTH,
        languages=["fr"],
        cost=Cost.FEE,
        sexes=["female"],
        max_age=17,
        last_verified_on=today - datetime.timedelta(days=400),
        location=locations["Mbour"],
    )
    mbour.areas.set([locations["Mbour"]])
    kayes = ServiceFactory.create(
        name_fr="Aide juridique Kayes",
        name_en="Legal aid Kayes",
        category=ServiceCategory.LEGAL,
        languages=["bm"],
        nationalities=["ML"],
        latitude=Decimal("14.44700"),
        longitude=Decimal("-11.44500"),
        vulnerabilities=["vot"],
    )
    kayes.areas.set([locations["ML-1"]])
    withdrawn = ServiceFactory.create(
        provider=clinic,
        name_fr="Ancien refuge",
        category=ServiceCategory.SHELTER,
        is_active=False,
        latitude=Decimal("14.70000"),
        longitude=Decimal("-17.40000"),
    )
    withdrawn.areas.set([locations["SN"]])
    return {"thies": thies, "mbour": mbour, "kayes": kayes, "withdrawn": withdrawn}
