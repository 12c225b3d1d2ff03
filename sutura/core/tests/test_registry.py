"""A new app plugs into the home page, the menu and the demo by registering itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.core import registry
from sutura.core.registry import Card, DemoContext, DemoStep, NavItem


@pytest.fixture
def new_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A made-up app registering its card, menu item and demo step, as its ready() would."""
    monkeypatch.setattr(registry, "_CARDS", list(registry._CARDS))
    monkeypatch.setattr(registry, "_MENU", list(registry._MENU))
    monkeypatch.setattr(registry, "_DEMO", list(registry._DEMO))
    registry.add_cards(_cards)
    registry.add_menu(NavItem("Peer groups", "core:home", order=35))
    registry.add_demo(DemoStep(order=65, name="peer groups", run=f"{__name__}.seed_step"))
    yield


def _cards(user: Any) -> list[Card]:
    return [Card("Peer groups this week", "Three sessions to report.", order=45)]


def seed_step(context: DemoContext) -> str:
    context.made["peer groups"] = 3
    return "3 peer groups"


@pytest.mark.django_db
def test_a_new_app_appears_on_the_home_page_and_in_the_menu(client, users_a, new_app):
    client.force_login(users_a[Role.CASE_MANAGER])
    page = client.get(reverse("core:home")).content.decode()
    assert "Peer groups this week" in page and "Peer groups</a>" in page
    # Placed by its order among the others' cards, which stay where they were.
    with translation.override("en"):
        titles = [str(card.title) for card in registry.home_cards(users_a[Role.CASE_MANAGER])]
    assert titles.index("Peer groups this week") == titles.index("Referrals you sent") + 1


def test_a_new_app_adds_its_part_of_the_demo(new_app):
    steps = registry.demo_steps()
    names = [step.name for step in steps]
    assert names.index("peer groups") == names.index("referrals") + 1
    context = DemoContext(persons=0)
    assert steps[names.index("peer groups")](context) == "3 peer groups"
    assert context.made == {"peer groups": 3}
