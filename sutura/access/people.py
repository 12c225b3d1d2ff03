"""People: the files an organisation holds on the persons it registered.

Case and programme staff see the people their organisation registered; a case manager who sees
only the cases assigned to them (`access.cases.sees_only_assigned_cases`) sees the people of
those cases and the people they registered themselves. The records kept on a person (consents,
household, identity documents) and the name index follow the person. Mentors, providers and
M&E officers get no person rows: mentors read a minimal profile through their cases,
providers what a referral shares, M&E officers counts.

Two forms of one rule, checked against each other by a test: `person_filter` for querysets,
`works_on_person` for one person already loaded.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from sutura.access.cases import sees_only_assigned_cases, team_cases
from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.people.models import (
    Consent,
    HouseholdMember,
    IdentityDocument,
    Person,
    PersonBlockKey,
    PersonNameWord,
)


def _staff(user: Any) -> bool:
    return can(user, Perm.VIEW_PERSONS) and user.organisation_id is not None


def person_filter(user: Any) -> Q | None:
    """The people a user sees, as a filter on `Person`; None: nobody."""
    if not _staff(user):
        return None
    # A file merged into another (sutura.dedup) is hidden everywhere; its merge record keeps it.
    condition = Q(organisation_id=user.organisation_id, merged_into__isnull=True)
    if sees_only_assigned_cases(user):
        condition &= Q(registered_by_id=user.pk) | Q(pk__in=_people_of_team_cases(user))
    return condition


def sees_whole_registry(user: Any) -> bool:
    """Does the user see every current person of their organisation? (Counts over the
    organisation's people then tell them nothing they could not count themselves.)"""
    return _staff(user) and not sees_only_assigned_cases(user)


def works_on_person(user: Any, person: Person) -> bool:
    """May the user see and work on this person's file? The same rule as `person_filter`."""
    if not _staff(user) or person.organisation_id != user.organisation_id:
        return False
    if person.merged_into_id is not None:
        return False
    if not sees_only_assigned_cases(user) or person.registered_by_id == user.pk:
        return True
    return _people_of_team_cases(user).filter(pk=person.pk).exists()


def kept_file(user: Any, person_id: Any) -> Person | None:
    """The file that a merged file (sutura.dedup) now lives in, when this user may open it;
    None otherwise (the file was not merged, or its kept file is not this user's to see), so
    an old address tells who may follow it where it went and nobody else learns anything.
    A chain of merges (A into B, B into C) is followed to its end."""
    condition = person_filter(user)
    if condition is None:
        return None
    followed: set[Any] = set()
    current = person_id
    while True:
        into = (
            Person.objects.filter(pk=current, merged_into__isnull=False)
            .values_list("merged_into_id", flat=True)
            .first()
        )
        if into is None or into in followed:
            break
        followed.add(into)
        current = into
    if not followed:
        return None
    return Person.objects.filter(condition, pk=current).first()


def require_works_on_person(user: Any, person: Person) -> None:
    """Defence in depth for services: change only a file the actor may work on (403)."""
    if not works_on_person(user, person):
        raise PermissionDenied


def _people_of_team_cases(user: Any) -> models.QuerySet[Any]:
    return team_cases(user).values("person_id")


@register_scope(Person)
def _persons(user: Any, queryset: models.QuerySet[Person]) -> models.QuerySet[Person]:
    condition = person_filter(user)
    return queryset.none() if condition is None else queryset.filter(condition)


@register_scope(PersonNameWord)
def _name_words(user: Any, queryset: models.QuerySet[PersonNameWord]) -> models.QuerySet[Any]:
    """The name index follows the people it indexes; its organisation column lets the index
    answer a whole organisation's search on its own."""
    if not _staff(user):
        return queryset.none()
    mine = queryset.filter(organisation_id=user.organisation_id)
    if sees_only_assigned_cases(user):
        return mine.filter(_own_or_team_people(user, "person_id"))
    return mine


def _own_or_team_people(user: Any, column: str) -> Q:
    """`person_filter`'s narrowing for a case manager who sees only assigned cases, on a
    narrow table already of the user's organisation whose rows a merged file does not keep
    (the name index, the key table): the people they registered, or of their team's cases.
    Written as two small lists rather than a filter on the organisation's people, which
    PostgreSQL answered by reading all 200,000 of them (210 ms instead of 4 at a million)."""
    registered = Person.objects.filter(registered_by_id=user.pk).values("pk")
    return Q(**{f"{column}__in": registered}) | Q(**{f"{column}__in": _people_of_team_cases(user)})


@register_scope(PersonBlockKey)
def _block_keys(user: Any, queryset: models.QuerySet[PersonBlockKey]) -> models.QuerySet[Any]:
    """The duplicate check's keys follow the people they key, as the name index does (a merged
    file has none: the trigger keeping them drops its rows)."""
    if not _staff(user):
        return queryset.none()
    mine = queryset.filter(organisation_id=user.organisation_id)
    if sees_only_assigned_cases(user):
        return mine.filter(_own_or_team_people(user, "person_id"))
    return mine


def _person_records(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset.filter(person__in=_persons(user, Person.objects.all()))


for _model in (Consent, HouseholdMember, IdentityDocument):
    register_scope(_model)(_person_records)


def persons_counted_for(user: Any) -> models.QuerySet[Person]:
    """The people whose records feed this user's indicators (counts only, never rows)."""
    if not can(user, Perm.VIEW_INDICATORS) or user.organisation_id is None:
        return Person.objects.none()
    return Person.objects.filter(organisation_id=user.organisation_id)
