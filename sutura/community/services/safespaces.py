"""Safe spaces (women and girls' safe spaces, child-friendly spaces): the space itself, its
monthly attendance counted by sex × age group, and the periodic safety check against the
safety checklist (each item answered, the finding, the follow-up and its status).

A follow-up still open `FOLLOW_UP_DAYS` after its check is overdue (flagged on the space's page
and on the officer's home card)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access.community import community_standing
from sutura.community.models import (
    Answer,
    Checklist,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistKind,
    ChecklistVersion,
    Community,
    FollowUpStatus,
    SafeSpace,
    SafeSpaceAttendance,
    SafetyCheck,
)
from sutura.core.concurrency import save_versioned
from sutura.meetings.models import AgeGroup
from sutura.people.models import Sex

FOLLOW_UP_DAYS = 30
OPEN_FOLLOW_UPS = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)

SPACE_FIELDS = (
    "kind",
    "name",
    "location",
    "address",
    "managing_partner",
    "opening_hours",
    "activities",
    "opened_on",
    "closed_on",
)


def _require_edits(actor: Any, community: Community) -> None:
    if not community_standing(actor, community).edits:
        raise PermissionDenied


def _check(data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(SPACE_FIELDS)
    if unknown:
        raise TypeError(f"unknown safe-space fields: {sorted(unknown)}")


def _validate(space: SafeSpace) -> None:
    if space.opened_on and space.closed_on and space.closed_on < space.opened_on:
        raise ValidationError({"closed_on": _("A space cannot close before it opened.")})
    space.full_clean()


@transaction.atomic
def create_safe_space(*, actor: Any, community: Community, **data: Any) -> SafeSpace:
    """Record a safe space of a community and the partner organisation that manages it (whose
    staff then see the community's non-personal records)."""
    _require_edits(actor, community)
    _check(data)
    space = SafeSpace(community=community, **data)
    _validate(space)
    space.save()
    return space


@transaction.atomic
def update_safe_space(
    *, actor: Any, space: SafeSpace, expected_version: int, **data: Any
) -> SafeSpace:
    """Change a safe space's details (hours, activities, managing partner, closing)."""
    _require_edits(actor, space.community)
    _check(data)
    for name, value in data.items():
        setattr(space, name, value)
    _validate(space)
    return save_versioned(space, expected_version=expected_version, fields=list(data))


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@transaction.atomic
def record_attendance(
    *,
    actor: Any,
    space: SafeSpace,
    month: datetime.date,
    counts: Mapping[tuple[str, str], int],
) -> list[SafeSpaceAttendance]:
    """Record a month's attendance of a safe space, counted by (sex, age group). The month's
    grid is replaced as a whole: what is given is the month's count (zeros drop a cell)."""
    _require_edits(actor, space.community)
    month = first_of_month(month)
    if month > first_of_month(timezone.localdate()):
        raise ValidationError({"month": _("Attendance cannot be recorded for a month to come.")})
    for (sex, age_group), count in counts.items():
        if sex not in Sex.values or age_group not in AgeGroup.values:
            raise ValidationError({"counts": _("Unknown sex or age group.")})
        if count is None or count < 0:
            raise ValidationError({"counts": _("Counts are whole numbers, zero or more.")})
    SafeSpaceAttendance.objects.filter(safe_space=space, month=month).delete()
    rows = [
        SafeSpaceAttendance(
            safe_space=space, month=month, sex=sex, age_group=age_group, count=count
        )
        for (sex, age_group), count in counts.items()
        if count
    ]
    return SafeSpaceAttendance.objects.bulk_create(rows)


def current_safety_checklist() -> ChecklistVersion:
    """The newest version of the safe-space safety checklist (reference data)."""
    checklist = Checklist.objects.filter(kind=ChecklistKind.SAFETY).order_by("code").first()
    version = checklist.versions.order_by("-number").first() if checklist else None
    if version is None:
        raise ValidationError(_("No safety checklist is defined."))
    return version


@transaction.atomic
def record_check(
    *,
    actor: Any,
    space: SafeSpace,
    checked_on: datetime.date,
    answers: Mapping[str, tuple[str, str]],
    finding: str = "",
    follow_up: str = "",
    follow_up_status: str = "",
    version: ChecklistVersion | None = None,
) -> SafetyCheck:
    """Record a safety check of a space: every item of the checklist answered (`answers`: item
    key → (answer, comment)), the finding and the follow-up to give it (open until done)."""
    _require_edits(actor, space.community)
    version = version or current_safety_checklist()
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("A check cannot be dated in the future.")})
    items = {item.key: item for item in checklist_items(version)}
    unknown = set(answers) - set(items)
    missing = set(items) - set(answers)
    if unknown:
        raise ValidationError({"answers": _("Answer the items of the checklist only.")})
    if missing:
        raise ValidationError({"answers": _("Answer every item of the checklist.")})
    if any(answer not in Answer.values for answer, _comment in answers.values()):
        raise ValidationError({"answers": _("Choose one of the answers offered.")})
    status = follow_up_status or (
        FollowUpStatus.OPEN if follow_up.strip() else FollowUpStatus.NONE_NEEDED
    )
    if status != FollowUpStatus.NONE_NEEDED and not follow_up.strip():
        raise ValidationError({"follow_up": _("Say what the follow-up is.")})
    check = SafetyCheck(
        safe_space=space,
        checklist_version=version,
        checked_on=checked_on,
        checked_by=actor,
        finding=finding,
        follow_up=follow_up,
        follow_up_status=status,
    )
    check.full_clean()
    check.save()
    ChecklistAnswer.objects.bulk_create(
        ChecklistAnswer(safety_check=check, item=items[key], answer=answer, comment=comment or "")
        for key, (answer, comment) in answers.items()
    )
    return check


@transaction.atomic
def set_follow_up_status(
    *, actor: Any, check: SafetyCheck, status: str, expected_version: int
) -> SafetyCheck:
    """Move a check's follow-up on (to do → in progress → done)."""
    _require_edits(actor, check.safe_space.community)
    if status not in FollowUpStatus.values:
        raise ValidationError({"follow_up_status": _("Choose one of the statuses offered.")})
    if status != FollowUpStatus.NONE_NEEDED and not check.follow_up.strip():
        raise ValidationError({"follow_up_status": _("This check has no follow-up.")})
    check.follow_up_status = status
    return save_versioned(check, expected_version=expected_version, fields=["follow_up_status"])


def is_overdue(check: SafetyCheck, today: datetime.date | None = None) -> bool:
    """A follow-up still open `FOLLOW_UP_DAYS` after its check."""
    today = today or timezone.localdate()
    return check.follow_up_status in OPEN_FOLLOW_UPS and (
        check.checked_on < today - datetime.timedelta(days=FOLLOW_UP_DAYS)
    )


def overdue_since(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=FOLLOW_UP_DAYS)


def checklist_items(version: ChecklistVersion) -> list[ChecklistItem]:
    """The items of a checklist version, in order (reference data)."""
    return list(ChecklistItem.objects.filter(checklist_version=version).order_by("order"))


def answer_keys(version: ChecklistVersion) -> Iterable[str]:
    return [item.key for item in checklist_items(version)]
