"""Both forms of the placements' rules agree (the filter `visible()` applies and the standing
on one record), for every user of the access world (two organisations, an outsider, an account
without an organisation), on every offer and proposal of it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sutura.access import visible
from sutura.access.placements import (
    counts_for,
    proposals_counted_for,
    records_outcome,
    sees_offer,
    sees_proposal,
)
from sutura.access.referrals import standing
from sutura.placements.models import Offer, Proposal
from tests.world_fixture import SharedWorlds
from tests.worlds import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_worlds.use("world", build_world, django_db_blocker)


def test_the_offer_standing_and_the_offer_filter_agree(world: World) -> None:
    offers = list(Offer.objects.select_related("employer"))
    assert len(offers) == 2
    for user in world.users():
        seen = set(visible(user, Offer).values_list("pk", flat=True))
        for offer in offers:
            assert sees_offer(user, offer) == (offer.pk in seen), (user, offer)


def test_the_proposal_standing_and_the_proposal_filter_agree(world: World) -> None:
    proposals = list(Proposal.objects.select_related("referral__case", "referral__parent", "offer"))
    assert len(proposals) == 2
    for user in world.users():
        seen = set(visible(user, Proposal).values_list("pk", flat=True))
        for proposal in proposals:
            assert sees_proposal(user, proposal) == (proposal.pk in seen), (user, proposal)
            if records_outcome(user, proposal):  # the receiver, who sees it
                assert proposal.pk in seen and standing(user, proposal.referral).receiver


def test_figures_are_counted_for_exactly_those_who_read_the_employers_figures(
    world: World,
) -> None:
    proposals = list(Proposal.objects.select_related("offer"))
    for user in world.users():
        counted = set(proposals_counted_for(user).values_list("pk", flat=True))
        for proposal in proposals:
            assert counts_for(user, proposal.offer.employer_id) == (proposal.pk in counted)
