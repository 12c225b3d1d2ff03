"""The indicators API on the access world: the registry in both languages, values by period
and disaggregation under the access rules, the small-number rule for the NRM's view, and
refusals (403 for those who count nothing, 404 for an unknown code, 400 for bad input)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.core.indicators import SUPPRESSED
from tests.worlds import World

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def values(user: Any, code: str, **query: str) -> Any:
    url = reverse("api-indicator-values", kwargs={"code": code})
    return client_of(user).get(url, query)


def test_the_registry_in_french_and_english(world: World) -> None:
    response = client_of(world.a.users[Role.ME_OFFICER]).get(reverse("api-indicator-list"))
    assert response.status_code == 200
    found = {item["code"]: item for item in response.json()}
    registered = found["cases.registered"]
    assert registered["names"] == {"fr": registered["names"]["fr"], "en": "Cases registered"}
    assert registered["unit"] == "count"
    assert {"code": "sex", "label": registered["dimensions"][0]["label"]} in registered[
        "dimensions"
    ]
    assert found["cases.assistance_disbursed"]["split_by"] == ["currency"]
    assert found["referrals.days_to_acceptance"]["unit"] == "median_days"


def test_values_by_sex_for_ones_own_organisation(world: World) -> None:
    response = values(
        world.a.users[Role.ME_OFFICER],
        "cases.registered",
        period="2000-01-01..2099-12-31",
        by="sex",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["indicator"] == "cases.registered" and body["by"] == ["sex"]
    assert body["period"]["kind"] == "custom"
    assert sum(cell["value"] for cell in body["cells"]) == body["total"]
    # One's own figures: small counts shown (they are the user's organisation's).
    assert body["suppressed"] is False
    forced = values(
        world.a.users[Role.ME_OFFICER],
        "cases.registered",
        period="2000-01-01..2099-12-31",
        by="sex",
        suppress="1",
    ).json()
    assert forced["total"] == SUPPRESSED or forced["total"] >= 5


def test_the_nrm_coordinator_sees_the_mechanism_under_the_small_number_rule(world: World) -> None:
    # B's coordinator counts A's referral to C, which B has no part in.
    coordinator = world.b.users[Role.NRM_COORDINATOR]
    body = values(
        coordinator, "referrals.made", period="2000-01-01..2099-12-31", by="provider"
    ).json()
    assert body["suppressed"] is True
    shown = [cell["value"] for cell in body["cells"]]
    assert SUPPRESSED in shown
    assert all(value == SUPPRESSED or value == 0 or value >= 5 for value in shown)
    # Never a lone "<5" beside a total it could be worked out from.
    assert shown.count(SUPPRESSED) != 1


def test_amounts_by_currency(world: World) -> None:
    body = values(
        world.a.users[Role.ME_OFFICER],
        "cases.assistance_disbursed",
        period="2000-01-01..2099-12-31",
    ).json()
    assert body["by"] == ["currency"]
    assert [cell["key"] for cell in body["cells"]] == [{"currency": world.a.item.currency}]


def test_scope_by_programme_and_place(world: World) -> None:
    officer = world.a.users[Role.ME_OFFICER]
    body = values(
        officer,
        "cases.registered",
        period="2000-01-01..2099-12-31",
        programme="6f1c3a2e-0000-4000-8000-000000000000",
    ).json()
    assert body["total"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"period": "2026-Q5"}, "period"),
        ({"period": "0001"}, "period"),
        ({"by": "shoe_size"}, "by"),
        ({"by": "sex,sex"}, "by"),
        ({"admin1": "Dakar"}, "admin1"),
    ],
)
def test_bad_input_is_refused(world: World, query: dict[str, str], field: str) -> None:
    response = values(world.a.users[Role.ME_OFFICER], "cases.registered", **query)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_refusals(world: World) -> None:
    assert values(world.a.users[Role.ME_OFFICER], "cases.nothing").status_code == 404
    assert values(world.a.users[Role.CASE_MANAGER], "cases.registered").status_code == 403
    response = client_of(world.a.users[Role.COMMUNITY_MENTOR]).get(reverse("api-indicator-list"))
    assert response.status_code == 403
    assert Client().get(reverse("api-indicator-list")).status_code in (401, 403)
