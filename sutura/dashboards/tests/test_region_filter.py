"""The dashboard's region filter: regions grouped by country, the user's own country first."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.dashboards import filters
from sutura.geo.models import Location

pytestmark = pytest.mark.django_db


def test_the_users_country_comes_first_then_the_others_by_name(
    users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    senegal = Location.objects.get(level=0, country_code="SN")
    mali = Location.objects.get(level=0, country_code="ML")
    for user, home in ((users_a[Role.ME_OFFICER], senegal), (users_b[Role.ME_OFFICER], mali)):
        grouped = filters.regions_by_country(user)
        assert grouped[0][0] == str(home)
        assert {r.country_code for r in grouped[0][1]} == {home.country_code}
        others = [name for name, _regions in grouped[1:]]
        assert others == sorted(others)
        assert sum(len(r) for _n, r in grouped) == filters.regions().count()


def test_the_dashboard_shows_the_regions_under_their_country(
    client: Any, users_a: dict[Role, Any]
) -> None:
    client.force_login(users_a[Role.ME_OFFICER])
    page = client.get(reverse("dashboards:dashboard")).content.decode()
    senegal = str(Location.objects.get(level=0, country_code="SN"))
    first = page.index("<optgroup")
    assert page[first:].startswith(f'<optgroup label="{senegal}">')
