"""What the library, the roadmap and the assessments add to the shared screens: home cards,
menu items, their demo step and the "documents presented" section of a meeting's page.
`register()` is called once from `GovernanceConfig.ready()`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core import registry, sections
from sutura.core.registry import Card, DemoStep, NavItem

MENU = [
    NavItem(_("Library of SOPs and tools"), "library:list", Perm.VIEW_GOVERNANCE, order=62),
    NavItem(_("Roadmap"), "roadmap:list", Perm.VIEW_GOVERNANCE, order=63),
    NavItem(_("Assessments"), "roadmap:assessments", Perm.VIEW_GOVERNANCE, order=64),
]


def cards(user: Any) -> Iterator[Card]:
    if not can(user, Perm.VIEW_GOVERNANCE):
        return
    links = [
        (str(_("Library of SOPs and tools")), reverse("library:list")),
        (str(_("Roadmap")), reverse("roadmap:list")),
        (str(_("Assessments")), reverse("roadmap:assessments")),
        (str(_("Technical assistance")), reverse("roadmap:assistance")),
    ]
    yield Card(
        _("Mechanism's documents and plans"),
        _("Validated SOPs and tools, consultations, the roadmap and assessments."),
        links,
        order=62,
    )


def register() -> None:
    registry.add_cards(cards)
    registry.add_menu(*MENU)
    registry.add_demo(
        DemoStep(
            order=74, name="governance library", run="sutura.governance.demo_library.seed_step"
        )
    )
    sections.add(
        sections.Section(
            page="meeting",
            name="documents_presented",
            order=30,
            template="governance/library_meeting_section.html",
            selector="sutura.governance.selectors.library.presented_at",
        )
    )
