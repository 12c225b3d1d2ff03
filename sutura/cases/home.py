"""What cases adds to the home page and the menu (registered in `CasesConfig.ready`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.cases.selectors import (
    budget_for_organisation,
    budgets_by_programme,
    overdue_follow_ups_for,
    plans_awaiting_approval_for,
)
from sutura.core.registry import Card, NavItem

MENU = [NavItem(_("Cases"), "cases:list", Perm.MANAGE_CASES, order=10)]


def cards(user: Any) -> Iterator[Card]:
    if can(user, Perm.MANAGE_CASES):
        yield Card(
            _("Overdue follow-ups"),
            _("Your open cases whose next follow-up date has passed."),
            [(str(_("All my cases")), reverse("cases:list"))],
            template="cases/cards/overdue.html",
            data=list(overdue_follow_ups_for(user)),
            order=20,
        )
    if can(user, Perm.APPROVE_PLANS):
        yield Card(
            _("Plans awaiting your approval"),
            _("Reintegration plans above the approval threshold."),
            template="cases/cards/plans.html",
            data=list(plans_awaiting_approval_for(user)),
            order=70,
        )
    if can(user, Perm.VIEW_INDICATORS) and can(user, Perm.APPROVE_PLANS):
        yield Card(
            _("Reintegration budget"),
            _("Planned, committed (approved plans) and disbursed, for your organisation."),
            template="cases/cards/budgets.html",
            data={"total": budget_for_organisation(user), "programmes": budgets_by_programme(user)},
            order=80,
        )
