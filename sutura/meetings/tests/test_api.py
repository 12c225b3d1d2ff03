"""The meetings API under the same rules as the pages."""

from __future__ import annotations

from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.meetings import attendance, services
from sutura.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_meetings_are_listed_and_created_once_per_key(
    users_b: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    client.force_login(manager_a)
    listed = client.get("/api/meetings/").json()
    assert [m["id"] for m in listed["results"]] == [str(meeting_a.pk)]
    body = {
        "kind": "training",
        "title": "Formation API",
        "starts_at": "2026-03-01T09:00:00Z",
        "address": "Dakar",
        "topics": ["psea"],
        "agenda": ["Accueil", "PEAS"],
    }
    first = client.post(
        "/api/meetings/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    again = client.post(
        "/api/meetings/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert first.json()["topics"] == ["psea"]
    assert Meeting.objects.filter(title="Formation API").count() == 1
    client.force_login(users_b[Role.PROGRAMME_MANAGER])
    assert client.get(f"/api/meetings/{meeting_a.pk}/").status_code == 404
    assert client.get("/api/meetings/").json()["results"] == []
    client.force_login(users_b[Role.PROVIDER_AGENT])
    assert client.post("/api/meetings/", body, content_type="application/json").status_code == 403


def test_participants_contacts_only_for_those_who_record(
    users_a: dict[Role, Any], manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    mentor = users_a[Role.COMMUNITY_MENTOR]
    attendance.add_participant(manager_a, meeting_a, user=mentor)
    client.force_login(manager_a)
    made = client.post(
        "/api/meeting-participants/",
        {"meeting": str(meeting_a.pk), "name": "Awa", "phone": "770000001", "category": "cbo"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["phone"] == "770000001"
    client.force_login(mentor)
    rows = client.get(f"/api/meeting-participants/?meeting={meeting_a.pk}").json()["results"]
    assert sorted(r["name"] for r in rows)[0] == "Awa"
    assert all(r["phone"] == "" for r in rows)
    refused = client.post(
        "/api/meeting-participants/",
        {"meeting": str(meeting_a.pk), "name": "Intrus"},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_action_items_mine_and_status(
    users_a: dict[Role, Any],
    users_b: dict[Role, Any],
    manager_a: Any,
    meeting_a: Meeting,
    client: Any,
) -> None:
    casemanager = users_a[Role.CASE_MANAGER]
    item = services.add_action_item(
        manager_a, meeting_a, what="Relancer", responsible_user=casemanager
    )
    client.force_login(casemanager)
    mine = client.get("/api/meeting-action-items/?mine=true").json()["results"]
    assert [row["id"] for row in mine] == [str(item.pk)]
    done = client.post(
        f"/api/meeting-action-items/{item.pk}/status/",
        {"status": "done", "progress_note": "Fait", "version": 1},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    stale = client.post(
        f"/api/meeting-action-items/{item.pk}/status/",
        {"status": "open", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert client.get("/api/meeting-action-items/?mine=true").json()["results"] == []
    client.force_login(users_b[Role.CASE_MANAGER])
    assert client.get(f"/api/meeting-action-items/{item.pk}/").status_code == 404
    client.force_login(manager_a)
    made = client.post(
        "/api/meeting-action-items/",
        {"meeting": str(meeting_a.pk), "what": "Écrire", "responsible_user": casemanager.pk},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="a-1",
    )
    assert made.status_code == 201


def test_the_schema_documents_the_meetings_endpoints(client: Any) -> None:
    schema = client.get("/api/schema/?format=json").json()
    for path in ("/api/meetings/", "/api/meeting-participants/", "/api/meeting-action-items/"):
        assert path in schema["paths"]
    parameters = schema["paths"]["/api/meetings/"]["post"]["parameters"]
    assert any(p["name"] == "Idempotency-Key" for p in parameters)
