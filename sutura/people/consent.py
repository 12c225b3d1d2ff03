"""Consent per purpose: recorded, withdrawn at once, and checked before any action needing it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.access.people import require_works_on_person
from sutura.accounts.roles import Perm
from sutura.people.models import Consent, ConsentMethod, ConsentPurpose, ConsentStatus, Person
from sutura.people.selectors import current_consent


class ConsentMissing(PermissionDenied):
    """The action needs a consent the person has not given (or has withdrawn)."""


def require_consent(person: Person, purpose: str, *, organisation_id: Any = None) -> Consent:
    """The consent an action relies on; refused (ConsentMissing) unless it is given now."""
    consent = current_consent(person, purpose, organisation_id=organisation_id)
    if consent is None or consent.status != ConsentStatus.GIVEN:
        label = ConsentPurpose(purpose).label
        raise ConsentMissing(
            _("This needs the person's consent for “%(purpose)s”, which is not recorded as given.")
            % {"purpose": label}
        )
    return consent


def _check_child_consent(
    *,
    is_child: bool,
    status: str,
    method: str,
    guardian_name: str,
    childs_views: str,
    best_interests_basis: str,
) -> None:
    """A child's consent comes from a parent or guardian — or, for a child without one, rests
    on a documented best-interests decision; and the child's own views are always recorded."""
    errors: dict[str, str] = {}
    if method == ConsentMethod.GUARDIAN and not guardian_name.strip():
        errors["guardian_name"] = _("Name the parent or guardian who consented.")
    if method == ConsentMethod.BEST_INTERESTS:
        if not is_child:
            errors["method"] = _("Only a child's consent rests on a best-interests decision.")
        elif not best_interests_basis.strip():
            errors["best_interests_basis"] = _(
                "Say which best-interests decision this relies on: who decided, when, and its "
                "reference."
            )
    elif is_child and status == ConsentStatus.GIVEN and method != ConsentMethod.GUARDIAN:
        errors["method"] = _(
            "A child's consent is given by a parent or guardian, or under a documented "
            "best-interests decision for a child without one."
        )
    # A withdrawal is never held up (it takes effect at once); it keeps the views heard before.
    if is_child and status != ConsentStatus.WITHDRAWN and not childs_views.strip():
        errors["childs_views"] = _(
            "Record the child's own views: they are heard whoever gives the consent."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_consent(
    *,
    actor: Any,
    person: Person,
    purpose: str,
    status: str,
    method: str,
    decided_on: date | None = None,
    shared_with: Any = None,
    guardian_name: str = "",
    childs_views: str = "",
    best_interests_basis: str = "",
) -> Consent:
    """Record what the person decided. A later decision (e.g. a withdrawal) takes effect at
    once; the earlier ones stay in the history."""
    require(actor, Perm.EDIT_PERSONS)
    require_works_on_person(actor, person)
    decided_on = decided_on or timezone.localdate()
    age = person.age(decided_on)
    is_child = age is not None and age < 18
    _check_child_consent(
        is_child=is_child,
        status=status,
        method=method,
        guardian_name=guardian_name,
        childs_views=childs_views,
        best_interests_basis=best_interests_basis,
    )
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
    consent = Consent(
        person=person,
        purpose=purpose,
        status=status,
        method=method,
        decided_on=decided_on,
        shared_with=shared_with if purpose == ConsentPurpose.SHARING else None,
        guardian_name=guardian_name,
        childs_views=childs_views,
        best_interests_basis=best_interests_basis,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    return consent


def withdraw_consent(*, actor: Any, consent: Consent, childs_views: str = "") -> Consent:
    return record_consent(
        actor=actor,
        person=consent.person,
        purpose=consent.purpose,
        status=ConsentStatus.WITHDRAWN,
        method=consent.method,
        shared_with=consent.shared_with,
        guardian_name=consent.guardian_name,
        # A child's withdrawal keeps the views heard when they consented, unless new ones are
        # recorded (the withdrawal page asks nothing more).
        childs_views=childs_views or consent.childs_views,
        best_interests_basis=consent.best_interests_basis,
    )
