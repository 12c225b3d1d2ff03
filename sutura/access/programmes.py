"""Programmes (sutura.programmes): who sees a programme, its budget and its results framework.

- A programme is seen by the staff who follow figures (`Perm.VIEW_INDICATORS`: programme
  managers, M&E and protection officers) or keep programmes (`Perm.MANAGE_PROGRAMMES`) of the
  organisation that runs it **and of its implementing partners**: both report on it. Everyone
  else gets 404 (the page, the API), like a programme that does not exist.
- Only the running organisation's programme managers keep it (`manages_programme`): its
  details, envelopes, results framework and tags.
- The budget (envelopes, what plans planned, committed and disbursed against them) is the
  running organisation's alone (`sees_budget`): the figures count its cases
  (`access.cases.cases_counted_for`), never a partner's, and are aggregates, never rows.
- A tag names a record of another app (a meeting, an activity, a community); what it names is
  shown only if the reader may see that record itself (`visible()` of its model).

Two forms of one rule: `programme_filter(user)` for querysets and the scopes below, and the
standing on one programme already loaded (`sees_programme`, `manages_programme`,
`sees_budget`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from sutura.access.cases import cases_counted_for
from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.cases.models import PlannedAssistance, Programme
from sutura.programmes.models import (
    Donor,
    Envelope,
    PeriodValue,
    ProgrammeProfile,
    ProgrammeTag,
    ResultIndicator,
    ResultNode,
)


def _reader(user: Any) -> bool:
    return user.organisation_id is not None and (
        can(user, Perm.VIEW_INDICATORS) or can(user, Perm.MANAGE_PROGRAMMES)
    )


def programme_filter(user: Any, prefix: str = "") -> Q | None:
    """The programmes the user sees (None: none at all): their organisation's, and those it
    implements as a partner. `prefix` reaches the programme from another model."""
    if not _reader(user):
        return None
    org = user.organisation_id
    partners = ProgrammeProfile.objects.filter(partners=org).values("programme_id")
    return Q(**{f"{prefix}organisation_id": org}) | Q(**{f"{prefix}pk__in": partners})


def programmes_seen(user: Any) -> models.QuerySet[Programme]:
    condition = programme_filter(user)
    if condition is None:
        return Programme.objects.none()
    return Programme.objects.filter(condition)


def partner_ids(programme: Programme) -> set[Any]:
    """The implementing partners of one programme (one query)."""
    return set(
        ProgrammeProfile.partners.through.objects.filter(
            programmeprofile__programme=programme
        ).values_list("organisation_id", flat=True)
    )


def sees_programme(user: Any, programme: Programme, partners: set[Any] | None = None) -> bool:
    if not _reader(user):
        return False
    if programme.organisation_id == user.organisation_id:
        return True
    return user.organisation_id in (partner_ids(programme) if partners is None else partners)


def manages_programme(user: Any, programme: Programme) -> bool:
    return (
        can(user, Perm.MANAGE_PROGRAMMES)
        and user.organisation_id is not None
        and programme.organisation_id == user.organisation_id
    )


def sees_budget(user: Any, programme: Programme) -> bool:
    return _reader(user) and programme.organisation_id == user.organisation_id


def budget_items_counted_for(user: Any, programme: Programme) -> models.QuerySet[Any]:
    """The planned items of the programme's cases whose amounts this user may add up (their own
    organisation's cases: aggregates only, never rows)."""
    if not sees_budget(user, programme):
        return PlannedAssistance.objects.none()
    return PlannedAssistance.objects.filter(
        plan__case__in=cases_counted_for(user).filter(programme=programme)
    )


def _through_programme(prefix: str) -> Any:
    def scope(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        condition = programme_filter(user, prefix)
        return queryset.none() if condition is None else queryset.filter(condition)

    return scope


register_scope(ProgrammeProfile)(_through_programme("programme__"))
register_scope(ResultNode)(_through_programme("programme__"))
register_scope(ResultIndicator)(_through_programme("result__programme__"))
register_scope(PeriodValue)(_through_programme("indicator__result__programme__"))
register_scope(ProgrammeTag)(_through_programme("programme__"))


@register_scope(Envelope)
def _envelopes(user: Any, queryset: models.QuerySet[Envelope]) -> models.QuerySet[Envelope]:
    """The budget is the running organisation's (`sees_budget`)."""
    if not _reader(user):
        return queryset.none()
    return queryset.filter(programme__organisation_id=user.organisation_id)


@register_scope(Donor)
def _donors(user: Any, queryset: models.QuerySet[Donor]) -> models.QuerySet[Donor]:
    """An organisation's list of donors, and the donors of the programmes it implements."""
    condition = programme_filter(user)
    if condition is None:
        return queryset.none()
    funded = ProgrammeProfile.donors.through.objects.filter(
        programmeprofile__programme__in=Programme.objects.filter(condition)
    ).values("donor_id")
    return queryset.filter(Q(organisation_id=user.organisation_id) | Q(pk__in=funded))
