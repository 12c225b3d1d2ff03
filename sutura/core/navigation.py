"""The menu: only pages that exist and that the user's roles may open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm

StrOrPromise = str | Promise


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise
    url_name: str
    perm: Perm | None = None
    staff_only: bool = False
    or_perm: Perm | None = None  # shown to holders of either permission

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ITEMS = [
    NavItem(_("Home"), "core:home"),
    NavItem(_("Cases"), "cases:list", Perm.MANAGE_CASES),
    NavItem(_("People"), "people:list", Perm.VIEW_PERSONS),
    NavItem(_("Register a person"), "people:register", Perm.REGISTER_PERSONS),
    NavItem(
        _("Referrals received"),
        "referrals:inbox",
        Perm.HANDLE_INCOMING_REFERRALS,
        or_perm=Perm.MANAGE_CASES,
    ),
    NavItem(_("Referrals sent"), "referrals:list", Perm.MAKE_REFERRALS),
    NavItem(_("Service directory"), "directory:list"),
    NavItem(_("Referral pathways"), "directory:pathways"),
    NavItem(_("Directory proposals"), "directory:changes", Perm.PROPOSE_DIRECTORY_CHANGES),
    NavItem(_("Referral mechanism dashboard"), "nrm:dashboard", Perm.VIEW_NRM_DASHBOARD),
    NavItem(_("Audit log"), "audit:list", Perm.VIEW_AUDIT_LOG),
    NavItem(_("Users and organisations"), "admin:index", Perm.MANAGE_USERS, staff_only=True),
    NavItem(_("Notifications"), "notifications:list"),
    NavItem(_("My account"), "accounts:profile"),
    NavItem(_("API documentation"), "api-docs", staff_only=True),
]


def menu_for(user: Any) -> list[NavItem]:
    return [
        item
        for item in ITEMS
        if (
            item.perm is None
            or can(user, item.perm)
            or (item.or_perm is not None and can(user, item.or_perm))
        )
        and (not item.staff_only or user.is_staff)
    ]
