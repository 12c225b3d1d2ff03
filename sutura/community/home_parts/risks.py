"""Home-page cards and menu items of risk analyses, comparisons, assets and action plans; and
this part's sections of the community page (risks, assets, action plan)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sutura.access.community import manages_communities
from sutura.accounts.roles import Perm
from sutura.core import sections
from sutura.core.registry import Card, NavItem

MENU: tuple[Any, ...] = (
    NavItem(
        gettext_lazy("Action plans"), "community:plans", perm=Perm.MANAGE_COMMUNITIES, order=62
    ),
)

# The community page (P1's `community:community`) draws the sections registered for it; they
# are added here because this module is imported once, by the app's `ready()`.
sections.add(
    sections.Section(
        page="community",
        name="risks",
        order=30,
        template="community/risks/section_risks.html",
        selector="sutura.community.selectors.risks.risks_section",
    ),
    sections.Section(
        page="community",
        name="assets",
        order=35,
        template="community/risks/section_assets.html",
        selector="sutura.community.selectors.risks.assets_section",
    ),
    sections.Section(
        page="community",
        name="action_plan",
        order=40,
        template="community/risks/section_plan.html",
        selector="sutura.community.selectors.risks.plan_section",
    ),
)

CARD_LIMIT = 6


def cards(user: Any) -> Iterator[Card]:
    """The protection officer's action plans: progress at a glance and what is overdue."""
    if not manages_communities(user):
        return
    from sutura.community.selectors.risks import plans_for

    rows = plans_for(user, editable_only=True)
    overdue = sum(len(row.overdue) for row in rows)
    text = (
        ngettext(
            "%(count)s recommendation overdue: note its progress.",
            "%(count)s recommendations overdue: note their progress.",
            overdue,
        )
        % {"count": overdue}
        if overdue
        else _("The communities' action plans and how far they have come.")
    )
    yield Card(
        _("Action plans"),
        text,
        [(_("Action plans"), reverse("community:plans"))],
        template="community/risks/card_plans.html",
        data=rows[:CARD_LIMIT],
        order=25,
    )
