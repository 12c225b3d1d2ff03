"""What the desk adds to the home page and the menu.

- whoever records feedback (volunteers included): a card to record what they were told, and
  the items they recorded (status only);
- the handlers and the PSEA focal points: how many items are new, overdue and theirs, with the
  desk list;
- every member of an organisation with focal points designated: who they are (small), so
  that everyone knows whom to tell about exploitation, abuse or fraud.

The menu shows the desk list to holders of `handle_feedback`; a focal point without that
permission reaches it from their home card (the menu asks roles only, no query per page).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access.feedback import may_handle_items, records_feedback
from sutura.accounts.roles import Perm
from sutura.core import registry
from sutura.core.registry import Card, NavItem
from sutura.feedback import selectors_desk

MENU = (
    NavItem(_("Record a complaint or feedback"), "feedback:new", Perm.RECORD_FEEDBACK, order=24),
    NavItem(_("Complaints and feedback"), "feedback:desk", Perm.HANDLE_FEEDBACK, order=25),
    NavItem(
        _("PSEA focal points"),
        "feedback:focal_points",
        Perm.RECORD_FEEDBACK,
        or_perm=Perm.DESIGNATE_PSEA,
        order=88,
    ),
)


def cards(user: Any) -> Iterator[Card]:
    if getattr(user, "organisation_id", None) is None:
        return
    if may_handle_items(user):
        counts = selectors_desk.desk_counts(user)
        desk = reverse("feedback:desk")
        yield Card(
            _("Complaints and feedback"),
            _("New: %(new)s · overdue: %(overdue)s · assigned to you: %(mine)s.") % counts,
            [
                (str(_("Open the list")), desk),
                (str(_("Overdue")), f"{desk}?overdue=on&state=open"),
                (str(_("Assigned to me")), f"{desk}?mine=on&state=open"),
            ],
            order=9,
        )
    if records_feedback(user):
        yield Card(
            _("Record a complaint or feedback"),
            _(
                "Something someone told you, by any channel: record it in a few minutes. "
                "They get a code to follow it."
            ),
            [
                (str(_("Record")), reverse("feedback:new")),
                (str(_("Items you recorded")), reverse("feedback:recorded")),
            ],
            order=12,
        )
    focal = selectors_desk.focal_points_now(user)
    if focal:
        yield Card(
            _("PSEA focal points"),
            _("Sexual exploitation or abuse, fraud: tell them, in confidence."),
            [(str(_("Who they are")), reverse("feedback:focal_points"))],
            template="feedback/desk/cards/focal_points.html",
            data=focal,
            order=95,
        )


def register() -> None:
    registry.add_cards(cards)
    registry.add_menu(*MENU)
