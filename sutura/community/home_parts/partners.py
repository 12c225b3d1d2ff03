"""Home-page cards and menu items of workplans, monitoring visits, periodic reports, case
trends: the protection officer's "Partners and monitoring" card (workplan progress, follow-ups
due), the menu items "Partners and monitoring" and "Reports", and the community page's link to
its case trends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access.community import manages_communities
from sutura.accounts.roles import Perm
from sutura.community.selectors import partners as selectors
from sutura.core import sections
from sutura.core.registry import Card, NavItem

# The community page links to its case trends, for those who read them.
sections.add(
    sections.Section(
        page="community",
        name="case_trends",
        order=70,
        template="community/partners/section_trends.html",
        selector="sutura.community.selectors.trends.trends_section",
    )
)

# Every holder of view_indicators (officer, programme manager, M&E officer) has a community
# role; the pages answer 404 to anyone else.
MENU: tuple[Any, ...] = (
    NavItem(_("Partners and monitoring"), "community:workplans", Perm.VIEW_INDICATORS, order=62),
    NavItem(_("Community reports"), "community:reports", Perm.VIEW_INDICATORS, order=63),
)


def cards(user: Any) -> Iterator[Card]:
    if not manages_communities(user):
        return
    workplans = list(selectors.workplans_for(user)[:5])
    rows = [(w, *selectors.workplan_progress(user, w)) for w in workplans]
    due = selectors.follow_ups_due(user)
    late = selectors.overdue_follow_ups(user).count()
    yield Card(
        _("Partners and monitoring"),
        _("Follow-ups of monitoring visits still open: %(due)s, of which %(late)s overdue.")
        % {"due": due.count(), "late": late},
        [
            (str(_("Workplans")), reverse("community:workplans")),
            (str(_("Record a monitoring visit")), reverse("community:visit_new")),
            (str(_("Reports")), reverse("community:reports")),
        ],
        template="community/partners/card.html",
        data=rows,
        order=41,
    )
