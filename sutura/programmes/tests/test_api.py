"""The programmes API: same services and access rules as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.programmes import services
from sutura.programmes.tests.helpers import case_of, planned, programme_of

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_retried_create_makes_one_programme(users_a: dict[Role, Any]) -> None:
    client = _api(users_a[Role.PROGRAMME_MANAGER])
    body = {"name": "Avenir", "code": "AV-26", "warning_percent": 75, "alert_percent": 95}
    first = client.post("/api/programmes/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    second = client.post("/api/programmes/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Programme.objects.filter(name="Avenir").count() == 1
    assert (first.json()["warning_percent"], first.json()["envelopes"]) == (75, [])


def test_the_programme_with_its_envelopes_and_figures(users_a: dict[Role, Any]) -> None:
    manager, worker = users_a[Role.PROGRAMME_MANAGER], users_a[Role.CASE_MANAGER]
    programme = programme_of(manager)
    planned(case_of(programme, worker), worker, ("social", 100_000, "XOF"))
    client = _api(manager)
    added = client.post(
        f"/api/programmes/{programme.pk}/envelopes/",
        {
            "budget_line": "1.2 Sociale",
            "currency": "XOF",
            "dimension": "social",
            "amount": "100000",
        },
        format="json",
    )
    assert added.status_code == 201
    (line,) = (
        _api(users_a[Role.ME_OFFICER]).get(f"/api/programmes/{programme.pk}/").json()["envelopes"]
    )
    assert (Decimal(line["committed"]), line["committed_percent"], line["level"]) == (
        Decimal(100_000),
        100,
        "alert",
    )
    listed = client.get("/api/programmes/").json()["results"]
    assert [row["name"] for row in listed] == [programme.name]


def test_a_stale_change_answers_409(users_a: dict[Role, Any]) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    client = _api(manager)
    body = {"name": "Nouveau nom", "version": 1, "warning_percent": 80, "alert_percent": 100}
    assert client.patch(f"/api/programmes/{programme.pk}/", body, format="json").status_code == 200
    again = client.patch(f"/api/programmes/{programme.pk}/", body, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "stale"


def test_the_results_framework_is_built_and_read_through_the_api(
    users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    manager = users_a[Role.PROGRAMME_MANAGER]
    programme = programme_of(manager)
    client = _api(manager)
    goal = client.post(
        "/api/programmes/results/",
        {"programme": str(programme.pk), "level": "goal", "statement": "Réintégration"},
        format="json",
    ).json()
    indicator = client.post(
        "/api/programmes/indicators/",
        {"result": goal["id"], "name": "Comités", "source": "PV"},
        format="json",
    ).json()
    period = client.post(
        "/api/programmes/periods/",
        {
            "indicator": indicator["id"],
            "period": "2026-Q1",
            "target": "4",
            "actual": "2",
            "actual_source": "PV",
        },
        format="json",
    )
    assert period.status_code == 201
    tree = _api(users_a[Role.ME_OFFICER]).get(f"/api/programmes/{programme.pk}/results/").json()
    assert tree[0]["indicators"][0]["periods"][0]["progress_percent"] == 50
    assert (
        _api(users_b[Role.ME_OFFICER]).get(f"/api/programmes/{programme.pk}/results/").status_code
        == 404
    )
    # Another organisation's manager may not add to it (it is not theirs to see: 404).
    refused = _api(users_b[Role.PROGRAMME_MANAGER]).post(
        "/api/programmes/results/",
        {"programme": str(programme.pk), "level": "goal", "statement": "X"},
        format="json",
    )
    assert refused.status_code == 404


def test_a_partner_reads_the_programme_without_its_budget(
    users_a: dict[Role, Any], users_b: dict[Role, Any]
) -> None:
    programme = programme_of(
        users_a[Role.PROGRAMME_MANAGER], partners=[users_b[Role.ME_OFFICER].organisation]
    )
    services.save_envelope(
        actor=users_a[Role.PROGRAMME_MANAGER],
        programme=programme,
        budget_line="1",
        currency="EUR",
        amount=Decimal(1),
    )
    body = _api(users_b[Role.ME_OFFICER]).get(f"/api/programmes/{programme.pk}/").json()
    assert body["envelopes"] is None
    assert (
        _api(users_b[Role.PROGRAMME_MANAGER])
        .patch(
            f"/api/programmes/{programme.pk}/",
            {"name": "x", "version": 1, "warning_percent": 80, "alert_percent": 100},
            format="json",
        )
        .status_code
        == 403
    )
