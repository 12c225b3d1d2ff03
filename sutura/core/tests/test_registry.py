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


# --- the menu's groups -----------------------------------------------------------------------


def test_every_page_of_the_menu_sits_in_a_group_but_the_home_page() -> None:
    loose = [item.url_name for item in registry._MENU if registry.group_of(item) is None]
    assert loose == ["core:home"]


@pytest.mark.django_db
def test_a_long_menu_is_folded_into_groups_by_domain(client, users_a) -> None:
    """A programme manager's 30-odd pages come under a handful of headings, folded but the
    one holding the current page, so the menu fits a phone's screen."""
    manager = users_a[Role.PROGRAMME_MANAGER]
    client.force_login(manager)
    with translation.override("en"):
        sections = registry.menu_sections(manager)
        headings = [str(section.group.label) for section in sections if section.group]
    assert len(registry.menu_for(manager)) > 20
    assert [item.url_name for item in sections[0].links] == ["core:home"]
    assert "Cases and people" in headings and "Account and administration" in headings
    assert 4 <= len(headings) <= 9
    page = client.get(reverse("cases:list")).content.decode()
    assert page.count('<details class="menu-group">') == len(headings) - 1
    assert page.count('<details class="menu-group" open>') == 1  # the cases' group


@pytest.mark.django_db
def test_a_short_menu_shows_its_groups_open(client, users_a) -> None:
    volunteer = users_a[Role.OUTREACH_VOLUNTEER]
    client.force_login(volunteer)
    page = client.get(reverse("core:home")).content.decode()
    assert '<details class="menu-group">' not in page
    assert '<details class="menu-group" open>' in page


def test_a_new_app_puts_its_pages_in_a_group(new_app: None, monkeypatch) -> None:
    monkeypatch.setattr(registry, "_GROUPS", dict(registry._GROUPS))
    registry.add_menu(NavItem("Peer groups", "peer:list", order=35))
    registry.add_menu_group("mentoring", namespaces=("peer",))
    item = next(item for item in registry._MENU if item.url_name == "peer:list")
    group = registry.group_of(item)
    assert group is not None and group.key == "mentoring"


@pytest.mark.django_db
def test_on_the_home_page_the_users_largest_group_is_open(client, users_a) -> None:
    mentor = users_a[Role.COMMUNITY_MENTOR]
    client.force_login(mentor)
    sections = registry.menu_sections(mentor)
    largest = max((s for s in sections if s.group), key=lambda s: len(s.links))
    assert largest.group is not None and largest.group.key == "mentoring"
    page = client.get(reverse("core:home")).content.decode()
    opened = page.split('<details class="menu-group" open>', 1)[1]
    assert opened.split("</details>", 1)[0].count("<li>") == len(largest.links)
