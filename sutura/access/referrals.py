"""Referrals: who stands on which side of a referral.

A user's *standing* on one referral (`standing(user, referral)`) says everything the workflow,
the sharing rules, the pages and the API ask about them, computed once from the rows already
loaded (the referral with its case and parent). Each part has its filter twin for querysets;
a test checks that both forms agree for every user of a varied world.

- `case_team` (`case_team_filter`): works on the referral's case in full (`access.cases`);
- `author` (`author_filter`): made the referral, even after losing the case (sees its
  metadata, acts on nothing);
- `sender` (`sender_filter`): acts for the referring side now — of the referring organisation,
  and on the case team, or the mentor who referred their returnee, or (an onward referral) one
  of its agents who handle referrals;
- `receiver` (`receiver_filter`): the named colleague of an internal referral, or the receiving
  organisation's agents and focal points; never on a draft;
- `onward_referrer` (`onward_filter`): an agent who referred the person onward from a referral
  they receive, while that referral is still active.

A user sees a referral when they stand anywhere on it. Seeing a referral is not seeing the
case: what anyone other than the case team reads of the person comes from
`sutura.referrals.sharing`, section by section.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from sutura.access.accounts import members
from sutura.access.cases import works_on, works_on_filter
from sutura.access.permissions import can, signed_in
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.cases.models import Case
from sutura.referrals.models import ACTIVE_STATUSES, Referral, ReferralStatus, ReferralTransition


@dataclass
class ReferralStanding:
    user: Any
    referral: Referral
    case_team: bool = False
    author: bool = False
    sender: bool = False
    receiver: bool = False
    onward_referrer: bool = False
    mentor_referrer: bool = False  # the mentor who referred their own returnee

    @property
    def sees(self) -> bool:
        """Sees the referral itself (its metadata and history; not the person)."""
        return self.case_team or self.author or self.sender or self.receiver

    @cached_property
    def answers_for_provider(self) -> bool:
        """Records the receiving side's steps: the receiver; or the referring side when the
        provider has nobody in Sutura (it answered by phone or on paper), so a referral to a
        provider that is not on the platform still closes its loop. One query, when asked."""
        if self.receiver:
            return True
        return self.sender and not receivers(self.referral)


def _addressed_to(user: Any, referral: Referral) -> bool:
    """Named (internal referral), or sent to the user's organisation's referral handlers."""
    if referral.to_user_id is not None:
        return bool(referral.to_user_id == user.pk)
    return referral.to_organisation_id == user.organisation_id and can(
        user, Perm.HANDLE_INCOMING_REFERRALS
    )


def standing(user: Any, referral: Referral) -> ReferralStanding:
    """Where `user` stands on `referral` (its case and parent should be loaded with it)."""
    if not signed_in(user) or user.organisation_id is None:
        return ReferralStanding(user, referral)
    case = referral.case
    team = works_on(user, case)
    same_org = referral.from_organisation_id == user.organisation_id
    mentor_referrer = referral.referred_by_id == user.pk and case.mentor_id == user.pk
    agent = can(user, Perm.HANDLE_INCOMING_REFERRALS)
    onward = referral.parent_id is not None
    parent = referral.parent if onward else None
    return ReferralStanding(
        user,
        referral,
        case_team=team,
        author=referral.referred_by_id == user.pk,
        sender=same_org and (team or mentor_referrer or (onward and agent)),
        receiver=referral.status != ReferralStatus.DRAFT and _addressed_to(user, referral),
        onward_referrer=parent is not None
        and same_org
        and parent.status in ACTIVE_STATUSES
        and _addressed_to(user, parent),
        mentor_referrer=mentor_referrer,
    )


# --- the same rules as filters -----------------------------------------------------------


def receiver_filter(user: Any) -> Q:
    incoming = Q(to_user_id=user.pk)
    if user.organisation_id is not None and can(user, Perm.HANDLE_INCOMING_REFERRALS):
        incoming |= Q(to_organisation_id=user.organisation_id, to_user__isnull=True)
    return incoming & ~Q(status=ReferralStatus.DRAFT)


def author_filter(user: Any) -> Q:
    return Q(referred_by_id=user.pk)


def case_team_filter(user: Any) -> Q:
    """On a case the user works on in full. Asked as EXISTS on the referral's own case, not
    `case IN (the team's cases)`: inside the OR of the list filters PostgreSQL cannot make that
    IN a join, so it hashed the ids of every case of the organisation for each list and count
    (200,000 with a million people: 0.3-0.8 s of database CPU per page); EXISTS looks up only
    the cases of the referrals it reads, through the primary key."""
    condition = works_on_filter(user)
    if condition is None:
        return Q(pk__in=[])
    return Q(Exists(Case.objects.filter(condition, pk=OuterRef("case_id"))))


def sender_filter(user: Any) -> Q:
    mentored = Case.objects.filter(mentor_id=user.pk)  # a subquery: no join with the cases
    on_side = case_team_filter(user) | Q(referred_by_id=user.pk, case__in=mentored)
    agents = _onward_agents(user)
    if agents is not None:
        on_side |= agents
    return Q(from_organisation_id=user.organisation_id) & on_side


def _onward_agents(user: Any) -> Q | None:
    """An onward referral made by the organisation of an agent who handles referrals."""
    if not can(user, Perm.HANDLE_INCOMING_REFERRALS):
        return None
    return Q(from_organisation_id=user.organisation_id, parent__isnull=False)


def onward_filter(user: Any) -> Q:
    received = Referral.objects.filter(receiver_filter(user), status__in=ACTIVE_STATUSES)
    return Q(from_organisation_id=user.organisation_id, parent__isnull=False, parent__in=received)


def outgoing_filter(user: Any) -> Q:
    """The referring side, as lists show it: made by the user, on their cases, or sent onward
    by their organisation's agents. (Every sender is one of these: a mentor who referred is its
    author. Written so, each condition can use its index: the sent list reads the newest 25.)"""
    condition = author_filter(user) | case_team_filter(user)
    agents = _onward_agents(user)
    return condition if agents is None else condition | agents


def referral_filter(user: Any) -> Q | None:
    """Which referrals a user deals with (stands anywhere on); None: none."""
    if not signed_in(user) or user.organisation_id is None:
        return None
    return outgoing_filter(user) | receiver_filter(user)


@register_scope(Referral)
def _referrals(user: Any, queryset: models.QuerySet[Referral]) -> models.QuerySet[Referral]:
    condition = referral_filter(user)
    return queryset.none() if condition is None else queryset.filter(condition)


@register_scope(ReferralTransition)
def _referral_history(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset.filter(referral__in=_referrals(user, Referral.objects.all()))


def receivers(referral: Referral) -> list[Any]:
    """Who answers for the receiving side: the named colleague, or the receiving
    organisation's active members who handle incoming referrals (maybe nobody)."""
    if referral.to_user_id is not None:
        return [referral.to_user] if referral.to_user else []
    return list(members(referral.to_organisation_id, perm=Perm.HANDLE_INCOMING_REFERRALS))


def referrals_counted_for(user: Any) -> models.QuerySet[Referral]:
    """The referrals whose figures feed this user's NRM dashboard (aggregates only): the whole
    mechanism for its coordinators, the referrals made or received by one's organisation
    otherwise. Drafts are nobody's figures."""
    if not can(user, Perm.VIEW_NRM_DASHBOARD) or user.organisation_id is None:
        return Referral.objects.none()
    sent = Referral.objects.exclude(status=ReferralStatus.DRAFT)
    if can(user, Perm.MANAGE_DIRECTORY):
        return sent
    return sent.filter(
        Q(from_organisation_id=user.organisation_id) | Q(to_organisation_id=user.organisation_id)
    )
