"""Home-page card of committees, outreach volunteers, safe spaces and initiatives, and the
community page's sections of this part.

The sections are registered when the app's home parts are (`community.home.register`, from
the AppConfig): the community page (`core.sections`, page "community") draws them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from sutura.access.community import manages_communities
from sutura.core import sections
from sutura.core.registry import Card

MENU: tuple[Any, ...] = ()

_SELECTORS = "sutura.community.selectors.structures"
sections.add(
    *(
        sections.Section(
            page="community",
            name=name,
            order=order,
            template=f"community/structures/section_{name}.html",
            selector=f"{_SELECTORS}.{name}_section",
        )
        for name, order in (
            ("committees", 50),
            ("outreach", 55),
            ("safe_spaces", 60),
            ("initiatives", 65),
        )
    )
)


def _cards(user: Any) -> Iterator[Card]:
    if not manages_communities(user):
        return
    from sutura.community.selectors import structures as selectors

    due = selectors.overdue_follow_ups(user)
    yield Card(
        _("Safe spaces and committees"),
        _(
            "Committees, outreach volunteers, safe spaces and initiatives of your communities. "
            "Safe-space follow-ups overdue: %(count)s."
        )
        % {"count": len(due)},
        [(str(_("Open an outreach volunteer's profile")), reverse("community:outreach_new"))],
        template="community/structures/card.html",
        data={"due": due[:5], "communities": selectors.communities_edited(user)[:8]},
        order=31,
    )


def cards(user: Any) -> list[Any]:
    return list(_cards(user))
