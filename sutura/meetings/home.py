"""What meetings add to the home page and the menu (registered in `MeetingsConfig`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.core.registry import Card, NavItem
from sutura.meetings.selectors import open_actions

MENU = [NavItem(_("Meetings and trainings"), "meetings:list", order=55)]
CARD_LIMIT = 10


def cards(user: Any) -> Iterator[Card]:
    """My action items: what I (or my organisation) must still do after a meeting, overdue
    ones flagged; each links to where it is updated. Done or cancelled items leave it."""
    items = list(open_actions(user)[: CARD_LIMIT + 1])
    if not items:
        return
    overdue = sum(1 for item in items if item.is_overdue)
    text = (
        _("%(count)s overdue: update them or say what holds them up.") % {"count": overdue}
        if overdue
        else _("What you agreed to do after a meeting.")
    )
    yield Card(
        _("My action items"),
        text,
        [(str(_("My meetings")), reverse("meetings:list") + "?mine=on")],
        template="meetings/home_actions.html",
        data={"items": items[:CARD_LIMIT], "more": len(items) > CARD_LIMIT},
        order=15,
    )
