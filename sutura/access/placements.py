"""Placement offers and proposals: who reads and who acts.

Offers are not personal data. A user sees an offer when they
- keep the referral mechanism (`manage_governance`, the NRM coordinator): every offer;
- make referrals (`make_referrals`): the offers of active employers, to propose returnees;
- belong to the employer: every offer of their organisation, whatever its status.
An offer is posted and changed by its employer's staff who hold `post_offers` (provider
agents), or by the NRM coordinator on the employer's behalf (`posts_for`).

A proposal is a referral: a user sees it exactly when they stand on its referral
(`access.referrals`: the case team and author on the proposing side, the employer's agents as
its receiver), and what they read of the person still comes only from
`referrals.sharing`. Its outcome is recorded by the receiver (`records_outcome`).

Counts (proposed, placed, not retained by reason, pending) are for the coordinator and the
employer's staff: `proposals_counted_for()` (figures only, never rows on a page).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from sutura.access.permissions import can, signed_in
from sutura.access.referrals import referral_filter, standing
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.placements.models import Offer, Proposal
from sutura.referrals.models import Referral


def _member(user: Any) -> bool:
    return signed_in(user) and user.organisation_id is not None


# --- offers ------------------------------------------------------------------------------------


def offer_filter(user: Any) -> Q | None:
    """The offers a user sees, as a filter; None: none at all."""
    if not _member(user):
        return None
    if can(user, Perm.MANAGE_GOVERNANCE):
        return Q()
    own = Q(employer_id=user.organisation_id)
    if can(user, Perm.MAKE_REFERRALS):
        return own | Q(employer__is_active=True)
    return own


def sees_offer(user: Any, offer: Offer) -> bool:
    """The same rule as `offer_filter`, on one offer (its employer loaded)."""
    if not _member(user):
        return False
    if can(user, Perm.MANAGE_GOVERNANCE) or offer.employer_id == user.organisation_id:
        return True
    return can(user, Perm.MAKE_REFERRALS) and offer.employer.is_active


@register_scope(Offer)
def _offers(user: Any, queryset: models.QuerySet[Offer]) -> models.QuerySet[Offer]:
    condition = offer_filter(user)
    return queryset.none() if condition is None else queryset.filter(condition)


def posts_for(user: Any, employer_id: Any) -> bool:
    """May the user post (and change) offers of this employer?"""
    if not _member(user):
        return False
    if can(user, Perm.MANAGE_GOVERNANCE):
        return True
    return can(user, Perm.POST_OFFERS) and employer_id == user.organisation_id


def may_post_offers(user: Any) -> bool:
    """May the user post offers at all (for some employer)?"""
    return _member(user) and (can(user, Perm.POST_OFFERS) or can(user, Perm.MANAGE_GOVERNANCE))


def counts_for(user: Any, employer_id: Any) -> bool:
    """Does the user read an employer's figures (the coordinator, the employer's staff)?"""
    if not _member(user):
        return False
    return can(user, Perm.MANAGE_GOVERNANCE) or employer_id == user.organisation_id


# --- proposals ---------------------------------------------------------------------------------


def proposal_filter(user: Any) -> Q | None:
    """The proposals a user sees: those whose referral they stand on."""
    condition = referral_filter(user)
    if condition is None:
        return None
    return Q(referral__in=Referral.objects.filter(condition))


def sees_proposal(user: Any, proposal: Proposal) -> bool:
    """The same rule on one proposal (its referral, case and parent loaded)."""
    return standing(user, proposal.referral).sees


def records_outcome(user: Any, proposal: Proposal) -> bool:
    """The employer's side records the outcome: the referral's receiver."""
    return standing(user, proposal.referral).receiver


@register_scope(Proposal)
def _proposals(user: Any, queryset: models.QuerySet[Proposal]) -> models.QuerySet[Proposal]:
    condition = proposal_filter(user)
    return queryset.none() if condition is None else queryset.filter(condition)


def proposals_counted_for(user: Any) -> models.QuerySet[Proposal]:
    """The proposals whose figures this user reads (aggregates only): every one for the NRM
    coordinator, those made to their own organisation's offers for an employer's staff."""
    if not _member(user):
        return Proposal.objects.none()
    if can(user, Perm.MANAGE_GOVERNANCE):
        return Proposal.objects.all()
    return Proposal.objects.filter(offer__employer_id=user.organisation_id)
