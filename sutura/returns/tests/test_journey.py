"""The whole journey through the pages, without a browser, as "How it will be checked" says: a
case manager in a transit country opens a return for a child, records the counselling and the
travel, and hands over; the receiving case manager records the arrival and opens the
reintegration case, whose page shows the return journey; the API answers the same."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from sutura.returns import services
from sutura.returns.models import Return
from sutura.returns.tests.helpers import departure_case

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def _step(client: Client, found: Return, name: str, data: dict[str, Any]) -> Any:
    response = client.post(reverse("returns:step", args=[found.pk, name]), data)
    assert response.status_code == 302, response.content.decode().split("form-errors")[-1][:800]
    return response


def test_the_whole_journey_of_a_child(
    offices: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The children app (built beside this one) decides the BID: stood in for here.
    monkeypatch.setattr(services, "decided_bid", lambda case: True)
    sender, receiver = _client(offices.sender), _client(offices.receiver)
    case = departure_case(offices.sender, given_names="Awa", family_name="Camara", child=True)
    # The departure case's page offers to open the return.
    page = sender.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("returns:open", args=[case.pk]) in page
    response = sender.post(
        reverse("returns:open", args=[case.pk]),
        {"receiving_organisation": str(offices.receiving.pk)},
    )
    assert response.status_code == 302
    found = Return.objects.get(departure_case=case)
    # Counselling and the departure facts.
    day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    _step(
        sender,
        found,
        "counselling",
        {
            "held_on": day,
            "topics": ["return_process", "conditions_at_home", "reintegration"],
            "decision": "wishes_to_return",
        },
    )
    _step(
        sender,
        found,
        "facts",
        {
            "version": Return.objects.get(pk=found.pk).version,
            "eligibility": "eligible",
            "vulnerabilities": ["unaccompanied_child"],
            "vulnerability_note": "Voyage seule depuis Agadez",
            "fitness": "fit_with_escort",
            "fitness_on": day,
            "fitness_by": "Dr Moussa",
        },
    )
    # The travel: documents and the movement.
    _step(
        sender,
        found,
        "document",
        {"kind": "laissez_passer", "status": "issued", "issued_by": "Consulat", "number": "L1"},
    )
    _step(
        sender,
        found,
        "movement",
        {
            "departs_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "route": "Niamey – Dakar",
            "carrier": "Air Sahel",
            "escort": "Escorte OIM",
            "departure_point": "Niamey",
            "arrival_point": "Dakar",
        },
    )
    _step(sender, found, "ready", {})
    # Not handed over without the guardian's consent to share with the receiving office.
    refused = sender.post(reverse("returns:step", args=[found.pk, "hand_over"]), {})
    assert refused.status_code == 200 and "consent" in refused.content.decode()
    assert not receiver.get(reverse("returns:list")).content.decode().count(found.number)
    response = sender.post(
        reverse("people:consent", args=[case.person_id]),
        {
            "purpose": "sharing",
            "shared_with": str(offices.receiving.pk),
            "status": "given",
            "method": "guardian",
            "guardian_name": "Oncle Ibrahima",
            "childs_views": "Veut rentrer",
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    _step(sender, found, "hand_over", {})
    # The receiving office: the incoming list, the handover, the arrival.
    listed = receiver.get(reverse("returns:list")).content.decode()
    assert found.number in listed and "Awa" in listed
    detail = receiver.get(reverse("returns:detail", args=[found.pk])).content.decode()
    assert "Unaccompanied child" in detail and "Laissez-passer" in detail
    assert "Niamey" in detail and "Wishes to return" in detail
    _step(
        receiver,
        found,
        "arrival",
        {
            "arrived_on": timezone.localdate().isoformat(),
            "met_by": "Agent d'accueil",
            "assistance": ["transport", "food", "hygiene"],
        },
    )
    _step(
        receiver,
        found,
        "counselling",
        {"held_on": timezone.localdate().isoformat(), "topics": ["reintegration", "health"]},
    )
    # The departure office reads the arrival date and status, not the reception.
    seen = sender.get(reverse("returns:detail", args=[found.pk])).content.decode()
    assert "Arrived" in seen and "Agent d&#x27;accueil" not in seen
    response = _step(
        receiver,
        found,
        "open_case",
        {
            "consent_method": "guardian",
            "consent_on": timezone.localdate().isoformat(),
            "guardian_name": "Mère, Fatou Camara",
            "childs_views": "Contente d'être rentrée",
            "opened_on": timezone.localdate().isoformat(),
        },
    )
    found.refresh_from_db()
    case_url = reverse("cases:detail", args=[found.reintegration_case_id])
    assert response["Location"] == case_url
    page = receiver.get(case_url).content.decode()
    with override("en"):
        assert "Return journey" in page and found.number in page
    assert "Voyage seule depuis Agadez" in page and "Fit to travel with an escort" in page
    assert "Opened from the return journey" in page or "from_return" in page
    # The departure office: the reintegration case does not exist for it.
    assert sender.get(case_url).status_code == 404
    # The API answers the same, each side its part.
    api = receiver.get(reverse("api-return-detail", args=[found.pk])).json()
    assert api["status"] == "reintegration" and api["identity"]["given_names"] == "Awa"
    assert api["arrival"]["assistance"] == ["transport", "food", "hygiene"]
    api = sender.get(reverse("api-return-detail", args=[found.pk])).json()
    assert api["arrived_on"] == timezone.localdate().isoformat() and "arrival" not in api


def test_the_api_takes_the_steps(offices: SimpleNamespace) -> None:
    sender, receiver = _client(offices.sender), _client(offices.receiver)
    case = departure_case(offices.sender, given_names="Yaya")
    created = sender.post(
        reverse("api-return-list"),
        {"case": str(case.pk), "receiving_organisation": str(offices.receiving.pk)},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    url = reverse("api-return-steps", args=[created.json()["id"]])

    def step(client: Client, **data: Any) -> Any:
        return client.post(url, data, content_type="application/json")

    day = timezone.localdate().isoformat()
    assert step(sender, step="counselling", held_on=day, topics=["rights"]).status_code == 400
    answer = step(
        sender, step="counselling", held_on=day, topics=["rights"], decision="wishes_to_return"
    )
    assert answer.status_code == 200
    version = answer.json()
    assert step(sender, step="ready").status_code == 409  # not eligible yet…
    assert step(receiver, step="arrival", arrived_on=day, met_by="x").status_code == 404
    assert step(sender, step="movement", departs_on=day).status_code == 400
    assert version["status"] == "counselling"
    listed = sender.get(reverse("api-return-list")).json()
    assert [r["number"] for r in listed["results"]] == [created.json()["number"]]
    assert receiver.get(reverse("api-return-list")).json()["results"] == []
