"""Shared fixtures: two organisations, each with a user in every role (RapidPro's pattern)."""

from __future__ import annotations

import pytest

from sutura.accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, seed_test_locations

# `browser` (Debian's Chromium through Playwright) and `seeded_demo` for every test module.
pytest_plugins = ["tests.browser.support", "tests.demo_fixture", "tests.matrix_report"]


@pytest.fixture(autouse=True)
def _english_off_by_default(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture
def locations(db):  # type: ignore[no-untyped-def]
    return seed_test_locations()


@pytest.fixture
def org_a(locations):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Organisation A", acronym="ORG-A", country=locations["SN"]
    )


@pytest.fixture
def org_b(locations):  # type: ignore[no-untyped-def]
    return OrganisationFactory.create(
        name="Organisation B", acronym="ORG-B", country=locations["ML"]
    )


@pytest.fixture
def users_a(org_a):  # type: ignore[no-untyped-def]
    return {
        role: UserFactory.create(organisation=org_a, roles=[role], username=f"a-{role}")
        for role in Role
    }


@pytest.fixture
def users_b(org_b):  # type: ignore[no-untyped-def]
    return {
        role: UserFactory.create(organisation=org_b, roles=[role], username=f"b-{role}")
        for role in Role
    }
