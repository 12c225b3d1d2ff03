"""The scoping rules, model by model. Read this file to know who sees what."""

from __future__ import annotations

from typing import Any

from django.db import models

from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Perm
from sutura.audit.models import AuditEntry
from sutura.geo.models import Location
from sutura.people.models import Person


@register_scope(Location)
def _locations(user: Any, queryset: models.QuerySet[Location]) -> models.QuerySet[Location]:
    return queryset  # reference data: every signed-in user


@register_scope(Organisation)
def _organisations(
    user: Any, queryset: models.QuerySet[Organisation]
) -> models.QuerySet[Organisation]:
    return queryset  # the list of organisations is not personal data


@register_scope(User)
def _users(user: Any, queryset: models.QuerySet[User]) -> models.QuerySet[User]:
    if can(user, Perm.MANAGE_USERS):
        return queryset
    return queryset.filter(pk=user.pk)


@register_scope(AuditEntry)
def _audit(user: Any, queryset: models.QuerySet[AuditEntry]) -> models.QuerySet[AuditEntry]:
    return queryset if can(user, Perm.VIEW_AUDIT_LOG) else queryset.none()


@register_scope(Person)
def _persons(user: Any, queryset: models.QuerySet[Person]) -> models.QuerySet[Person]:
    """Case and programme staff see the people their organisation registered.

    Mentors (assigned returnees), provider agents (shared by referral) and focal points
    (cases referred to them) get their rows when assignments and referrals exist; until then
    they see none. M&E officers and administrators never see individuals.
    """
    if user.organisation_id is None or not can(user, Perm.VIEW_PERSONS):
        return queryset.none()
    return queryset.filter(organisation_id=user.organisation_id)


def persons_counted_for(user: Any) -> models.QuerySet[Person]:
    """The people whose records feed this user's indicators (counts only, never rows)."""
    if user.organisation_id is None or not can(user, Perm.VIEW_INDICATORS):
        return Person.objects.none()
    return Person.objects.filter(organisation_id=user.organisation_id)
