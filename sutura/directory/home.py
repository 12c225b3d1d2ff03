"""What the directory adds to the home page and the menu (registered in
`DirectoryConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.directory.models import ChangeStatus
from sutura.directory.selectors.proposals import changes_for

MENU = [
    NavItem(_("Service directory"), "directory:list", order=40),
    NavItem(_("Referral pathways"), "directory:pathways", order=41),
    NavItem(
        _("Directory proposals"), "directory:changes", Perm.PROPOSE_DIRECTORY_CHANGES, order=42
    ),
]


def cards(user: Any) -> Iterator[Card]:
    links = [
        (str(_("Find a service")), reverse("directory:list")),
        (str(_("Map")), reverse("directory:map")),
        (str(_("Referral pathways")), reverse("directory:pathways")),
    ]
    if can(user, Perm.MANAGE_DIRECTORY):
        yield Card(
            _("Service directory"),
            _("Proposals from mentors and staff, and entries to verify."),
            [(str(_("Review proposals")), reverse("directory:changes")), *links],
            template="directory/cards/proposals.html",
            data=changes_for(user, ChangeStatus.PENDING).count(),
            order=50,
        )
    else:
        yield Card(
            _("Service directory"),
            _("Who offers what, where: health, MHPSS, legal aid, shelter, training, jobs…"),
            links,
            order=50,
        )
