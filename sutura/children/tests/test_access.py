"""Who sees a child's records: the case team only (the filter and the standing agree), 404 for
another organisation and for the case's mentor, 403 for a role that keeps no case; every read
is in the audit log; the pages and the API say what is wrong with an input."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from sutura.access import visible
from sutura.access.children import CHILD_RECORDS, works_on_child_record
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.children import selectors
from sutura.children.models import BestInterestsAssessment, BestInterestsDetermination
from sutura.children.tests.conftest import Children
from sutura.core import indicators

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def rollback(world: Children) -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _users(world: Children) -> list[Any]:
    return [*world.a.users.values(), world.a.colleague, *world.b.users.values(), world.b.colleague]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_filter_and_the_standing_agree_for_every_user_and_record(world: Children) -> None:
    checked = 0
    for model in CHILD_RECORDS:
        rows = list(model._default_manager.select_related("case"))
        assert len(rows) >= 2, model
        for user in _users(world):
            seen = set(visible(user, model).values_list("pk", flat=True))
            for row in rows:
                assert works_on_child_record(user, row) == (row.pk in seen), (model, user)
                checked += 1
    assert checked > 100


def test_only_the_case_team_sees_a_childs_records(world: Children) -> None:
    a, b = world.a, world.b
    bia_a, bia_b = world["bia_a"], world["bia_b"]

    def seen(user: Any) -> set[Any]:
        return set(visible(user, BestInterestsAssessment).values_list("pk", flat=True))

    assert seen(a.users[Role.CASE_MANAGER]) == {bia_a.pk}
    assert seen(a.users[Role.PROGRAMME_MANAGER]) == {bia_a.pk}
    assert seen(a.colleague) == set()  # A: case managers see the cases assigned to them
    assert seen(b.colleague) == {bia_b.pk}  # B: every case of the organisation
    for nobody in (
        a.users[Role.COMMUNITY_MENTOR],  # mentors A's child: a minimal profile, no records
        a.users[Role.ME_OFFICER],
        a.users[Role.MHPSS_FOCAL_POINT],
    ):
        assert seen(nobody) == set()
        assert not visible(nobody, BestInterestsDetermination).exists()
    assert world["child_case_a"].mentor_id == a.users[Role.COMMUNITY_MENTOR].pk


def test_another_organisation_and_the_mentor_get_404_and_other_roles_403(
    world: Children,
) -> None:
    bia, bid, case = world["bia_a"], world["bid_a"], world["child_case_a"]
    urls = [
        reverse("children:assessment", args=[bia.pk]),
        reverse("children:determination", args=[bid.pk]),
        reverse("children:profile", args=[case.pk]),
        reverse("api-bia-detail", args=[bia.pk]),
        reverse("api-bid-detail", args=[bid.pk]),
    ]
    for user in (world.b.users[Role.CASE_MANAGER], world.a.colleague):
        client = _client(user)
        assert [client.get(url).status_code for url in urls] == [404] * len(urls), user
    mentor = _client(world.a.users[Role.COMMUNITY_MENTOR])
    assert [mentor.get(url).status_code for url in urls[:3]] == [403, 403, 403]
    assert [mentor.get(url).status_code for url in urls[3:]] == [404, 404]
    # The case page of the mentor is the minimal profile: no child protection section.
    page = mentor.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200 and reverse("children:assessment", args=[bia.pk]) not in str(
        page.content
    )


def test_reads_are_in_the_audit_log(world: Children, rollback: None) -> None:
    manager = world.a.users[Role.CASE_MANAGER]
    client = _client(manager)
    bia, bid = world["bia_a"], world["bid_a"]
    assert client.get(reverse("children:assessment", args=[bia.pk])).status_code == 200
    assert client.get(reverse("api-bid-detail", args=[bid.pk])).status_code == 200
    assert client.get(reverse("cases:detail", args=[bia.case_id])).status_code == 200
    reads = set(
        AuditEntry.objects.filter(actor=manager, action=Action.READ).values_list(
            "object_id", flat=True
        )
    )
    profile = world["profile_a"]
    assert {str(bia.pk), str(bid.pk), str(profile.pk)} <= reads


def test_the_case_page_shows_the_child_protection_section_to_the_team(world: Children) -> None:
    client = _client(world.a.users[Role.CASE_MANAGER])
    with translation.override("en"):
        page = client.get(
            reverse("cases:detail", args=[world["child_case_a"].pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
    body = page.content.decode()
    for link in (
        reverse("children:assessment", args=[world["bia_a"].pk]),
        reverse("children:determination", args=[world["bid_a"].pk]),
        reverse("children:assessment_new", args=[world["child_case_a"].pk]),
        reverse("children:check_new", args=[world["arrangement_a"].pk]),
    ):
        assert link in body


def test_the_bia_form_asks_the_current_versions_questions_by_domain(
    world: Children, rollback: None
) -> None:
    client = _client(world.b.users[Role.CASE_MANAGER])
    url = reverse("children:assessment_new", args=[world["child_case_b"].pk])
    page = client.get(url).content.decode()
    form = selectors.current_form()
    assert form is not None
    for _code, label, items in selectors.items_by_domain(form):
        assert escape(str(label)) in page
        assert all(f'name="item_{item.key}"' in page for item in items)
    refused = client.post(url, {"assessed_on": "2026-02-01", "item_safety_current": "Sûr"})
    assert refused.status_code == 200 and "childs_views" in refused.context["form"].errors
    done = client.post(
        url,
        {"assessed_on": "2026-02-01", "childs_views": "Veut rester", "item_safety_current": "Sûr"},
    )
    assert done.status_code == 302
    made = BestInterestsAssessment.objects.filter(case=world["child_case_b"]).latest("created_at")
    assert made.answers == {"safety_current": "Sûr"} and made.childs_views == "Veut rester"


def test_deciding_a_bid_without_its_prerequisites_says_why_on_the_page(
    world: Children, rollback: None
) -> None:
    client = _client(world.b.users[Role.CASE_MANAGER])
    case = world["child_case_b"]
    with translation.override("en"):
        answer = client.post(
            reverse("children:determination_new", args=[case.pk]),
            {
                "question": "return",
                "panel_on": "2026-02-05",
                "assessments": [str(world["bia_b"].pk)],
                "panel_users": [world.b.users[Role.CASE_MANAGER].pk],
                "decision": "not_return",
                "reasons": "Risques",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    # Said before a draft is stored (in the user's own language: French here).
    assert "au moins 3" in " ".join(errors["panel_users"])
    with translation.override("en"):
        no_bia = client.post(
            reverse("children:determination_new", args=[case.pk]),
            {"question": "return", "panel_on": "2026-02-05"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert no_bia.status_code == 200  # a draft without an assessment could never be decided
    assert "évaluation" in " ".join(no_bia.context["form"].errors["assessments"]).lower()
    bid = world["bid_b"]  # the draft: three members and an assessment done before
    decided = client.post(
        reverse("children:decide", args=[bid.pk]),
        {"decision": "reunify", "reasons": "Prête", "version": bid.version},
    )
    assert decided.status_code == 302
    assert BestInterestsDetermination.objects.get(pk=bid.pk).status == "decided"


def test_the_api_lists_only_the_case_teams_rows_and_refuses_a_small_panel(
    world: Children, rollback: None
) -> None:
    client = _client(world.b.users[Role.CASE_MANAGER])
    listed = client.get(reverse("api-bia-list")).json()["results"]
    assert [row["id"] for row in listed] == [str(world["bia_b"].pk)]
    assert client.get(reverse("api-bid-list")).json()["results"][0]["status"] == "draft"
    assert (
        _client(world.a.users[Role.COMMUNITY_MENTOR]).get(reverse("api-bia-list")).status_code
        == 403
    )
    made = client.post(
        reverse("api-bia-list"),
        {"case": str(world["child_case_b"].pk), "assessed_on": "2026-02-01", "childs_views": "Oui"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["form_version"] == 1
    refused = client.post(
        reverse("api-bid-list"),
        {
            "case": str(world["child_case_b"].pk),
            "question": "reunification",
            "panel_on": "2026-02-05",
            "assessments": [made.json()["id"]],
            "outside_members": [{"name": "Mme Sarr", "role": "Juge"}],
            "decision": "reunify",
            "reasons": "Prête",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400
    other = client.post(
        reverse("api-bia-list"),
        {"case": str(world["child_case_a"].pk), "assessed_on": "2026-02-01", "childs_views": "x"},
        content_type="application/json",
    )
    assert other.status_code == 404


def test_the_export_and_the_indicators(world: Children) -> None:
    manager = world.a.users[Role.CASE_MANAGER]
    case = world["child_case_a"]
    values = selectors.export_values(manager, case)
    assert values["children.status"] == "unaccompanied"
    assert values["children.care_arrangement"] == "centre"
    assert values["children.last_bia_date"] == "2026-01-25"
    assert values["children.bid_decision"] == "reunify"
    assert values["children.bid_date"] == "2026-02-01"
    assert selectors.export_values(world.b.users[Role.CASE_MANAGER], case) == {}
    me = world.a.users[Role.ME_OFFICER]
    assessed = indicators.get("children.bia_completed")
    january = assessed.value(me, "2026-01", by=("sex",))
    assert (january.total, january.cells) == (1, {("female",): 1})
    assert assessed.value(me, "2026-01", by=("age_group",)).cells == {("12-17",): 1}
    decided = indicators.get("children.bid_decided")
    assert decided.value(me, "2026").total == 1
    assert decided.value(world.b.users[Role.ME_OFFICER], "2026").total == 0  # B's BID: a draft
    assert assessed.value(manager, "2026").total == 0
