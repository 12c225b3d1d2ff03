"""Registering and editing people. Each function is one thing a user does."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require, visible
from sutura.access.people import require_works_on_person
from sutura.accounts.roles import Perm
from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.core.concurrency import save_versioned
from sutura.core.texts import Text
from sutura.core.uploads import ACCEPTED_PHOTOS, attach_after_commit, check_upload
from sutura.people.consent import require_consent
from sutura.people.models import ConsentPurpose, HouseholdMember, IdentityDocument, Person
from sutura.people.names import search_key

EDITABLE_FIELDS = (
    "given_names",
    "family_name",
    "sex",
    "birth_date",
    "birth_date_estimated",
    "nationality",
    "phone",
    "place_of_origin",
    "aliases",
    "languages",
    "other_phones",
    "current_location",
    "current_address",
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
def require_not_anonymised(person: Person) -> None:
    """An anonymised person's data is gone for good: nothing personal may be typed back in.
    (The mark is the `privacy.Anonymisation` row, reached through its reverse relation, so
    this lower layer does not import `privacy`.)"""
    if getattr(person, "anonymisation", None) is not None:
        raise ValidationError(
            _("This person's data was anonymised: it can no longer be changed or added to.")
        )


def update_person(*, actor: Any, person: Person, expected_version: int, **data: Any) -> Person:
    """Correct a person's details; refused if someone saved the record in the meantime."""
    require(actor, Perm.EDIT_PERSONS)
    require_works_on_person(actor, person)
    require_not_anonymised(person)
    changed = [name for name in EDITABLE_FIELDS if name in data]
    for name in changed:
        setattr(person, name, data[name])
    person.full_clean()
    key = search_key(person.family_name, person.given_names, *person.aliases)
    renamed = key != person.search_key
    if renamed:
        person.search_key = key
        changed.append("search_key")
    save_versioned(person, expected_version=expected_version, fields=changed)
    if renamed:
        person.index_name_words()  # search and duplicate detection follow the new names
    return person


@transaction.atomic
def add_identity_document(
    *,
    actor: Any,
    person: Person,
    type: str,
    number: str,
    issued_by: str = "",
    expires_on: Any = None,
) -> IdentityDocument:
    """Record an identity document; a number already on file (as far as the user can see) for
    another person is refused."""
    require(actor, Perm.EDIT_PERSONS)
    require_works_on_person(actor, person)
    number = number.strip().upper()
    # Only among the documents the user may see: another organisation's file stays unknown.
    if visible(actor, IdentityDocument).filter(type=type, number=number).exists():
        raise ValidationError(
            {"number": _("Another person already has a document of this type with this number.")}
        )
    document = IdentityDocument(
        person=person, type=type, number=number, issued_by=issued_by, expires_on=expires_on
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def add_household_member(*, actor: Any, person: Person, **data: Any) -> HouseholdMember:
    require(actor, Perm.EDIT_PERSONS)
    require_works_on_person(actor, person)
    member = HouseholdMember(person=person, **data)
    member.full_clean()
    member.save()
    return member


def confirm_new_person(*, actor: Any, person: Person, candidates: int) -> None:
    """The user saw possible duplicates and registered a new person anyway: keep a trace."""
    record(
        Action.CREATE,
        actor=actor,
        obj=person,
        detail=Text(
            gettext_noop("Confirmed as a new person despite %(count)s possible duplicate(s)"),
            count=candidates,
        ),
    )


@transaction.atomic
def set_photo(*, actor: Any, person: Person, upload: Any) -> Person:
    """Attach the person's photo; needs their consent to be photographed."""
    require(actor, Perm.EDIT_PERSONS)
    require_works_on_person(actor, person)
    require_not_anonymised(person)
    require_consent(person, ConsentPurpose.PHOTO)
    check_upload(upload, ACCEPTED_PHOTOS)
    # The new file is written, and the old one deleted, once the row commits; if the write
    # fails then, the row points back at the old photo.
    previous = person.photo.name

    def restore() -> None:
        person.photo.name = previous
        person.save(update_fields=["photo", "updated_at"])

    attach_after_commit(person.photo, upload, on_failure=restore)
    person.save(update_fields=["photo", "updated_at"])
    return person
