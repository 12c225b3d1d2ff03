"""The workflow's steps taken from an item's page: each one done, and each refusal explained on
the page with what was typed (a step the status does not allow, a version changed meanwhile,
an input missing); the side that does not handle the item gets 403, whoever does not see it
404. An item moved into a confidential category leaves the officer's lists and notifications
at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.feedback.models import FeedbackItem, ItemStatus, ItemStep, StepKind
from sutura.feedback.services import intake, workflow
from sutura.notifications.models import Notification
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _part(world: World, name: str) -> FeedbackItem:
    return FeedbackItem.objects.get(pk=world.parts["feedback"][name].pk)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post_step(
    user: Any,
    item: FeedbackItem,
    step: str,
    version: Any = None,
    client: Client | None = None,
    **fields: Any,
) -> Any:
    """Post a step's form as the page would: its fields under the step's prefix."""
    data = {f"{step}-{name}": value for name, value in fields.items()}
    data[f"{step}-version"] = item.version if version is None else version
    url = reverse("feedback:item_step", kwargs={"pk": item.pk, "step": step})
    return (client or signed_in(user)).post(url, data)


def _status(item: FeedbackItem) -> str:
    return FeedbackItem.objects.get(pk=item.pk).status


# --- each step, done -----------------------------------------------------------------------------


def test_acknowledge_then_assign_then_respond_then_close(world: World) -> None:
    a = world.a
    manager, officer = a.users[Role.PROGRAMME_MANAGER], a.users[Role.PROTECTION_OFFICER]
    item = _part(world, "item_a")
    page = reverse("feedback:item", kwargs={"pk": item.pk})

    answer = post_step(manager, item, "acknowledge", note="Appel rendu le jour même")
    assert answer.status_code == 302 and answer["Location"] == page
    assert _status(item) == ItemStatus.ACKNOWLEDGED

    answer = post_step(manager, _part(world, "item_a"), "assign", handler=officer.pk)
    assert answer.status_code == 302
    item = _part(world, "item_a")
    assert item.handler == officer and item.status == ItemStatus.IN_REVIEW
    assert Notification.objects.filter(recipient=officer, link=page).count() == 2  # new, given

    answer = post_step(officer, item, "respond", response="Le centre ouvre désormais à 8 h.")
    assert answer.status_code == 302
    item = _part(world, "item_a")
    assert item.status == ItemStatus.RESPONDED and item.response.startswith("Le centre")

    answer = post_step(officer, item, "close", closure="informed", note="Rappelée")
    assert answer.status_code == 302
    item = _part(world, "item_a")
    assert item.status == ItemStatus.CLOSED and item.closure == "informed"

    steps = list(ItemStep.objects.filter(item=item).order_by("created_at"))
    assert [s.kind for s in steps] == [
        StepKind.RECEIVED,
        StepKind.ACKNOWLEDGED,
        StepKind.ASSIGNED,
        StepKind.RESPONDED,
        StepKind.CLOSED,
    ]
    assert steps[1].actor == manager and steps[1].note == "Appel rendu le jour même"
    history = signed_in(officer).get(page).content.decode()
    assert "Why: Appel rendu le jour même" in history


def test_refer_to_another_organisation(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    item = _part(world, "item_a")
    answer = post_step(
        manager, item, "refer", organisation=str(world.b.organisation.pk), note="Relève de B"
    )
    assert answer.status_code == 302
    item = _part(world, "item_a")
    assert item.status == ItemStatus.REFERRED and item.referred_to == world.b.organisation
    officer_b = world.b.users[Role.PROTECTION_OFFICER]
    assert signed_in(officer_b).get(answer["Location"]).status_code == 200


def test_refer_to_an_investigation_channel(world: World) -> None:
    focal = world.a.users[Role.MHPSS_FOCAL_POINT]
    item = _part(world, "sea_a")
    answer = post_step(
        focal, item, "refer", channel="Unité d’enquête de l’agence", note="Protocole PEAS"
    )
    assert answer.status_code == 302
    item = _part(world, "sea_a")
    assert item.status == ItemStatus.REFERRED and item.referred_channel.startswith("Unité")


def test_close_an_anonymous_item_without_contact_then_reopen_it(world: World) -> None:
    officer = world.a.users[Role.PROTECTION_OFFICER]
    item = _part(world, "referred_ab")  # anonymous, referred to B
    answer = post_step(officer, item, "close", closure="no_contact")
    assert answer.status_code == 302
    item = _part(world, "referred_ab")
    assert item.status == ItemStatus.CLOSED and item.closure == "no_contact"
    answer = post_step(officer, item, "reopen", note="Le partenaire a rappelé")
    assert answer.status_code == 302
    assert _status(item) == ItemStatus.IN_REVIEW


def test_no_contact_is_not_offered_when_the_complainant_left_one(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    item = _part(world, "item_a")
    page = signed_in(manager).get(reverse("feedback:item", kwargs={"pk": item.pk}))
    assert "close" not in page.context["step_forms"]  # not yet: received
    item = workflow.respond(
        actor=manager, item=workflow.acknowledge(actor=manager, item=item), response="Fait"
    )
    page = signed_in(manager).get(reverse("feedback:item", kwargs={"pk": item.pk}))
    closure = page.context["step_forms"]["close"].fields["closure"]
    choices = [value for value, _label in closure.choices]
    assert choices == ["", "informed", "unreachable"]


def test_reclassify_to_a_normal_category_stays_on_the_page(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    item = _part(world, "item_a")
    other = item.category.__class__.objects.get(code="information_request")
    answer = post_step(manager, item, "reclassify", category=str(other.pk), note="Une question")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("feedback:item", kwargs={"pk": item.pk})
    assert _part(world, "item_a").category == other


# --- reclassified as confidential ----------------------------------------------------------------


def test_reclassified_as_sea_it_leaves_the_officer_at_once(world: World) -> None:
    a = world.a
    officer, focal = a.users[Role.PROTECTION_OFFICER], a.users[Role.MHPSS_FOCAL_POINT]
    item = _part(world, "item_a")
    link = intake.item_link(item)
    api_list = reverse("api-feedback-item-list")
    assert str(item.pk) in {row["id"] for row in signed_in(officer).get(api_list).json()["results"]}
    assert Notification.objects.filter(recipient=officer, link=link).exists()

    sea = item.category.__class__.objects.get(code="sea")
    client = signed_in(officer)
    answer = post_step(
        officer, item, "reclassify", client=client, category=str(sea.pk), note="Faveur demandée"
    )

    assert answer.status_code == 302
    desk = answer["Location"]
    assert desk in {"/feedback/", reverse("core:home")} or desk.startswith("/feedback/")
    shown = client.get(desk)
    assert "moved to a confidential category; only PSEA focal points see it now" in (
        shown.content.decode()
    )
    rows = signed_in(officer).get(api_list).json()["results"]
    assert str(item.pk) not in {row["id"] for row in rows}
    assert not Notification.objects.filter(recipient=officer, link=link).exists()
    assert signed_in(officer).get(link).status_code == 404
    assert signed_in(focal).get(link).status_code == 200
    assert Notification.objects.filter(recipient=focal, link=link).exists()


def test_the_reclassify_form_warns_who_will_lose_the_item(world: World) -> None:
    officer = world.a.users[Role.PROTECTION_OFFICER]
    url = reverse("feedback:item", kwargs={"pk": _part(world, "item_a").pk})
    page = signed_in(officer).get(url)
    text = page.content.decode()
    assert "leave the lists of everyone but the PSEA focal points" in text
    assert "you will no longer see this item" in text
    labels = dict(page.context["step_forms"]["reclassify"].fields["category"].choices)
    assert any("confidential" in str(label) for label in labels.values())


# --- refusals ------------------------------------------------------------------------------------


def test_a_step_the_status_does_not_allow_is_explained_and_the_text_kept(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    item = _part(world, "item_a")  # received: no response yet
    answer = post_step(manager, item, "respond", response="Réponse tapée avec soin")
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "This step does not apply to an item that is received." in text
    assert "Réponse tapée avec soin" in text
    assert "Nothing was saved" in text
    assert _status(item) == ItemStatus.RECEIVED


def test_a_stale_version_is_refused_and_the_form_answers_the_new_one(world: World) -> None:
    manager, officer = world.a.users[Role.PROGRAMME_MANAGER], world.a.users[Role.PROTECTION_OFFICER]
    opened = _part(world, "item_a")
    workflow.acknowledge(actor=officer, item=opened)  # meanwhile, a colleague
    answer = post_step(manager, opened, "assign", handler=officer.pk, note="Note gardée")
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "Someone else changed this item after you opened it" in text
    assert "Note gardée" in text
    form = answer.context["step_forms"]["assign"]
    assert form["version"].value() == str(opened.version + 1)
    assert _part(world, "item_a").handler is None
    # posted again with the version now shown: done
    again = post_step(manager, opened, "assign", version=opened.version + 1, handler=officer.pk)
    assert again.status_code == 302
    assert _part(world, "item_a").handler == officer


def test_a_missing_input_is_explained(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    answer = post_step(manager, _part(world, "item_a"), "refer", note="Pourquoi pas")
    assert answer.status_code == 200
    assert "Choose an organisation, or name the investigation channel." in answer.content.decode()


def test_only_those_who_may_handle_it_can_be_given_the_item(world: World) -> None:
    focal = world.a.users[Role.MHPSS_FOCAL_POINT]
    implicated = world.a.users[Role.CASE_MANAGER]
    answer = post_step(focal, _part(world, "sea_a"), "assign", handler=implicated.pk)
    assert answer.status_code == 200
    assert answer.context["step_forms"]["assign"].errors["handler"]
    assert _part(world, "sea_a").handler == focal


def test_the_side_it_was_referred_to_may_not_take_a_step(world: World) -> None:
    officer_b = world.b.users[Role.PROTECTION_OFFICER]
    item = _part(world, "referred_ab")
    assert post_step(officer_b, item, "close", closure="no_contact").status_code == 403
    assert _status(item) == ItemStatus.REFERRED


def test_whoever_does_not_see_it_gets_404(world: World) -> None:
    sea = _part(world, "sea_a")
    for role in (Role.CASE_MANAGER, Role.PROGRAMME_MANAGER, Role.PROTECTION_OFFICER):
        answer = post_step(world.a.users[role], sea, "acknowledge")
        assert answer.status_code == 404
    assert post_step(world.b.users[Role.MHPSS_FOCAL_POINT], sea, "acknowledge").status_code == 404


def test_an_unknown_step_is_not_found(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    assert post_step(manager, _part(world, "item_a"), "delete").status_code == 404


def test_a_step_cannot_be_asked_by_get(world: World) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    url = reverse("feedback:item_step", kwargs={"pk": _part(world, "item_a").pk, "step": "close"})
    assert signed_in(manager).get(url).status_code == 405
