"""What supervision adds to the home page and the menu (registered in `SupervisionConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access.supervision import supervises
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.supervision.selectors import caseload_totals, inactive_days

MENU = [NavItem(_("Caseloads"), "supervision:caseload", Perm.SUPERVISE_CASELOADS, order=11)]


def cards(user: Any) -> Iterator[Card]:
    if not supervises(user):
        return
    yield Card(
        _("Caseloads"),
        _("Your organisation's open cases, overdue follow-ups and inactive cases."),
        [
            (str(_("Each case manager's caseload")), reverse("supervision:caseload")),
            (str(_("Reassign cases")), reverse("supervision:reassign")),
        ],
        template="supervision/cards/caseload.html",
        data={**caseload_totals(user), "days": inactive_days()},
        order=21,
    )
