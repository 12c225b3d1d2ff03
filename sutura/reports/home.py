"""What programme reports add to the menu (registered in `ReportsConfig.ready`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sutura.accounts.roles import Perm
from sutura.core.registry import NavItem

MENU = [
    NavItem(
        _("Reports"),
        "reports:list",
        Perm.MANAGE_PROGRAMMES,
        or_perm=Perm.EXPORT_AGGREGATES,
        order=31,
    )
]
