"""Writes of the roadmap: a roadmap and its first draft, priorities, actions and progress notes
on a draft, validation at a meeting (which freezes the version), and the next version started
as a copy. Only the editor (`manage_governance`) writes; a frozen version refuses every change
with a message that says what to do instead."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require, visible
from sutura.accounts.roles import Perm
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.governance.models.roadmap import (
    Priority,
    ProgressNote,
    Roadmap,
    RoadmapAction,
    RoadmapActionStatus,
    RoadmapStatus,
    RoadmapVersion,
)
from sutura.meetings.models import Meeting

ACTION_FIELDS = ("title", "responsible", "starts_on", "ends_on", "status")
PRIORITY_FIELDS = ("title", "description")


class FrozenVersion(ValidationError):
    """A validated roadmap version does not change."""


def _require_draft(version: RoadmapVersion) -> None:
    if version.is_frozen:
        raise FrozenVersion(
            _(
                "This version was validated at a meeting and is frozen: start the next "
                "version to change it."
            ),
            code="frozen",
        )


@transaction.atomic
def create_roadmap(
    actor: Any, *, title: str, starts_on: datetime.date, ends_on: datetime.date
) -> Roadmap:
    """A new roadmap, with its first version as a draft."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period ends before it starts.")})
    roadmap = Roadmap(title=title, starts_on=starts_on, ends_on=ends_on, created_by=actor)
    roadmap.full_clean()
    roadmap.save()
    RoadmapVersion.objects.create(roadmap=roadmap, number=1, created_by=actor)
    return roadmap


@transaction.atomic
def add_priority(
    actor: Any, version: RoadmapVersion, *, title: str, description: str = ""
) -> Priority:
    require(actor, Perm.MANAGE_GOVERNANCE)
    version = locked(version)
    _require_draft(version)
    order = (
        Priority.objects.filter(roadmap_version=version).aggregate(last=Max("order"))["last"] or 0
    ) + 1
    priority = Priority(roadmap_version=version, order=order, title=title, description=description)
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def update_priority(
    actor: Any, priority: Priority, *, expected_version: int, **fields: Any
) -> Priority:
    require(actor, Perm.MANAGE_GOVERNANCE)
    _require_draft(locked(priority.roadmap_version))
    for name in fields:
        if name not in PRIORITY_FIELDS:
            raise TypeError(f"unknown priority field: {name}")
        setattr(priority, name, fields[name])
    priority.full_clean()
    return save_versioned(priority, expected_version=expected_version, fields=list(fields))


def _check_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The action ends before it starts.")})


@transaction.atomic
def add_action(
    actor: Any,
    priority: Priority,
    *,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    responsible: Any = None,
    status: str = RoadmapActionStatus.NOT_STARTED,
) -> RoadmapAction:
    require(actor, Perm.MANAGE_GOVERNANCE)
    _require_draft(locked(priority.roadmap_version))
    _check_dates(starts_on, ends_on)
    order = (
        RoadmapAction.objects.filter(priority=priority).aggregate(last=Max("order"))["last"] or 0
    ) + 1
    action = RoadmapAction(
        priority=priority,
        order=order,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        responsible=responsible,
        status=status,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def update_action(
    actor: Any, action: RoadmapAction, *, expected_version: int, **fields: Any
) -> RoadmapAction:
    require(actor, Perm.MANAGE_GOVERNANCE)
    _require_draft(locked(action.priority.roadmap_version))
    for name in fields:
        if name not in ACTION_FIELDS:
            raise TypeError(f"unknown action field: {name}")
        setattr(action, name, fields[name])
    _check_dates(action.starts_on, action.ends_on)
    action.full_clean()
    return save_versioned(action, expected_version=expected_version, fields=list(fields))


@transaction.atomic
def add_progress_note(
    actor: Any, action: RoadmapAction, *, text: str, written_on: datetime.date | None = None
) -> ProgressNote:
    require(actor, Perm.MANAGE_GOVERNANCE)
    _require_draft(locked(action.priority.roadmap_version))
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    note = ProgressNote(
        action=action, text=text, author=actor, written_on=written_on or timezone.localdate()
    )
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def validate_roadmap_version(
    actor: Any,
    version: RoadmapVersion,
    *,
    meeting: Meeting,
    validated_on: datetime.date | None = None,
) -> RoadmapVersion:
    """Record that a draft was validated at a meeting: from then on it is frozen, and the
    version validated before it is superseded."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    if not visible(actor, Meeting).filter(pk=meeting.pk).exists():
        raise ValidationError({"meeting": _("Choose a meeting you can see.")})
    locked(version.roadmap)
    version = locked(version)
    _require_draft(version)
    for old in RoadmapVersion.objects.filter(
        roadmap_id=version.roadmap_id, status=RoadmapStatus.VALIDATED
    ):
        old.status = RoadmapStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
    version.status = RoadmapStatus.VALIDATED
    version.validated_at = meeting
    version.validated_on = validated_on or meeting.starts_at.date()
    version.save(update_fields=["status", "validated_at", "validated_on", "updated_at"])
    return version


@transaction.atomic
def start_next_version(actor: Any, roadmap: Roadmap) -> RoadmapVersion:
    """A new draft, copied from the latest version: its priorities, actions and their
    progress notes. Refused while a draft exists (finish that one)."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    roadmap = locked(roadmap)
    versions = RoadmapVersion.objects.filter(roadmap=roadmap)
    if versions.filter(status=RoadmapStatus.DRAFT).exists():
        raise ValidationError(_("A draft of this roadmap is already open: work on that one."))
    latest = versions.order_by("-number").first()
    draft = RoadmapVersion.objects.create(
        roadmap=roadmap,
        number=(latest.number + 1) if latest else 1,
        based_on=latest,
        created_by=actor,
    )
    if latest is None:
        return draft
    for priority in Priority.objects.filter(roadmap_version=latest).order_by("order"):
        actions = list(RoadmapAction.objects.filter(priority=priority).order_by("order"))
        priority.pk = None
        priority._state.adding = True
        priority.roadmap_version = draft
        priority.version = 1
        priority.save()
        for action in actions:
            notes = list(ProgressNote.objects.filter(action=action).order_by("written_on"))
            action.pk = None
            action._state.adding = True
            action.priority = priority
            action.version = 1
            action.save()
            ProgressNote.objects.bulk_create(
                ProgressNote(
                    action=action, written_on=n.written_on, author_id=n.author_id, text=n.text
                )
                for n in notes
            )
    return draft
