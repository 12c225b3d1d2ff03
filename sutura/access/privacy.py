"""Data protection: who handles a person's requests about their data (subject-access export,
erasure, anonymisation).

Holders of `handle_data_requests` (the programme manager, who answers for the organisation's
files, and the system administrator) handle the requests of the people their own organisation
holds; nobody else sees a request or an export, and another organisation's person is unknown
(404). A case manager records nothing here: they pass the request on.

Two forms of one rule: `request_filter` for querysets, `handles_requests_for` for one person.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.people.models import Person
from sutura.privacy.models import Anonymisation, DataRequest


def _handler(user: Any) -> bool:
    return can(user, Perm.HANDLE_DATA_REQUESTS) and user.organisation_id is not None


def handles_requests_for(user: Any, person: Person) -> bool:
    return _handler(user) and person.organisation_id == user.organisation_id


def require_handles_requests_for(user: Any, person: Person) -> None:
    if not handles_requests_for(user, person):
        raise PermissionDenied


@register_scope(DataRequest)
def _requests(user: Any, queryset: models.QuerySet[DataRequest]) -> models.QuerySet[Any]:
    if not _handler(user):
        return queryset.none()
    return queryset.filter(organisation_id=user.organisation_id)


@register_scope(Anonymisation)
def _anonymisations(user: Any, queryset: models.QuerySet[Anonymisation]) -> models.QuerySet[Any]:
    if not _handler(user):
        return queryset.none()
    return queryset.filter(person__organisation_id=user.organisation_id)


def persons_handled_by(user: Any) -> models.QuerySet[Person]:
    """The people whose requests this user handles (to find one by id: 404 otherwise)."""
    if not _handler(user):
        return Person.objects.none()
    return Person.objects.filter(organisation_id=user.organisation_id)
