"""Registering and editing people. Each function is one thing a user does."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.core.concurrency import save_versioned
from sutura.people.models import Person

EDITABLE_FIELDS = (
    "given_names",
    "family_name",
    "sex",
    "birth_date",
    "birth_date_estimated",
    "nationality",
    "phone",
    "place_of_origin",
)


@transaction.atomic
def register_person(*, actor: Any, **data: Any) -> Person:
    """Open a file for a person in the actor's organisation (audited by the model signal)."""
    require(actor, Perm.REGISTER_PERSONS)
    person = Person(organisation_id=actor.organisation_id, registered_by=actor)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def update_person(*, actor: Any, person: Person, expected_version: int, **data: Any) -> Person:
    """Correct a person's details; refused if someone saved the record in the meantime."""
    require(actor, Perm.EDIT_PERSONS)
    changed = [name for name in EDITABLE_FIELDS if name in data]
    for name in changed:
        setattr(person, name, data[name])
    person.full_clean()
    return save_versioned(person, expected_version=expected_version, fields=changed)
