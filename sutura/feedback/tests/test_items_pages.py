"""One item's page, as each standing reads it: the handler reads the complainant's identity and
nobody else does; the side it was referred to reads it and takes no step; whoever it
implicates, their manager and a protection officer get 404 on a complaint of sexual
exploitation and abuse — and the focal point sees their attempts in "who read this item"."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sutura.access.feedback import reads_of_item
from sutura.accounts.roles import Role
from sutura.feedback.models import FeedbackItem
from sutura.feedback.services import designations, workflow
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _part(world: World, name: str) -> FeedbackItem:
    return FeedbackItem.objects.get(pk=world.parts["feedback"][name].pk)


def signed_in(user: Any) -> Client:
    """A client of `user`, reading English (the catalogues get the French after the merge)."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(user: Any, item: FeedbackItem) -> Any:
    return signed_in(user).get(reverse("feedback:item", kwargs={"pk": item.pk}))


def test_the_handler_reads_the_complainants_identity(world: World) -> None:
    sea = _part(world, "sea_a")
    page = _page(world.a.users[Role.MHPSS_FOCAL_POINT], sea)  # designated, and its handler
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sa tante, +221770000002" in text
    assert "Un agent a demandé une faveur sexuelle" in text  # what was said
    assert "Identity withheld" not in text
    # the people implicated: their kind and who
    assert world.a.users[Role.CASE_MANAGER].get_full_name() in text


def test_a_focal_point_who_is_not_the_handler_does_not_read_the_identity(
    world: World,
) -> None:
    a = world.a
    officer = a.users[Role.PROTECTION_OFFICER]
    designations.designate(actor=a.users[Role.PROGRAMME_MANAGER], user=officer)
    page = _page(officer, _part(world, "sea_a"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sa tante" not in text
    assert "Identity withheld: only the handler reads it." in text
    assert "Un agent a demandé une faveur sexuelle" in text


def test_a_normal_item_shows_its_identity_to_its_handler_only(world: World) -> None:
    a = world.a
    manager, officer = a.users[Role.PROGRAMME_MANAGER], a.users[Role.PROTECTION_OFFICER]
    item = workflow.assign(actor=manager, item=_part(world, "item_a"), handler=officer)
    assert "+221770000001" in _page(officer, item).content.decode()
    for other in (manager, a.users[Role.MHPSS_FOCAL_POINT]):
        text = _page(other, item).content.decode()
        assert "+221770000001" not in text
        assert "Identity withheld" in text


def test_the_side_it_was_referred_to_reads_it_and_takes_no_step(world: World) -> None:
    item = _part(world, "referred_ab")
    page = _page(world.b.users[Role.PROTECTION_OFFICER], item)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Le kit promis par le partenaire" in text
    assert "Referred to your organisation by" in text
    assert '<form method="post" action="/feedback/items/' not in text
    assert "Who read this item" not in text  # the owning side's to know


def test_the_implicated_their_manager_and_the_officer_get_404_and_it_shows(
    world: World,
) -> None:
    a = world.a
    sea = _part(world, "sea_a")
    tried = [a.users[Role.CASE_MANAGER], a.users[Role.PROGRAMME_MANAGER]]
    tried.append(a.users[Role.PROTECTION_OFFICER])
    for user in tried:
        assert _page(user, sea).status_code == 404
        api = signed_in(user).get(reverse("api-feedback-item-detail", kwargs={"pk": sea.pk}))
        assert api.status_code == 404
    page = _page(a.users[Role.MHPSS_FOCAL_POINT], sea)
    reads = page.context["reads"]
    refused = {row["who"] for row in reads if row["refused"]}
    assert refused == {u.get_full_name() or u.username for u in tried}
    assert len([row for row in reads if row["refused"]]) == 6  # page and API, each
    text = page.content.decode()
    assert "Who read this item" in text
    assert "Tried to open it: refused" in text


def test_who_read_it_is_for_the_focal_point_of_a_sensitive_item_only(world: World) -> None:
    sea = _part(world, "sea_a")
    focal = world.a.users[Role.MHPSS_FOCAL_POINT]
    page = _page(focal, sea)
    assert page.context["reads"][0]["who"] == (focal.get_full_name() or focal.username)
    # a normal item: its handlers know who read it
    item = _part(world, "item_a")
    assert _page(world.a.users[Role.PROTECTION_OFFICER], item).context["reads"]
    assert (
        _page(world.b.users[Role.PROTECTION_OFFICER], _part(world, "referred_ab")).context["reads"]
        is None
    )


def test_the_page_shows_deadlines_and_the_overdue_flag(world: World) -> None:
    item = _part(world, "item_a")
    FeedbackItem.objects.filter(pk=item.pk).update(
        received_at=item.received_at.replace(year=item.received_at.year - 1),
        acknowledge_due=item.acknowledge_due.replace(year=item.acknowledge_due.year - 1),
    )
    page = _page(world.a.users[Role.PROGRAMME_MANAGER], item)
    assert page.context["overdue"] == "acknowledge"
    assert "Overdue" in page.content.decode()


def test_the_steps_offered_follow_the_status(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    page = _page(manager, _part(world, "item_a"))
    assert list(page.context["step_forms"]) == [
        "acknowledge",
        "assign",
        "refer",
        "reclassify",
    ]
    referred = _page(world.a.users[Role.PROTECTION_OFFICER], _part(world, "referred_ab"))
    assert list(referred.context["step_forms"]) == ["close"]


def test_assign_offers_only_those_who_may_handle_the_item(world: World) -> None:
    a = world.a
    focal = a.users[Role.MHPSS_FOCAL_POINT]
    page = _page(focal, _part(world, "sea_a"))
    offered = set(page.context["step_forms"]["assign"].handlers.values())
    assert offered == {focal}  # a sensitive item: the designated focal point only
    normal = _page(focal, _part(world, "item_a"))
    offered = set(normal.context["step_forms"]["assign"].handlers.values())
    assert offered == {
        focal,
        a.users[Role.PROGRAMME_MANAGER],
        a.users[Role.PROTECTION_OFFICER],
    }


def test_the_audit_rows_of_an_item_are_for_sees_reads_only(world: World) -> None:
    sea, referred = _part(world, "sea_a"), _part(world, "referred_ab")
    _page(world.a.users[Role.CASE_MANAGER], sea)  # refused: 404
    assert reads_of_item(world.a.users[Role.MHPSS_FOCAL_POINT], sea)
    for user in world.users():
        if user != world.a.users[Role.MHPSS_FOCAL_POINT]:
            assert not reads_of_item(user, sea), user
    assert not reads_of_item(world.b.users[Role.PROTECTION_OFFICER], referred)  # receiver
    assert reads_of_item(world.a.users[Role.PROTECTION_OFFICER], referred)


def test_the_page_asks_the_rule_without_reloading_the_implicated(world: World) -> None:
    """The standing is asked several times per page (steps, reads, each possible handler):
    the people implicated and their line are loaded once, with the item."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(world.a.users[Role.MHPSS_FOCAL_POINT])
    url = reverse("feedback:item", kwargs={"pk": _part(world, "sea_a").pk})
    client.get(url)
    with CaptureQueriesContext(connection) as asked:
        assert client.get(url).status_code == 200
    implicated = [
        q for q in asked.captured_queries if q["sql"].startswith('SELECT "feedback_implicated"')
    ]
    assert len(implicated) <= 3  # the prefetch, the page's list, the reads' ids
    assert len(asked) <= 30
