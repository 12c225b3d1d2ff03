"""What people adds to the home page and the menu (registered in `PeopleConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.people.selectors import registrations_by_sex_and_age

MENU = [
    NavItem(_("People"), "people:list", Perm.VIEW_PERSONS, order=20),
    NavItem(_("Register a person"), "people:register", Perm.REGISTER_PERSONS, order=21),
]


def cards(user: Any) -> Iterator[Card]:
    if can(user, Perm.VIEW_PERSONS):
        links = [(str(_("Find a person")), reverse("people:list"))]
        if can(user, Perm.REGISTER_PERSONS):
            links.append((str(_("Register a person")), reverse("people:register")))
        yield Card(
            _("People"),
            _("Find a returnee by name or phone, or register a new person."),
            links,
            order=10,
        )
    if can(user, Perm.VIEW_INDICATORS):
        yield Card(
            _("People registered, by sex and age"),
            _("Your organisation's registrations to date."),
            template="people/cards/registrations.html",
            data=registrations_by_sex_and_age(user),
            order=90,
        )
