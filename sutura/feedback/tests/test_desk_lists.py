"""The desk's lists, search and export show only what `visible()` gives: a complaint of sexual
exploitation and abuse recorded by a volunteer, implicating a colleague, is found by the
designated PSEA focal point — and by nobody else: not the colleague, not their manager, not the
community protection officer; not by list, not by search, not in the export. The recorder
reads back the reference, date and status only. (The world: `tests/world_parts/feedback.py`.)
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.feedback.models import Category, FeedbackItem
from sutura.feedback.services import intake, workflow
from tests.audit_words import said
from tests.worlds import World

pytestmark = pytest.mark.django_db

DESK = "/feedback/"
EXPORT = "/feedback/export.xlsx"


def _part(world: World, name: str) -> Any:
    return world.parts["feedback"][name]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def _listed(user: Any, **query: Any) -> set[str]:
    response = _client(user).get(DESK, query)
    assert response.status_code == 200
    return {item.number for item in response.context["page"]}


def _exported(user: Any, **query: Any) -> list[list[Any]]:
    response = _client(user).get(EXPORT, query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _numbers(rows: list[list[Any]]) -> set[str]:
    return {row[0] for row in rows[1:]}


def test_the_sea_complaint_is_found_by_the_focal_point_only(world: World) -> None:
    a = world.a
    sea = _part(world, "sea_a")
    focal = a.users[Role.MHPSS_FOCAL_POINT]
    assert sea.number in _listed(focal)
    assert _listed(focal, q=sea.number) == {sea.number}
    assert _listed(focal, q=sea.tracking_code.lower().replace("-", " ")) == {sea.number}
    assert sea.number in _numbers(_exported(focal, q=sea.number))
    for role in (Role.PROGRAMME_MANAGER, Role.PROTECTION_OFFICER):  # the manager, the officer
        user = a.users[role]
        assert sea.number not in _listed(user)
        assert _listed(user, q=sea.number) == set()
        assert _listed(user, q=sea.tracking_code) == set()
        assert sea.number not in _numbers(_exported(user))
        assert _numbers(_exported(user, q=sea.number)) == set()
    # the colleague it implicates, and the volunteer who recorded it: no desk at all
    for role in (Role.CASE_MANAGER, Role.COMMUNITY_MENTOR):
        client = _client(a.users[role])
        assert client.get(DESK, {"q": sea.number}).status_code == 403
        assert client.get(EXPORT, {"q": sea.number}).status_code == 403


def test_each_side_lists_its_own_and_what_was_referred_to_it(world: World) -> None:
    numbers = {name: _part(world, name).number for name in ("item_a", "referred_ab", "item_b")}
    assert _listed(world.a.users[Role.PROTECTION_OFFICER]) == {
        numbers["item_a"],
        numbers["referred_ab"],
    }
    assert _listed(world.b.users[Role.PROTECTION_OFFICER]) == {
        numbers["item_b"],
        numbers["referred_ab"],
    }
    focal_b = world.b.users[Role.MHPSS_FOCAL_POINT]
    assert _part(world, "sea_b").number in _listed(focal_b)
    assert _part(world, "sea_a").number not in _listed(focal_b)


def test_a_handler_named_in_a_complaint_does_not_find_it(world: World) -> None:
    a = world.a
    officer, manager = a.users[Role.PROTECTION_OFFICER], a.users[Role.PROGRAMME_MANAGER]
    with transaction.atomic():
        item = intake.record_item(
            actor=a.users[Role.OUTREACH_VOLUNTEER],
            category=Category.objects.get(code="misconduct"),
            channel="volunteer",
            description="L'agent de protection a crié sur une mère.",
            implicated=[{"kind": "staff", "user": officer}],
        )
        assert item.number not in _listed(officer)
        assert _listed(officer, q=item.number) == set()
        assert item.number not in _numbers(_exported(officer))
        assert item.number in _listed(manager)  # not sensitive: the other handlers see it
        transaction.set_rollback(True)


def test_the_list_never_shows_who_complained_nor_what_they_said(world: World) -> None:
    item = _part(world, "item_a")
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    page = _client(manager).get(DESK).content.decode()
    page = page[page.index("<table") :]  # the menu names the user, who may share a first name
    assert item.number in page
    assert item.description not in page
    assert item.contact_phone not in page and item.contact_name not in page
    assert item.tracking_code not in page
    rows = _exported(manager)
    assert rows[0] == [
        "Reference",
        "Received on",
        "Category",
        "Channel",
        "Status",
        "Handler",
        "Due by",
        "Overdue",
    ]
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert item.description not in flat and item.contact_phone not in flat
    assert item.tracking_code not in flat


def test_the_export_is_the_list_under_the_same_filters(world: World) -> None:
    officer = world.a.users[Role.PROTECTION_OFFICER]
    for query in ({}, {"channel": "hotline"}, {"state": "closed"}, {"category": "nope"}):
        assert _numbers(_exported(officer, **query)) == _listed(officer, **query), query


def test_filters(world: World) -> None:
    a = world.a
    officer, focal = a.users[Role.PROTECTION_OFFICER], a.users[Role.MHPSS_FOCAL_POINT]
    item_a, referred = _part(world, "item_a"), _part(world, "referred_ab")
    sea = _part(world, "sea_a")
    assert _listed(officer, channel="hotline") == {item_a.number}
    assert _listed(officer, status="referred") == {referred.number}
    assert _listed(officer, state="closed") == {referred.number}
    assert _listed(officer, state="open") == {item_a.number}
    assert _listed(officer, category=str(item_a.category_id)) == {item_a.number}
    assert _listed(focal, mine="on") == {sea.number}  # assigned to the focal point
    assert _listed(officer, mine="on") == set()
    today = timezone.localdate()
    assert _listed(officer, received_from=str(today + timedelta(days=1))) == set()
    assert _listed(officer, received_until=str(today)) == {item_a.number, referred.number}
    assert _listed(officer, received_until=str(today - timedelta(days=1))) == set()


def test_overdue_items_are_flagged_and_filtered(world: World) -> None:
    officer = world.a.users[Role.PROTECTION_OFFICER]
    item = _part(world, "item_a")
    assert _listed(officer, overdue="on") == set()
    with transaction.atomic():
        late = timezone.now() - timedelta(hours=1)
        FeedbackItem.objects.filter(pk=item.pk).update(acknowledge_due=late)
        assert _listed(officer, overdue="on") == {item.number}
        page = _client(officer).get(DESK).content.decode()
        assert "not acknowledged in time" in page
        rows = _exported(officer, overdue="on")
        assert rows[1][-1] == "Not acknowledged in time"
        transaction.set_rollback(True)


def test_an_invalid_filter_filters_nothing_and_says_why(world: World) -> None:
    officer = world.a.users[Role.PROTECTION_OFFICER]
    response = _client(officer).get(
        DESK, {"received_from": "2026-02-01", "received_until": "2026-01-01"}
    )
    assert response.context["form"].errors["received_until"]
    assert {i.number for i in response.context["page"]} == _listed(officer)


def test_reading_the_list_and_exporting_are_audited(world: World) -> None:
    officer = world.a.users[Role.PROTECTION_OFFICER]
    with transaction.atomic():
        _listed(officer, q="FB-")
        _exported(officer)
        entries = AuditEntry.objects.filter(actor=officer)
        read = entries.get(action=Action.READ)
        assert said(read) == "feedback items list, page 1, search"
        assert "FB-" not in str(read.changes)  # what was typed is not kept
        assert said(entries.get(action=Action.EXPORT)).startswith("feedback items XLSX, 2 items")
        transaction.set_rollback(True)


def test_the_list_costs_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    client = _client(manager)
    client.get(DESK)  # the session's first request writes it
    with transaction.atomic():
        for number in range(8):
            workflow.assign(
                actor=manager,
                item=intake.record_item(
                    actor=manager,
                    category=Category.objects.get(code="other"),
                    channel="email",
                    description=f"Message {number}",
                ),
                handler=world.a.users[Role.PROTECTION_OFFICER],
            )
        with django_assert_num_queries(8):
            response = client.get(DESK)
        assert len(response.context["page"]) == 10
        transaction.set_rollback(True)


# --- the recorder --------------------------------------------------------------------------------


def test_the_recorder_reads_back_reference_date_and_status_only(world: World) -> None:
    mentor = world.a.users[Role.COMMUNITY_MENTOR]
    sea = _part(world, "sea_a")
    response = _client(mentor).get(reverse("feedback:recorded"))
    page = response.content.decode()
    assert [i.number for i in response.context["page"]] == [sea.number]
    assert sea.number in page and "In review" in page and "confidential" in page
    assert str(sea.category) not in page
    assert sea.description not in page and sea.trusted_person not in page
    assert reverse("feedback:item", kwargs={"pk": sea.pk}) not in page
    reads = AuditEntry.objects.filter(actor=mentor, action=Action.READ)
    assert "feedback items recorded list, page 1" in [said(entry) for entry in reads]


def test_who_records_nothing_has_nothing_recorded(world: World) -> None:
    assert (
        _client(world.b.users[Role.PROTECTION_OFFICER])
        .get(reverse("feedback:recorded"))
        .context["page"]
        .paginator.count
        == 0
    )
    me_officer = world.a.users[Role.ME_OFFICER]
    assert _client(me_officer).get(reverse("feedback:recorded")).status_code == 403
