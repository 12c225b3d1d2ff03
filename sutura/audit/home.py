"""What the audit log adds to the home page and the menu (registered in `AuditConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem

MENU = [NavItem(_("Audit log"), "audit:list", Perm.VIEW_AUDIT_LOG, order=60)]


def cards(user: Any) -> Iterator[Card]:
    if can(user, Perm.VIEW_AUDIT_LOG):
        yield Card(
            _("Audit log"),
            _("Logins, failed logins, changes, reads of personal data and exports."),
            [(str(_("Open the audit log")), reverse("audit:list"))],
            order=100,
        )
