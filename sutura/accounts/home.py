"""What accounts adds to the home page and the menu (registered in `AccountsConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem

MENU = [
    NavItem(
        _("Users and organisations"), "admin:index", Perm.MANAGE_USERS, staff_only=True, order=70
    ),
    NavItem(_("My account"), "accounts:profile", order=90),
]


def cards(user: Any) -> Iterator[Card]:
    if can(user, Perm.MANAGE_USERS) and user.is_staff:
        yield Card(
            _("Users and organisations"),
            _("Create accounts, give roles and areas, reset a password."),
            [
                (str(_("Users")), reverse("admin:accounts_user_changelist")),
                (str(_("Organisations")), reverse("admin:accounts_organisation_changelist")),
                (str(_("Locations")), reverse("admin:geo_location_changelist")),
            ],
            order=110,
        )
    yield Card(
        _("My account"),
        _("Your organisation, roles and areas; change your password or language."),
        [
            (str(_("My account")), reverse("accounts:profile")),
            (str(_("Change my password")), reverse("accounts:password_change")),
        ],
        order=999,
    )
