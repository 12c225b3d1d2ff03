"""Duplicate files (sutura.dedup): who runs detection, reviews its proposals, merges and undoes.

- **Reviewers** hold `Perm.REVIEW_DUPLICATES` (programme managers). A reviewer sees the runs,
  proposals, decisions and merges of their own organisation, and only those whose people they
  may see (`access.people.person_filter`: both files of a pair): nobody learns from a proposal
  that a file exists which they may not open.
- Nobody else sees any of it: a case manager meets possible duplicates only at registration,
  among the people they may see (`people.duplicates`).
- A merge's merged file is hidden from every list (`Person.merged_into`); the merge record
  itself still names it, for its reviewers and the undo.

Two forms of one rule: the scopes below for querysets, `reviews(user, organisation_id)` for
one record already loaded.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from sutura.access.people import person_filter
from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.dedup.models import DedupRun, Merge, PairDecision, Proposal
from sutura.people.models import Person


def reviews(user: Any, organisation_id: Any) -> bool:
    """Does the user review the duplicates of this organisation?"""
    return (
        can(user, Perm.REVIEW_DUPLICATES)
        and user.organisation_id is not None
        and user.organisation_id == organisation_id
    )


def _reviewer(user: Any) -> bool:
    return can(user, Perm.REVIEW_DUPLICATES) and user.organisation_id is not None


@register_scope(DedupRun)
def _runs(user: Any, queryset: models.QuerySet[DedupRun]) -> models.QuerySet[DedupRun]:
    if not _reviewer(user):
        return queryset.none()
    return queryset.filter(organisation_id=user.organisation_id)


def _pairs(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Rows naming two people (first, second): both must be files the user may open."""
    condition = person_filter(user)
    if not _reviewer(user) or condition is None:
        return queryset.none()
    people = Person.objects.filter(condition)
    return queryset.filter(
        Q(organisation_id=user.organisation_id), first__in=people, second__in=people
    )


register_scope(Proposal)(_pairs)
register_scope(PairDecision)(_pairs)


@register_scope(Merge)
def _merges(user: Any, queryset: models.QuerySet[Merge]) -> models.QuerySet[Merge]:
    """A merge is seen by the organisation's reviewers (its merged file is hidden by then, so
    the rule is the organisation and the kept file)."""
    condition = person_filter(user)
    if not _reviewer(user) or condition is None:
        return queryset.none()
    return queryset.filter(
        organisation_id=user.organisation_id, kept__in=Person.objects.filter(condition)
    )
