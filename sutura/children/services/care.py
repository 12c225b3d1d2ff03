"""The child's profile, interim care arrangements and their checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require, visible
from sutura.access.accounts import colleague
from sutura.access.cases import require_works_on
from sutura.accounts.roles import Perm
from sutura.cases.models import Case
from sutura.children.models import CareArrangement, CareCheck, ChildProfile
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked

PROFILE_FIELDS = ("status", "caregiver_name", "caregiver_relationship", "caregiver_phone")


def _on_case(actor: Any, case: Case) -> None:
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)


def not_in_future(value: date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def case_team_member(actor: Any, user: Any, field: str) -> Any:
    """A colleague of the actor's organisation on the case team (the actor by default)."""
    if user is None:
        return actor
    found = colleague(getattr(user, "pk", user), actor.organisation_id)
    if found is None:
        raise ValidationError({field: _("Choose an active colleague of your organisation.")})
    return found


@transaction.atomic
def save_profile(
    *,
    actor: Any,
    case: Case,
    status: str,
    caregiver_name: str = "",
    caregiver_relationship: str = "",
    caregiver_phone: str = "",
    expected_version: int | None = None,
    profile: ChildProfile | None = None,
) -> ChildProfile:
    """Record (or correct) the child's status and current caregiver on their case."""
    _on_case(actor, case)
    values = {
        "status": status,
        "caregiver_name": caregiver_name.strip(),
        "caregiver_relationship": caregiver_relationship.strip(),
        "caregiver_phone": caregiver_phone.strip(),
    }
    if profile is None:
        locked(case)
        profile = ChildProfile(case=case, recorded_by=actor, **values)
        profile.full_clean(exclude=["case"])
        if visible(actor, ChildProfile).filter(case_id=case.pk).exists():
            raise ValidationError(_("This case already has a child's profile."))
        profile.save()
        return profile
    if profile.case_id != case.pk:
        raise ValidationError(_("This profile belongs to another case."))
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["case"])
    return save_versioned(
        profile,
        expected_version=profile.version if expected_version is None else expected_version,
        fields=PROFILE_FIELDS,
    )


@transaction.atomic
def record_arrangement(
    *,
    actor: Any,
    case: Case,
    kind: str,
    started_on: date,
    place: str = "",
    caregiver_name: str = "",
    notes: str = "",
) -> CareArrangement:
    """Record where and with whom the child lives from a date: the arrangement in force ends
    that day and the profile shows the new one."""
    _on_case(actor, case)
    locked(case)
    not_in_future(started_on, "started_on")
    profile = visible(actor, ChildProfile).filter(case_id=case.pk).first()
    if profile is None:
        raise ValidationError(_("Record the child's profile (status, caregiver) first."))
    current = (
        visible(actor, CareArrangement)
        .filter(case_id=case.pk, ended_on__isnull=True)
        .order_by("-started_on")
        .first()
    )
    if current is not None:
        if started_on < current.started_on:
            raise ValidationError(
                {"started_on": _("The new arrangement cannot start before the current one.")}
            )
        current.ended_on = started_on
        current.save(update_fields=["ended_on", "updated_at"])
    arrangement = CareArrangement(
        case=case,
        kind=kind,
        started_on=started_on,
        place=place.strip(),
        caregiver_name=caregiver_name.strip(),
        notes=notes,
        recorded_by=actor,
    )
    arrangement.full_clean(exclude=["case"])
    arrangement.save()
    profile.care_kind = kind
    profile.care_since = started_on
    if caregiver_name.strip():
        profile.caregiver_name = caregiver_name.strip()
    save_versioned(
        profile,
        expected_version=profile.version,
        fields=("care_kind", "care_since", "caregiver_name"),
    )
    return arrangement


@transaction.atomic
def record_check(
    *,
    actor: Any,
    arrangement: CareArrangement,
    checked_on: date,
    outcome: str,
    notes: str = "",
    checked_by: Any = None,
) -> CareCheck:
    """Record a check of a care arrangement (a visit: is it still right for the child?)."""
    case = arrangement.case
    _on_case(actor, case)
    not_in_future(checked_on, "checked_on")
    if checked_on < arrangement.started_on:
        raise ValidationError(
            {"checked_on": _("A check cannot be earlier than the arrangement it checks.")}
        )
    check = CareCheck(
        case=case,
        arrangement=arrangement,
        checked_on=checked_on,
        checked_by=case_team_member(actor, checked_by, "checked_by"),
        outcome=outcome,
        notes=notes,
    )
    check.full_clean(exclude=["case", "arrangement"])
    check.save()
    return check
