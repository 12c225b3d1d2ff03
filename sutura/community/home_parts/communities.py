"""Home-page card and menu item of communities: the protection officer's communities, counted
by selection status, with the way to the list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sutura.access.community import has_community_role, manages_communities
from sutura.accounts.roles import Perm
from sutura.community.models import SelectionStatus
from sutura.community.selectors.communities import selection_counts
from sutura.core.registry import Card, NavItem

MENU: tuple[Any, ...] = (
    NavItem(_("Communities"), "community:communities", perm=Perm.MANAGE_COMMUNITIES, order=58),
)


def cards(user: Any) -> Iterator[Card]:
    """Communities: how many, how many selected, proposed or not selected."""
    if not has_community_role(user):
        return
    counts = selection_counts(user)
    total = sum(counts.values())
    text = ngettext(
        "%(count)s community: %(selected)s selected, %(proposed)s proposed.",
        "%(count)s communities: %(selected)s selected, %(proposed)s proposed.",
        total,
    ) % {
        "count": total,
        "selected": counts.get(SelectionStatus.SELECTED, 0),
        "proposed": counts.get(SelectionStatus.PROPOSED, 0),
    }
    links = [(str(_("Communities")), reverse("community:communities"))]
    if manages_communities(user):
        links.append((str(_("Open a community")), reverse("community:community_create")))
    yield Card(_("Communities"), text, links, order=20)
