"""The public API, the only write of the system without an account: it takes what the public
form takes, checks all of it, answers the tracking code, and goes through the same guards (the
limit per address shared with the form, the body's size, refusals logged without content);
the status endpoint answers the status only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.feedback.forms.public import status_words
from sutura.feedback.models import FeedbackItem, IntakePoint
from sutura.feedback.services import points

pytestmark = pytest.mark.django_db

WHAT = "Le distributeur a gardé une partie des kits pour lui."
FILE = "/api/public/feedback/"
STATUS = "/api/public/feedback/status/"


@pytest.fixture
def point(users_a: dict[Role, Any], locations: dict[str, Any]) -> IntakePoint:
    return points.create_point(
        actor=users_a[Role.PROTECTION_OFFICER], kind="community", name="Mbour", location=None
    )


def body(point: IntakePoint, **changes: Any) -> dict[str, Any]:
    return {"intake_point": point.code, "category": "fraud", "description": WHAT, **changes}


def client() -> APIClient:
    return APIClient(enforce_csrf_checks=True)  # no session, no CSRF token: none needed


def post(path: str, data: Any, **headers: Any) -> Any:
    return client().post(path, data, format="json", **headers)


def test_the_routes_are_where_the_documentation_says() -> None:
    assert reverse("api-feedback-public") == FILE
    assert reverse("api-feedback-public-status") == STATUS


def test_a_complaint_is_filed_without_an_account(point: IntakePoint) -> None:
    answer = post(FILE, body(point, contact_method="phone", contact_phone="77 123 45 67"))
    assert answer.status_code == 201, answer.content
    item = FeedbackItem.objects.get()
    assert answer.json() == {"tracking_code": item.tracking_code, "status": "received"}
    assert item.channel == "public_form" and item.intake_point == point
    assert item.organisation_id == point.organisation_id and item.sensitive
    assert (item.contact_method, item.contact_phone) == ("phone", "+221771234567")
    assert (item.sex, item.age_group) == ("not_stated", "unknown")


def test_anonymous_keeps_no_contact(point: IntakePoint) -> None:
    post(FILE, body(point, contact_name="Awa", contact_phone="+221771234567"))
    item = FeedbackItem.objects.get()
    assert (item.contact_method, item.contact_name, item.contact_phone) == ("none", "", "")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"intake_point": "zzzzz"}, "intake_point"),
        ({"intake_point": "../../etc"}, "intake_point"),
        ({"category": "nope"}, "category"),
        ({"category": ["fraud"]}, "category"),
        ({"description": ""}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"description": None}, "description"),
        ({"sex": "x"}, "sex"),
        ({"age_group": 7}, "age_group"),
        ({"contact_method": "in_person"}, "contact_method"),
        ({"contact_method": "phone"}, "contact_phone"),
        ({"contact_method": "phone", "contact_phone": "12"}, "contact_phone"),
        ({"contact_method": "email", "contact_email": "nope"}, "contact_email"),
        ({"contact_method": "trusted_person"}, "trusted_person"),
        ({"contact_name": "n" * 161}, "contact_name"),
    ],
)
def test_every_field_is_checked(point: IntakePoint, changes: dict[str, Any], field: str) -> None:
    answer = post(FILE, body(point, **changes))
    assert answer.status_code == 400, answer.content
    error = answer.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"], error
    assert not FeedbackItem.objects.exists()


def test_a_retired_point_takes_nothing(point: IntakePoint) -> None:
    IntakePoint.objects.filter(pk=point.pk).update(active=False)
    answer = post(FILE, body(point))
    assert answer.status_code == 400 and "intake_point" in answer.json()["error"]["fields"]


def test_an_idempotency_key_files_once(point: IntakePoint) -> None:
    first = post(FILE, body(point), HTTP_IDEMPOTENCY_KEY="retry-1")
    again = post(FILE, body(point), HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert FeedbackItem.objects.count() == 1
    # The same key with another body is refused: nobody gets a code by guessing a key.
    other = post(FILE, body(point, description="Autre chose"), HTTP_IDEMPOTENCY_KEY="retry-1")
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert first.json()["tracking_code"] not in other.content.decode()
    assert post(FILE, body(point), HTTP_IDEMPOTENCY_KEY="x" * 201).status_code == 400
    assert FeedbackItem.objects.count() == 1


def test_the_limit_per_address_is_shared_with_the_form(point: IntakePoint, settings: Any) -> None:
    settings.SUTURA_PUBLIC_FEEDBACK_PER_HOUR = 1
    assert post(FILE, body(point)).status_code == 201
    refused = post(FILE, body(point))
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert int(refused["Retry-After"]) > 3000
    entries = AuditEntry.objects.filter(action=Action.REFUSED)
    assert [e.detail.split(" (")[0] for e in entries] == ["public form refused: rate limit"]
    assert WHAT not in json.dumps([e.changes for e in entries]) + entries[0].detail


def test_a_body_too_large_is_refused(point: IntakePoint) -> None:
    answer = post(FILE, body(point, description="x" * 70_000))
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"


def test_the_status_answers_the_status_only(point: IntakePoint) -> None:
    code = post(FILE, body(point)).json()["tracking_code"]
    answer = post(STATUS, {"tracking_code": code.lower().replace("-", " ")})
    assert answer.status_code == 200
    label, explanation = status_words("received")
    assert answer.json() == {
        "status": "received",
        "status_label": label,
        "explanation": explanation,
    }


def test_an_unknown_or_malformed_code(point: IntakePoint) -> None:
    unknown = post(STATUS, {"tracking_code": "KM4T-X7PQ-9RCA"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    malformed = post(STATUS, {"tracking_code": "abc"})
    assert malformed.status_code == 400
    assert "tracking_code" in malformed.json()["error"]["fields"]
    assert post(STATUS, {}).status_code == 400


def test_the_status_check_is_rate_limited(settings: Any) -> None:
    settings.SUTURA_PUBLIC_STATUS_PER_HOUR = 2
    for _ in range(2):
        assert post(STATUS, {"tracking_code": "KM4T-X7PQ-9RCA"}).status_code == 404
    assert post(STATUS, {"tracking_code": "KM4T-X7PQ-9RCA"}).status_code == 429


def test_the_schema_documents_both_endpoints_without_authentication() -> None:
    schema = client().get("/api/schema/", {"format": "json"}).json()
    for path in (FILE, STATUS):
        operation = schema["paths"][path]["post"]
        assert operation["security"] == [{}]  # no authentication
        assert "429" in operation["responses"]
    assert "201" in schema["paths"][FILE]["post"]["responses"]
