"""Reads of referrals, always through the access layer."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from sutura.access import get_visible_or_404, visible
from sutura.access.rules import incoming_referrals, outgoing_referrals
from sutura.cases.models import Case
from sutura.referrals.models import ACTIVE_STATUSES, AWAITING_ANSWER, Referral

_RELATED = (
    "case",
    "from_organisation",
    "to_organisation",
    "service",
    "to_user",
    "referred_by",
    "parent",
)


def referral_for(user: Any, pk: Any) -> Referral:
    """One referral the user deals with, or 404."""
    return get_visible_or_404(user, visible(user, Referral).select_related(*_RELATED), pk=pk)


def referrals_for_case(user: Any, case: Case) -> models.QuerySet[Referral]:
    """The referrals of a case, counter-referrals included, oldest first (the chain)."""
    return (
        visible(user, Referral).filter(case=case).select_related(*_RELATED).order_by("created_at")
    )


def inbox_for(user: Any) -> models.QuerySet[Referral]:
    """Referrals sent to the user or to their organisation's agents (drafts never show)."""
    return (
        visible(user, Referral)
        .filter(incoming_referrals(user))
        .select_related(*_RELATED)
        .order_by("-sent_at")
    )


def sent_by(user: Any) -> models.QuerySet[Referral]:
    """Referrals the user's side made (not those addressed to the user)."""
    return (
        visible(user, Referral)
        .filter(outgoing_referrals(user))
        .exclude(incoming_referrals(user))
        .select_related(*_RELATED)
        .order_by("-created_at")
    )


def active(queryset: models.QuerySet[Referral]) -> models.QuerySet[Referral]:
    """Referrals still under way: those waiting for an answer first, the most overdue first,
    then those being worked on."""
    waiting_first = models.Case(
        models.When(status__in=list(AWAITING_ANSWER), then=0),
        default=1,
        output_field=models.IntegerField(),
    )
    return queryset.filter(status__in=ACTIVE_STATUSES).order_by(
        waiting_first, models.F("respond_by").asc(nulls_last=True), "-sent_at"
    )


def overdue(queryset: models.QuerySet[Referral]) -> models.QuerySet[Referral]:
    return queryset.filter(status__in=AWAITING_ANSWER, respond_by__lt=timezone.now())


def chain_of(user: Any, referral: Referral) -> list[Referral]:
    """The referral it came from and those it led to, as far as the user may see them."""
    ids = {referral.pk}
    root = referral
    while root.parent_id is not None:
        parent = visible(user, Referral).filter(pk=root.parent_id).first()
        if parent is None or parent.pk in ids:
            break
        root = parent
        ids.add(root.pk)
    chain = [root]
    frontier = [root.pk]
    while frontier:
        children = list(
            visible(user, Referral).filter(parent_id__in=frontier).order_by("created_at")
        )
        chain.extend(child for child in children if child.pk not in {c.pk for c in chain})
        frontier = [child.pk for child in children]
    return chain
