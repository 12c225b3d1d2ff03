"""What programmes add to the home page and the menu (registered in `ProgrammesConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.core.templatetags.typography import percent_text
from sutura.programmes.selectors import budget_warnings

MENU = [
    NavItem(
        _("Programmes"),
        "programmes:list",
        Perm.MANAGE_PROGRAMMES,
        or_perm=Perm.VIEW_INDICATORS,
        order=60,
    )
]


def cards(user: Any) -> Iterator[Card]:
    """Programme managers: the envelopes their plans have nearly (or fully) committed; no
    card while every envelope is within its thresholds."""
    if not can(user, Perm.MANAGE_PROGRAMMES) or user.organisation_id is None:
        return
    warnings = budget_warnings(user)
    if not warnings:
        return
    text = ngettext(
        "%(count)d budget envelope reached its warning threshold.",
        "%(count)d budget envelopes reached their warning threshold.",
        len(warnings),
    ) % {"count": len(warnings)}
    links = [
        (
            f"{programme.name} · {line.envelope} · {percent_text(line.committed_percent)}",
            reverse("programmes:detail", args=[programme.pk]),
        )
        for programme, line in warnings[:5]
    ]
    links.append((str(_("Programmes")), reverse("programmes:list")))
    yield Card(_("Budget envelopes"), text, links, order=45)
