"""The staff API of complaints and feedback: each list gives a user exactly the items the
access rule gives them, never an identity nor what was said; a detail shows the complainant's
identity to the handler only; intake answers a receipt; each step answers 404 / 403 / 400 /
409 as the rules say."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sutura.access import visible
from sutura.access.feedback import item_standing, may_handle_items
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.feedback.models import Category, FeedbackItem, ItemStatus
from sutura.feedback.services import intake, workflow
from tests.audit_words import said
from tests.worlds import World

pytestmark = pytest.mark.django_db

IDENTITY = {"contact_name", "contact_phone", "contact_email", "trusted_person", "complainant"}


def _part(world: World, name: str) -> FeedbackItem:
    return FeedbackItem.objects.get(pk=world.parts["feedback"][name].pk)


def api(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _post(user: Any, url: str, data: dict[str, Any], **headers: Any) -> Any:
    return api(user).post(url, data, content_type="application/json", **headers)


def _step(user: Any, item: FeedbackItem, step: str, **data: Any) -> Any:
    data.setdefault("version", item.version)
    return _post(user, reverse(f"api-feedback-item-{step}", kwargs={"pk": item.pk}), data)


# --- reading -------------------------------------------------------------------------------------


def test_each_list_gives_exactly_the_rows_the_rule_gives(world: World) -> None:
    url = reverse("api-feedback-item-list")
    for user in world.users():
        answer = api(user).get(url)
        if not may_handle_items(user):
            assert answer.status_code == 403, user
            continue
        body = answer.json()
        got = {row["id"] for row in body["results"]}
        expected = {str(pk) for pk in visible(user, FeedbackItem).values_list("pk", flat=True)}
        assert got == expected, user
        for row in body["results"]:
            assert not IDENTITY & set(row) and "description" not in row


def test_the_list_is_read_in_the_audit_log(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    api(manager).get(reverse("api-feedback-item-list"), {"status": "received"})
    entry = AuditEntry.objects.filter(actor=manager).order_by("-pk").first()
    assert entry is not None and said(entry) == "API feedback items list, page 1, filtered"


def test_the_list_filters_by_status_category_and_overdue(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    url = reverse("api-feedback-item-list")
    item_a, referred = _part(world, "item_a"), _part(world, "referred_ab")

    def ids(**query: Any) -> set[str]:
        return {row["id"] for row in api(manager).get(url, query).json()["results"]}

    assert ids(status="referred") == {str(referred.pk)}
    assert ids(category="service_quality") == {str(item_a.pk)}
    assert ids(overdue="true") == set()
    FeedbackItem.objects.filter(pk=item_a.pk).update(
        acknowledge_due=item_a.received_at.replace(year=item_a.received_at.year - 1)
    )
    assert ids(overdue="true") == {str(item_a.pk)}
    assert api(manager).get(url, {"status": "lost"}).status_code == 400


def test_the_detail_shows_the_identity_to_the_handler_only(world: World) -> None:
    items = list(FeedbackItem.objects.all())
    for user in world.users():
        for item in items:
            who = item_standing(user, item)
            answer = api(user).get(reverse("api-feedback-item-detail", kwargs={"pk": item.pk}))
            if not who.sees:
                assert answer.status_code == 404, (user, item)
                continue
            body = answer.json()
            assert body["description"] == item.description
            if item.handler_id == user.pk:
                assert body["complainant"] is not None and not body["identity_withheld"]
            else:
                assert body["complainant"] is None and body["identity_withheld"], (user, item)


def test_the_handlers_detail_and_its_read_in_the_log(world: World) -> None:
    focal = world.a.users[Role.MHPSS_FOCAL_POINT]
    sea = _part(world, "sea_a")
    body = api(focal).get(reverse("api-feedback-item-detail", kwargs={"pk": sea.pk})).json()
    assert body["complainant"]["trusted_person"] == "Sa tante, +221770000002"
    assert body["implicated"][0]["user"]["id"] == world.a.users[Role.CASE_MANAGER].pk
    assert [step["kind"] for step in body["history"]] == ["received", "acknowledged", "assigned"]
    assert body["steps"] == ["assign", "respond", "refer", "reclassify"]
    read = AuditEntry.objects.filter(actor=focal, object_id=str(sea.pk)).order_by("-pk").first()
    assert read is not None and read.action == Action.READ


def test_the_categories(world: World) -> None:
    body = api(world.a.users[Role.CASE_MANAGER]).get(reverse("api-feedback-category-list")).json()
    codes = {row["code"]: row for row in body}
    assert codes["sea"]["sensitive"] and not codes["information_request"]["sensitive"]
    assert codes["sea"]["acknowledge_hours"] == Category.objects.get(code="sea").acknowledge_hours


# --- intake --------------------------------------------------------------------------------------


def test_a_volunteer_records_an_sea_complaint_and_gets_a_receipt_only(world: World) -> None:
    a = world.a
    mentor, implicated = a.users[Role.COMMUNITY_MENTOR], a.users[Role.CASE_MANAGER]
    data = {
        "category": "sea",
        "channel": "volunteer",
        "description": "Il a exigé de l'argent et plus.",
        "contact_method": "phone",
        "contact_phone": "+221770000009",
        "implicated": [{"kind": "staff", "user": implicated.pk}],
    }
    url = reverse("api-feedback-item-list")
    answer = _post(mentor, url, data, HTTP_IDEMPOTENCY_KEY="sea-1")
    assert answer.status_code == 201
    receipt = answer.json()
    assert set(receipt) == {
        "id",
        "number",
        "tracking_code",
        "received_at",
        "status",
        "sensitive",
        "seen",
    }
    assert receipt["sensitive"] and not receipt["seen"]
    again = _post(mentor, url, data, HTTP_IDEMPOTENCY_KEY="sea-1")
    assert again.json()["id"] == receipt["id"]
    assert FeedbackItem.objects.filter(description=data["description"]).count() == 1
    # the colleague it implicates finds nothing, by list or by address
    for user in (implicated, a.users[Role.PROGRAMME_MANAGER], a.users[Role.PROTECTION_OFFICER]):
        client = api(user)
        listed = client.get(url)
        assert listed.status_code == 403 or receipt["id"] not in {
            row["id"] for row in listed.json()["results"]
        }
        detail = reverse("api-feedback-item-detail", kwargs={"pk": receipt["id"]})
        assert client.get(detail).status_code == 404


def test_intake_refuses_what_it_cannot_take(world: World) -> None:
    case_manager = world.a.users[Role.CASE_MANAGER]
    url = reverse("api-feedback-item-list")
    base = {"category": "service_quality", "channel": "hotline", "description": "Trop long."}
    assert _post(case_manager, url, {**base, "channel": "public_form"}).status_code == 400
    assert _post(case_manager, url, {**base, "category": "nothing"}).status_code == 400
    someone_of_b = world.b.users[Role.CASE_MANAGER]
    named = {**base, "implicated": [{"kind": "staff", "user": someone_of_b.pk}]}
    assert _post(case_manager, url, named).status_code == 400
    phone = {**base, "contact_method": "phone"}
    assert _post(case_manager, url, phone).json()["error"]["fields"]["contact_phone"]
    assert _post(world.a.users[Role.ME_OFFICER], url, base).status_code == 403


# --- steps ---------------------------------------------------------------------------------------


def test_each_step_by_the_api(world: World) -> None:
    a = world.a
    manager, officer = a.users[Role.PROGRAMME_MANAGER], a.users[Role.PROTECTION_OFFICER]
    item = _part(world, "item_a")
    answer = _step(manager, item, "acknowledge", note="Rappelée")
    assert answer.status_code == 200 and answer.json()["status"] == "acknowledged"
    answer = _step(manager, _part(world, "item_a"), "assign", handler=officer.pk)
    assert answer.json()["handler"]["id"] == officer.pk
    assert answer.json()["complainant"] is None  # the manager is not the handler
    answer = _step(officer, _part(world, "item_a"), "respond", response="Ouvert dès 8 h.")
    assert answer.json()["status"] == "responded"
    assert answer.json()["complainant"]["contact_phone"] == "+221770000001"
    answer = _step(officer, _part(world, "item_a"), "close", closure="unreachable")
    assert answer.json()["status"] == "closed"
    answer = _step(officer, _part(world, "item_a"), "reopen", note="Elle a rappelé")
    assert answer.json()["status"] == "in_review"
    answer = _step(
        officer,
        _part(world, "item_a"),
        "refer",
        organisation=str(world.b.organisation.pk),
        note="Relève de B",
    )
    assert answer.json()["status"] == "referred"
    assert answer.json()["referred_to"]["id"] == str(world.b.organisation.pk)


def test_a_stale_version_answers_409(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    item = _part(world, "item_a")
    answer = _step(manager, item, "acknowledge", version=item.version - 1)
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "stale"
    assert _part(world, "item_a").status == ItemStatus.RECEIVED


def test_a_step_the_status_does_not_allow_answers_409(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    answer = _step(manager, _part(world, "item_a"), "close", closure="informed")
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "step_refused"


def test_refusals_by_standing(world: World) -> None:
    sea, referred = _part(world, "sea_a"), _part(world, "referred_ab")
    for role in (Role.CASE_MANAGER, Role.PROGRAMME_MANAGER, Role.PROTECTION_OFFICER):
        assert _step(world.a.users[role], sea, "acknowledge").status_code == 404
    officer_b = world.b.users[Role.PROTECTION_OFFICER]
    assert _step(officer_b, referred, "close", closure="no_contact").status_code == 403
    # the input is read after the item and the side: a bad one from the wrong side is 403
    assert _step(officer_b, referred, "close", closure="lost").status_code == 403
    focal = world.a.users[Role.MHPSS_FOCAL_POINT]
    implicated = world.a.users[Role.CASE_MANAGER]
    assert _step(focal, sea, "assign", handler=implicated.pk).status_code == 400
    assert _step(focal, sea, "respond").status_code == 400  # no response given


def test_reclassified_as_fraud_it_leaves_the_officers_list_at_once(world: World) -> None:
    a = world.a
    officer, focal = a.users[Role.PROTECTION_OFFICER], a.users[Role.MHPSS_FOCAL_POINT]
    item = _part(world, "item_a")
    url = reverse("api-feedback-item-list")
    assert str(item.pk) in {row["id"] for row in api(officer).get(url).json()["results"]}
    answer = _step(officer, item, "reclassify", category="fraud", note="Argent demandé")
    assert answer.status_code == 204
    assert str(item.pk) not in {row["id"] for row in api(officer).get(url).json()["results"]}
    assert str(item.pk) in {row["id"] for row in api(focal).get(url).json()["results"]}
    # and back to a normal category by the focal point: an answer with the item
    moved = _part(world, "item_a")
    back = _step(focal, moved, "reclassify", category="service_quality", note="Erreur")
    assert back.status_code == 200 and not back.json()["sensitive"]


def test_assign_by_the_api_checks_the_handler(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    item = _part(world, "item_a")
    outsider = world.b.users[Role.PROGRAMME_MANAGER]
    answer = _step(manager, item, "assign", handler=outsider.pk)
    assert answer.status_code == 400 and answer.json()["error"]["fields"]["handler"]
    assert workflow.available_steps(manager, item)  # nothing changed


def test_the_list_costs_the_same_queries_whatever_its_rows(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    client, url = api(manager), reverse("api-feedback-item-list")
    client.get(url)  # the session's first request
    with CaptureQueriesContext(connection) as before:
        rows = len(client.get(url).json()["results"])
    officer = world.a.users[Role.PROTECTION_OFFICER]
    for _n in range(3):
        item = intake.record_item(
            actor=manager,
            category=Category.objects.get(code="assistance_complaint"),
            channel="in_person",
            description="Le kit est incomplet.",
        )
        workflow.refer(
            actor=manager,
            item=workflow.assign(actor=manager, item=item, handler=officer),
            organisation=world.b.organisation,
            note="Relève de B",
        )
    with CaptureQueriesContext(connection) as after:
        assert len(client.get(url).json()["results"]) == rows + 3  # handled, referred
    assert len(after) == len(before)


def test_the_schema_describes_the_staff_api_without_warnings(tmp_path: Any) -> None:
    from django.core.management import call_command

    schema_file = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema_file))
    schema = schema_file.read_text("utf-8")
    for path in (
        "/api/feedback/items/",
        "/api/feedback/items/{id}/reclassify/",
        "/api/feedback/categories/",
    ):
        assert path in schema
    assert "FeedbackStaffChannelEnum" in schema and "FeedbackStepNameEnum" in schema
