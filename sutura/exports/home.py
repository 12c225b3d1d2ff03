"""What exports add to the home page and the menu (registered in `ExportsConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access.exports import refusal
from sutura.access.permissions import signed_in
from sutura.core.registry import Card, NavItem
from sutura.exports import registry, selectors

# Every signed-in user has "My exports" (they may have none to ask for: the page says so).
MENU = [NavItem(_("My exports"), "exports:list", order=90)]


def cards(user: Any) -> Iterator[Card]:
    if not signed_in(user):
        return
    ready = selectors.exports_for(user).filter(status="ready").exclude(sealed_password=b"").count()
    may = any(not refusal(user, item) for item in registry.all_lists())
    if not ready and not may:
        return
    text = (
        _("An export is ready: its password is waiting to be shown once.")
        if ready
        else _("Export the lists you work on, as XLSX or CSV.")
    )
    yield Card(_("My exports"), text, [(str(_("My exports")), reverse("exports:list"))], order=90)
