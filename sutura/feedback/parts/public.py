"""The public part: the intake points (public form, QR posters) on the home page and in the
menu of those who keep them (the feedback handlers; PSEA focal points see the card)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sutura.access import visible
from sutura.access.feedback import manages_intake_points
from sutura.accounts.roles import Perm
from sutura.core import registry
from sutura.core.registry import Card, NavItem
from sutura.feedback.models import IntakePoint

MENU = [NavItem(_("Intake points"), "feedback:points", Perm.HANDLE_FEEDBACK, order=62)]


def cards(user: Any) -> Iterator[Card]:
    if not manages_intake_points(user):
        return
    in_use = visible(user, IntakePoint).filter(active=True).count()
    yield Card(
        _("Public form and QR posters"),
        ngettext(
            "People make a complaint or give feedback without an account, from a short address "
            "or a QR poster: %(count)s intake point in use.",
            "People make a complaint or give feedback without an account, from a short address "
            "or a QR poster: %(count)s intake points in use.",
            in_use,
        )
        % {"count": in_use},
        [
            (str(_("Intake points")), reverse("feedback:points")),
            (str(_("New intake point")), reverse("feedback:point_new")),
        ],
        order=68,
    )


def register() -> None:
    registry.add_cards(cards)
    registry.add_menu(*MENU)
