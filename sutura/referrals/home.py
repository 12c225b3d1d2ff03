"""What referrals adds to the home page and the menu (registered in `ReferralsConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.referrals.selectors import active, inbox_for, sent_by

MENU = [
    NavItem(
        _("Referrals received"),
        "referrals:inbox",
        Perm.HANDLE_INCOMING_REFERRALS,
        or_perm=Perm.MANAGE_CASES,
        order=30,
    ),
    NavItem(_("Referrals sent"), "referrals:list", Perm.MAKE_REFERRALS, order=31),
    NavItem(_("Referral mechanism dashboard"), "nrm:dashboard", Perm.VIEW_NRM_DASHBOARD, order=50),
]


def cards(user: Any) -> Iterator[Card]:
    """Referrals waiting for the user, those they sent, and the mechanism's figures."""
    if can(user, Perm.HANDLE_INCOMING_REFERRALS) or can(user, Perm.MANAGE_CASES):
        waiting = list(active(inbox_for(user))[:8])
        if waiting or can(user, Perm.HANDLE_INCOMING_REFERRALS):
            yield Card(
                _("Referrals waiting for you"),
                _("Acknowledge, accept or decline, then record the outcome."),
                [(str(_("All referrals received")), reverse("referrals:inbox"))],
                template="referrals/cards/referrals.html",
                data=waiting,
                order=40,
            )
    if can(user, Perm.MAKE_REFERRALS):
        yield Card(
            _("Referrals you sent"),
            _("Where they stand; overdue ones first. Refer from a case page."),
            [(str(_("All referrals sent")), reverse("referrals:list"))],
            template="referrals/cards/referrals.html",
            data=list(active(sent_by(user))[:8]),
            order=41,
        )
    if can(user, Perm.VIEW_NRM_DASHBOARD):
        yield Card(
            _("Referral mechanism dashboard"),
            _("Referrals by need, provider, status and place; answer times; declines."),
            [(str(_("Open the dashboard")), reverse("nrm:dashboard"))],
            order=60,
        )
