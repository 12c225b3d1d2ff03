"""What governance adds to the home page and the menu (registered in `GovernanceConfig`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.governance.selectors.committees import committees_for

MENU = [
    NavItem(_("NRM membership"), "governance:membership", Perm.VIEW_GOVERNANCE, order=70),
    NavItem(_("Committees"), "governance:committees", Perm.VIEW_GOVERNANCE, order=71),
]


def cards(user: Any) -> Iterator[Card]:
    if not can(user, Perm.VIEW_GOVERNANCE):
        return
    links = [
        (str(_("Members and signatures")), reverse("governance:membership")),
        (str(_("Data-sharing protocols")), reverse("governance:protocols")),
    ]
    links += [
        (committee.name, reverse("governance:committee", kwargs={"pk": committee.pk}))
        for committee in committees_for(user)[:3]
    ]
    yield Card(
        _("Referral mechanism"),
        _("Who is an NRM member, the data-sharing protocol, and your committees."),
        links,
        order=75,
    )
