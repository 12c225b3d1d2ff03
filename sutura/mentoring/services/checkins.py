"""The monthly check-in between a mentor and their MHPSS focal point: the focal point plans it
(a date), records it (held on, the mentor's own well-being, difficulties, ideas shared,
actions agreed) or cancels it. The notes are the mentor's own record
(`access.mentoring.checkin_standing(...).reads_notes`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access.mentoring import checkin_standing, supervises
from sutura.core.concurrency import save_versioned
from sutura.mentoring.models import CheckIn, CheckInStatus

NOTE_FIELDS = ("wellbeing", "difficulties", "ideas", "actions")


@transaction.atomic
def schedule_checkin(actor: Any, *, mentor: Any, scheduled_on: datetime.date) -> CheckIn:
    """Plan a check-in with one of the mentors the actor supervises."""
    if mentor is None or not supervises(actor, mentor.pk):
        raise PermissionDenied
    checkin = CheckIn(
        mentor=mentor,
        focal_point=actor,
        organisation_id=actor.organisation_id,
        scheduled_on=scheduled_on,
    )
    checkin.full_clean()
    checkin.save()
    return checkin


def _require_records(actor: Any, checkin: CheckIn) -> None:
    if not checkin_standing(actor, checkin).records:
        raise PermissionDenied
    if checkin.status != CheckInStatus.SCHEDULED:
        raise ValidationError(_("This check-in has already been recorded or cancelled."))


@transaction.atomic
def record_checkin(
    actor: Any,
    checkin: CheckIn,
    *,
    expected_version: int,
    held_on: datetime.date,
    **notes: str,
) -> CheckIn:
    """What was said: held on a day (not to come), with the notes."""
    unknown = set(notes) - set(NOTE_FIELDS)
    if unknown:
        raise TypeError(f"unknown check-in fields: {sorted(unknown)}")
    _require_records(actor, checkin)
    if held_on is None:
        raise ValidationError({"held_on": _("Give the day the check-in was held.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A check-in cannot be recorded before it is held.")})
    checkin.status = CheckInStatus.HELD
    checkin.held_on = held_on
    checkin.focal_point = actor
    for name, value in notes.items():
        setattr(checkin, name, value)
    checkin.full_clean()
    fields = ["status", "held_on", "focal_point", *notes]
    save_versioned(checkin, expected_version=expected_version, fields=fields)
    return checkin


@transaction.atomic
def cancel_checkin(actor: Any, checkin: CheckIn, *, expected_version: int) -> CheckIn:
    _require_records(actor, checkin)
    checkin.status = CheckInStatus.CANCELLED
    save_versioned(checkin, expected_version=expected_version, fields=["status"])
    return checkin
