"""What each app adds to the screens and commands everyone shares: home-page cards, menu items
and demo data. An app registers its own in its `AppConfig.ready()`; core never imports an app,
and a new app appears on the home page, in the menu and in the demo without touching another
app's files.

    class MentoringConfig(AppConfig):
        def ready(self) -> None:
            from sutura.core import registry
            from sutura.mentoring import home

            registry.add_cards(home.cards)
            registry.add_menu(*home.MENU)
            registry.add_demo(
                registry.DemoStep(order=70, name="mentoring", run="sutura.mentoring.demo.seed_step")
            )

Order is given by numbers (cards, menu items and demo steps each have an `order`), so an app
places its entries among the others' without knowing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from sutura.access import can
from sutura.accounts.roles import Perm

StrOrPromise = str | Promise


# --- the home page ---------------------------------------------------------------------------


@dataclass
class Card:
    """One thing the user can do next, on their home page. A card links only to pages that
    exist and that the user may open; `template` draws its content from `data`."""

    title: StrOrPromise
    text: StrOrPromise
    links: list[tuple[str, str]] = field(default_factory=list)
    template: str = ""
    data: Any = None
    order: int = 500


CardsFor = Callable[[Any], Iterable[Card]]
_CARDS: list[CardsFor] = []


def add_cards(cards_for: CardsFor) -> None:
    """`cards_for(user)` gives the cards of one app for this user (none if not for them)."""
    if cards_for not in _CARDS:
        _CARDS.append(cards_for)


def home_cards(user: Any) -> list[Card]:
    cards = [card for cards_for in _CARDS for card in cards_for(user)]
    return sorted(cards, key=lambda card: card.order)


# --- the menu --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise
    url_name: str
    perm: Perm | None = None
    staff_only: bool = False
    or_perm: Perm | None = None  # shown to holders of either permission
    order: int = 500

    @property
    def url(self) -> str:
        return _reversed(self.url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())

    def shown_to(self, user: Any) -> bool:
        allowed = (
            self.perm is None
            or can(user, self.perm)
            or (self.or_perm is not None and can(user, self.or_perm))
        )
        return allowed and (not self.staff_only or user.is_staff)


@lru_cache(maxsize=1024)
def _reversed(url_name: str, urlconf: str, script_prefix: str) -> str:
    """A menu link's address, worked out once (every page shows the menu, each link twice) for
    each URL map and script prefix: `reverse` reads the prefix itself."""
    return reverse(url_name, urlconf=urlconf)


_MENU: list[NavItem] = []


def add_menu(*items: NavItem) -> None:
    _MENU.extend(item for item in items if item not in _MENU)


def menu_for(user: Any) -> list[NavItem]:
    """The menu: only pages that exist and that the user's roles may open."""
    return [item for item in sorted(_MENU, key=lambda item: item.order) if item.shown_to(user)]


@dataclass(frozen=True)
class MenuGroup:
    """A heading of the menu gathering one domain's pages ("Cases and people"). Its items are
    those of the URL namespaces it names (`cases:list`, `supervision:caseload`…): an app adds
    its namespace to a group with `add_menu_group(key=…, namespaces=(…))` in its `ready()`;
    an item of no group's namespace stays above the groups (the home page)."""

    key: str
    label: StrOrPromise
    order: int = 500
    namespaces: tuple[str, ...] = ()


@dataclass
class MenuSection:
    """What the menu shows for one user: a group's heading (none for the top) and its items."""

    group: MenuGroup | None
    links: list[NavItem]


_GROUPS: dict[str, MenuGroup] = {}


def add_menu_group(
    key: str,
    label: StrOrPromise | None = None,
    order: int | None = None,
    namespaces: tuple[str, ...] = (),
) -> None:
    """Declare a group (label and order), or add namespaces to one declared already."""
    known = _GROUPS.get(key)
    if known is None:
        if label is None:
            raise ValueError(f"Menu group {key!r}: its label is needed when it is declared.")
        _GROUPS[key] = MenuGroup(key, label, 500 if order is None else order, namespaces)
        return
    _GROUPS[key] = MenuGroup(
        key,
        known.label if label is None else label,
        known.order if order is None else order,
        known.namespaces + tuple(n for n in namespaces if n not in known.namespaces),
    )


def group_of(item: NavItem) -> MenuGroup | None:
    namespace = item.url_name.partition(":")[0] if ":" in item.url_name else item.url_name
    return next((g for g in _GROUPS.values() if namespace in g.namespaces), None)


def menu_sections(user: Any) -> list[MenuSection]:
    """The user's menu (`menu_for`) by group, groups in their order and, within each, the
    items in theirs; a group with nothing for this user is left out."""
    top: list[NavItem] = []
    grouped: dict[str, list[NavItem]] = {}
    for item in menu_for(user):
        group = group_of(item)
        if group is None:
            top.append(item)
        else:
            grouped.setdefault(group.key, []).append(item)
    groups = sorted((_GROUPS[key] for key in grouped), key=lambda g: (g.order, g.key))
    sections = [MenuSection(None, top)] if top else []
    return sections + [MenuSection(group, grouped[group.key]) for group in groups]


# --- the demo --------------------------------------------------------------------------------


@dataclass
class DemoContext:
    """What the steps of `seed_demo` pass each other: the options, and what earlier steps
    made (organisations by acronym)."""

    persons: int
    organisations: dict[str, Any] = field(default_factory=dict)
    made: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoStep:
    """One app's part of the demo. `run` names (dotted path, imported only when the demo is
    loaded: a server never imports demo code) a function of the `DemoContext` that writes it
    (idempotent: running the demo again adds nothing twice) and returns a line for the
    summary, or "". `logins`, when given, names a function saying how to sign in."""

    order: int
    name: str
    run: str
    logins: str = ""

    def __call__(self, context: DemoContext) -> str:
        step: Callable[[DemoContext], str] = import_string(self.run)
        return step(context)

    def login_lines(self) -> list[str]:
        return list(import_string(self.logins)()) if self.logins else []


_DEMO: list[DemoStep] = []


def add_demo(*steps: DemoStep) -> None:
    _DEMO.extend(step for step in steps if step not in _DEMO)


def demo_steps() -> list[DemoStep]:
    return sorted(_DEMO, key=lambda step: step.order)
