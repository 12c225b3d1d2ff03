"""The placements' URLs in the URL × role matrix (records: `tests/world_parts/placements.py`).

Offers: every signed-in user reaches the list (it shows what `visible()` gives); an offer is
read by referrers, the NRM coordinator and the employer's staff; posted and changed by the
employer's provider agents or the coordinator. Proposals follow their referral: read by whoever
stands on it, their outcome recorded by its receiver only.
"""

from __future__ import annotations

from typing import Any

from sutura.access import can
from sutura.access.cases import works_on
from sutura.access.placements import may_post_offers, posts_for, records_outcome
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Route,
    a_form,
    api,
    api_post,
    gate,
    in_view,
    page,
    post,
    row_then_gate,
    sees_case,
    signed_in,
)
from sutura.accounts.roles import Perm
from sutura.placements.models import Offer, Proposal
from tests.worlds import World


def _parts(world: World, *names: str) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["placements"]
    return {name.replace("_", " "): ({"pk": found[name].pk}, found[name]) for name in names}


def offers(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return _parts(world, "offer_a", "offer_b")


def proposals(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return _parts(world, "proposal_ab", "proposal_ba")


def about_cases(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    """Each side's cases, proposed (by API) for B's offer."""
    return {
        f"{what} {name}": ({}, getattr(side, what))
        for name, side in (("A", world.a), ("B", world.b))
        for what in ("case", "other_case")
    }


def _posts(user: Any, offer: Offer) -> bool:
    return posts_for(user, offer.employer_id)


def _posts_b(user: Any, world: World, record: Any) -> str:
    """Posting an offer through B's employment service: the role, then the organisation."""
    if not may_post_offers(user):
        return FORBIDDEN
    service = world.parts["placements"]["offer_b"].service
    return OK if posts_for(user, service.provider_id) else FORBIDDEN


def _patch(user: Any, world: World, offer: Offer) -> str:
    """The role first (the endpoint's), then the offer (404), then its employer (403)."""
    if not may_post_offers(user):
        return FORBIDDEN
    if not in_view(Offer)(user, offer):
        return MISSING
    return OK if _posts(user, offer) else FORBIDDEN


def _proposes(user: Any, world: World, case: Any) -> str:
    """A proposal by API: the role, the case (404), then the case team only (403)."""
    if not can(user, Perm.MAKE_REFERRALS):
        return FORBIDDEN
    if not sees_case(user, case):
        return MISSING
    return OK if works_on(user, case) else FORBIDDEN


def _new_offer(world: World, record: Any) -> dict[str, Any]:
    offer = world.parts["placements"]["offer_b"]
    return {
        "service": str(offer.service_id),
        "kind": "job",
        "title": "Magasinier",
        "sector": "trade",
        "location": str(offer.location_id),
        "opens_on": "2026-01-01",
        "closes_on": "2026-12-31",
    }


def _proposal_of(world: World, case: Any) -> dict[str, Any]:
    return {
        "offer": str(world.parts["placements"]["offer_b"].pk),
        "case": str(case.pk),
        "reason": "Expérience",
    }


OUTCOME = {"outcome": "not_retained", "reason": "unreachable", "note": "Trois appels"}
PAGE_OUTCOME = {"outcome": "placed", "start_on": "2026-12-01", "note": "Contrat signé"}
POSTERS = gate(Perm.POST_OFFERS, Perm.MANAGE_GOVERNANCE)
SEES_OFFER = gate(row=in_view(Offer))
SEES_PROPOSAL = gate(row=in_view(Proposal))

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "placements:list": page(signed_in, audited=False),
    "placements:offer_new": a_form(page(POSTERS, audited=False)),
    "placements:detail": page(SEES_OFFER, offers, audited=False),
    "placements:edit": a_form(page(row_then_gate(in_view(Offer), _posts), offers, audited=False)),
    "placements:propose": a_form(
        page(gate(Perm.MAKE_REFERRALS, row=in_view(Offer)), offers, audited=False)
    ),
    "placements:proposal": page(SEES_PROPOSAL, proposals),
    "placements:outcome": post(
        row_then_gate(in_view(Proposal), records_outcome), proposals, data=PAGE_OUTCOME
    ),
    "placements:employers": page(POSTERS, audited=False),
    "api-placement-offer-list": (
        api(signed_in, audited=False),
        api_post(_posts_b, data=_new_offer),
    ),
    "api-placement-offer-detail": (
        api(SEES_OFFER, offers, audited=False),
        Route(_patch, offers, method="patch", api=True, data={"version": 1}),
    ),
    "api-placement-proposal-list": (
        api(signed_in, audited=False),
        api_post(_proposes, about_cases, data=_proposal_of),
    ),
    "api-placement-proposal-detail": api(SEES_PROPOSAL, proposals),
    "api-placement-proposal-outcome": api_post(
        row_then_gate(in_view(Proposal), records_outcome), proposals, data=OUTCOME
    ),
}
