"""Every write of the meetings app: keyword arguments, the acting user first, the access check,
one transaction. Saves of meetings, action items and participants go through the version check
(`save_versioned`), so two people editing one never overwrite each other silently.

Other apps (committees, consultations, peer groups, community work) record their meetings
through these functions, passing their `context_kind` and `context_id`; the access package
says who may (`sutura.access.meetings`).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import can, visible
from sutura.access.meetings import meeting_standing, records_in_context
from sutura.accounts.roles import Perm
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Decision,
    Facilitator,
    Meeting,
    MeetingKind,
)

MEETING_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "mode",
    "location",
    "address",
    "online_link",
    "status",
    "objectives",
    "minutes",
)


def may_record_in(user: Any, *, organisation: Any, context_kind: str, context_id: Any) -> bool:
    """May `user` record a new meeting for this organisation / in this context?"""
    if context_kind:
        return records_in_context(user, context_kind, context_id)
    return (
        can(user, Perm.RECORD_MEETINGS)
        and organisation is not None
        and organisation.pk == user.organisation_id
    )


def require_records(user: Any, meeting: Meeting) -> None:
    if not meeting_standing(user, meeting).records:
        raise PermissionDenied


@transaction.atomic
def create_meeting(
    actor: Any,
    *,
    kind: MeetingKind,
    title: str,
    starts_at: datetime.datetime,
    organisation: Any = None,
    context_kind: str = "",
    context_id: uuid.UUID | None = None,
    topics: Any = (),
    **fields: Any,
) -> Meeting:
    organisation = organisation or actor.organisation
    if not may_record_in(
        actor, organisation=organisation, context_kind=context_kind, context_id=context_id
    ):
        raise PermissionDenied
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    meeting = Meeting(
        kind=kind,
        title=title,
        starts_at=starts_at,
        organisation=organisation,
        context_kind=context_kind,
        context_id=context_id,
        created_by=actor,
        **fields,
    )
    meeting.full_clean()
    meeting.save()
    if topics:
        meeting.topics.set(topics)
    return meeting


@transaction.atomic
def update_meeting(
    actor: Any, meeting: Meeting, *, expected_version: int, topics: Any = None, **fields: Any
) -> Meeting:
    require_records(actor, meeting)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    save_versioned(meeting, expected_version=expected_version, fields=fields)
    if topics is not None:
        meeting.topics.set(topics)
    return meeting


@transaction.atomic
def add_decision(actor: Any, meeting: Meeting, *, text: str, agenda_item: Any = None) -> Decision:
    meeting = locked(meeting)
    require_records(actor, meeting)
    order = visible(actor, Decision).filter(meeting=meeting).count() + 1
    decision = Decision(meeting=meeting, text=text, agenda_item=agenda_item, order=order)
    decision.full_clean()
    decision.save()
    return decision


def _check_responsible(user: Any, organisation: Any) -> None:
    if user is None and organisation is None:
        raise ValidationError(_("Name a responsible person or organisation."))
    if user is not None and not user.is_active:
        raise ValidationError(_("The responsible person's account is no longer active."))


@transaction.atomic
def add_action_item(
    actor: Any,
    meeting: Meeting,
    *,
    what: str,
    responsible_user: Any = None,
    responsible_organisation: Any = None,
    due_on: datetime.date | None = None,
    decision: Decision | None = None,
) -> ActionItem:
    meeting = locked(meeting)
    require_records(actor, meeting)
    _check_responsible(responsible_user, responsible_organisation)
    if responsible_user is not None and responsible_organisation is None:
        responsible_organisation = responsible_user.organisation
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError(_("That decision belongs to another meeting."))
    item = ActionItem(
        meeting=meeting,
        decision=decision,
        what=what,
        responsible_user=responsible_user,
        responsible_organisation=responsible_organisation,
        due_on=due_on,
    )
    item.full_clean()
    item.save()
    return item


def may_update_action(user: Any, item: ActionItem, records: bool | None = None) -> bool:
    """Those who record the meeting, the responsible person, and (for an item given to an
    organisation without naming anyone) its staff who record meetings update an action item.
    `records`: whether the user records the meeting, when the caller knows it already (a
    meeting's page, for each of its items)."""
    if item.responsible_user_id is not None and item.responsible_user_id == user.pk:
        return True
    if (
        item.responsible_user_id is None
        and item.responsible_organisation_id is not None
        and item.responsible_organisation_id == user.organisation_id
        and can(user, Perm.RECORD_MEETINGS)
    ):
        return True
    return meeting_standing(user, item.meeting).records if records is None else records


@transaction.atomic
def set_action_status(
    actor: Any,
    item: ActionItem,
    *,
    expected_version: int,
    status: str,
    progress_note: str | None = None,
) -> ActionItem:
    if not may_update_action(actor, item):
        raise PermissionDenied
    if status not in ActionStatus.values:
        raise ValidationError(_("Unknown status."))
    item.status = status
    item.done_on = timezone.localdate() if status == ActionStatus.DONE else None
    fields = ["status", "done_on"]
    if progress_note is not None:
        item.progress_note = progress_note
        fields.append("progress_note")
    item.full_clean()
    save_versioned(item, expected_version=expected_version, fields=fields)
    return item


# --- agenda and facilitators -------------------------------------------------------------


@transaction.atomic
def set_agenda(actor: Any, meeting: Meeting, *, items: Any) -> list[AgendaItem]:
    """Replace the agenda by `items`: (title, presenter) pairs, in order."""
    meeting = locked(meeting)
    require_records(actor, meeting)
    visible(actor, AgendaItem).filter(meeting=meeting).delete()
    made = []
    for order, (title, presenter) in enumerate(items, start=1):
        item = AgendaItem(meeting=meeting, order=order, title=title, presenter=presenter or "")
        item.full_clean()
        item.save()
        made.append(item)
    return made


@transaction.atomic
def add_facilitator(
    actor: Any, meeting: Meeting, *, user: Any = None, name: str = "", organisation_name: str = ""
) -> Facilitator:
    """A facilitator or trainer: an account, or someone from outside named in full."""
    meeting = locked(meeting)
    require_records(actor, meeting)
    if user is None and not name.strip():
        raise ValidationError({"name": _("Choose a user or write the facilitator's name.")})
    if user is not None and (
        visible(actor, Facilitator).filter(meeting=meeting, user=user).exists()
    ):
        raise ValidationError({"user": _("This person already facilitates the meeting.")})
    facilitator = Facilitator(
        meeting=meeting,
        user=user,
        name="" if user is not None else name.strip(),
        organisation_name=organisation_name.strip(),
    )
    facilitator.full_clean()
    facilitator.save()
    return facilitator


@transaction.atomic
def remove_facilitator(actor: Any, facilitator: Facilitator) -> None:
    require_records(actor, facilitator.meeting)
    facilitator.delete()


@transaction.atomic
def record_minutes(
    actor: Any, meeting: Meeting, *, expected_version: int, minutes: str, status: str | None = None
) -> Meeting:
    """Write (or correct) the minutes; a held meeting may be marked held at the same time."""
    fields: dict[str, Any] = {"minutes": minutes}
    if status:
        fields["status"] = status
    return update_meeting(actor, meeting, expected_version=expected_version, **fields)
