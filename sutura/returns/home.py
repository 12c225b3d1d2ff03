"""What returns add to the home page and the menu (registered in `ReturnsConfig`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.returns import selectors
from sutura.returns.models import ReturnStatus

MENU = [NavItem(_("Returns"), "returns:list", Perm.MANAGE_CASES, order=37)]


def cards(user: Any) -> Iterator[Card]:
    """For the receiving office: the returns arrived N days ago without a reintegration case."""
    if not can(user, Perm.MANAGE_CASES):
        return
    flagged = list(selectors.incoming(user, flagged_only=True)[:5])
    if flagged:
        yield Card(
            _("Returns waiting for a reintegration case"),
            _("Arrived more than %(days)s days ago, no reintegration case yet: %(count)s.")
            % {"days": selectors.waiting_days(), "count": selectors.flagged_count(user)},
            [(str(_("Incoming returns")), reverse("returns:list"))],
            template="returns/cards/flagged.html",
            data=flagged,
            order=44,
        )
    # A new receiving case manager finds the returns on their way (or arrived, no case yet).
    waiting = list(
        selectors.incoming(user)
        .filter(status__in=[ReturnStatus.TRAVELLING, ReturnStatus.ARRIVED])
        .exclude(pk__in=[r.pk for r in flagged])[:5]
    )
    if waiting:
        yield Card(
            _("Returns handed over to you"),
            _("Record the arrival, then open the reintegration case."),
            [(str(_("Incoming returns")), reverse("returns:list"))],
            template="returns/cards/waiting.html",
            data=waiting,
            order=45,
        )
