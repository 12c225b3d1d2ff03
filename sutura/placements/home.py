"""What placements add to the home page and the menu (registered in `PlacementsConfig`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sutura.access import can
from sutura.access.placements import may_post_offers
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.placements import selectors

MENU = [
    NavItem(
        _("Placement offers"),
        "placements:list",
        Perm.MAKE_REFERRALS,
        or_perm=Perm.POST_OFFERS,
        order=35,
    ),
    NavItem(_("Placements by employer"), "placements:employers", Perm.MANAGE_GOVERNANCE, order=36),
]


def cards(user: Any) -> Iterator[Card]:
    """For an employer's agents: their offers and the proposals waiting for their answer; for
    case managers: how many offers are open; for the coordinator: the figures per employer."""
    own = selectors.offers_for(user, selectors.OfferFilters(employer=user.organisation))
    # An employer's agent: their organisation has offers, or a service that may receive some.
    if can(user, Perm.POST_OFFERS) and (
        own.exists() or selectors.services_for_offers(user).exists()
    ):
        count = selectors.open_now(own).count()
        yield Card(
            _("Your offers"),
            ngettext(
                "Jobs, apprenticeships and training places your organisation offers: "
                "%(count)s open now.",
                "Jobs, apprenticeships and training places your organisation offers: "
                "%(count)s open now.",
                count,
            )
            % {"count": count},
            [
                (str(_("Post an offer")), reverse("placements:offer_new")),
                (str(_("Your figures")), reverse("placements:employers")),
            ],
            template="placements/cards/offers.html",
            data=list(own.exclude(status="closed")[:5]),
            order=45,
        )
        waiting = selectors.waiting_for_answer(user)
        yield Card(
            _("Proposals waiting for your answer"),
            _("Returnees proposed for your offers: %(count)s without an outcome yet.")
            % {"count": waiting.count()},
            [(str(_("All referrals received")), reverse("referrals:inbox"))],
            template="placements/cards/proposals.html",
            data=list(waiting[:5]),
            order=46,
        )
    if can(user, Perm.MANAGE_CASES) and can(user, Perm.MAKE_REFERRALS):
        yield Card(
            _("Open offers"),
            _(
                "Jobs, apprenticeships and training places open now: %(count)s. Propose a "
                "returnee whose plan has an economic dimension."
            )
            % {"count": selectors.open_offers_count(user)},
            [(str(_("See the offers")), reverse("placements:list"))],
            order=47,
        )
    if can(user, Perm.MANAGE_GOVERNANCE) and may_post_offers(user):
        yield Card(
            _("Placements by employer"),
            _("Offers, proposals and placements of each employer (figures only)."),
            [
                (str(_("Open the summary")), reverse("placements:employers")),
                (str(_("All offers")), reverse("placements:list")),
            ],
            order=65,
        )
