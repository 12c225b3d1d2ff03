"""Meetings: who sees a meeting (and its agenda, attendance, minutes, decisions and action
items), and who records it.

- A meeting without a context belongs to its organising organisation: its staff who record
  meetings (`record_meetings`) see and record it.
- A meeting in a context (a committee, a working group, a protocol consultation, later a
  community or a peer group) is seen and recorded by whoever the context's rule says: the app
  that owns the context registers that rule here with `register_context` (in its own module of
  this package, e.g. `access/governance.py`). Being in the organising organisation alone gives
  nothing on a context's meeting.
- A user listed as a participant (invited or present) sees the meeting, and so does the user
  responsible for one of its action items: they must see what they were asked to do.
- An action item is also seen by the users of its responsible organisation who record meetings.
- Participants' phone numbers and e-mail addresses are shown only to those who record the
  meeting (`sees_contacts`).
- A training record (the trainings a user or a registered person attended, with scores and
  certificate numbers) is read by the user themselves and by colleagues of their organisation
  who record meetings or supervise mentors (`training_participations`); a person's, by whoever
  works on the person's file (`person_trainings`), even when the training itself was
  organised by someone they cannot see.

Two forms of one rule: `meeting_filter` for querysets, `meeting_standing` for one meeting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from sutura.access.people import works_on_person
from sutura.access.permissions import can, signed_in
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.meetings.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    AgendaItem,
    AttendanceCount,
    Decision,
    Facilitator,
    Meeting,
    MeetingKind,
    Participant,
    TrainingTopic,
)


@dataclass(frozen=True)
class ContextRule:
    """Who sees and who records the meetings of one kind of context.

    `sees(user)` and `records(user)` give the context records whose meetings the user may see
    / record: a queryset of the context's own model (its primary keys are the meetings'
    `context_id`), or a list of ids; None means none."""

    code: str
    sees: Callable[[Any], Any]
    records: Callable[[Any], Any]
    # `persons(user, context_id)`: registered persons the user may name as participants of
    # a meeting of this context record even without seeing their file (ids or a queryset of
    # person ids), e.g. a mentor's own returnees in their peer group; None: only files seen.
    persons: Callable[[Any, Any], Any] | None = None


_CONTEXT_RULES: dict[str, ContextRule] = {}


def register_context(rule: ContextRule) -> ContextRule:
    known = _CONTEXT_RULES.get(rule.code)
    if known is not None and known != rule:
        raise ValueError(f"a rule for meeting context {rule.code!r} is already registered")
    _CONTEXT_RULES[rule.code] = rule
    return rule


def context_rules() -> dict[str, ContextRule]:
    return dict(_CONTEXT_RULES)


def _own_meetings(user: Any) -> Q | None:
    if user.organisation_id is None or not can(user, Perm.RECORD_MEETINGS):
        return None
    return Q(context_kind="", organisation_id=user.organisation_id)


def _context_q(user: Any, which: str) -> Q | None:
    found: Q | None = None
    for code, rule in _CONTEXT_RULES.items():
        ids = getattr(rule, which)(user)
        if ids is None:
            continue
        q = Q(context_kind=code, context_id__in=ids)
        found = q if found is None else found | q
    return found


def _either(*parts: Q | None) -> Q | None:
    found: Q | None = None
    for part in parts:
        if part is not None:
            found = part if found is None else found | part
    return found


def records_filter(user: Any) -> Q | None:
    """The meetings this user may record (edit, take attendance, add decisions)."""
    if not signed_in(user) or user.organisation_id is None:
        return None
    return _either(_own_meetings(user), _context_q(user, "records"))


def meeting_filter(user: Any) -> Q | None:
    """The meetings this user may see."""
    if not signed_in(user) or user.organisation_id is None:
        return None
    participant = Exists(Participant.objects.filter(meeting_id=OuterRef("pk"), user_id=user.pk))
    responsible = Exists(
        ActionItem.objects.filter(meeting_id=OuterRef("pk"), responsible_user_id=user.pk)
    )
    return _either(
        _own_meetings(user),
        _context_q(user, "sees"),
        Q(participant),
        Q(responsible),
    )


@dataclass(frozen=True)
class MeetingStanding:
    sees: bool = False
    records: bool = False


def meeting_standing(user: Any, meeting: Meeting) -> MeetingStanding:
    """Where the user stands on one meeting. Own meetings are decided from the row; a
    context's rule and participation take one query each."""
    if not signed_in(user) or user.organisation_id is None:
        return MeetingStanding()
    own = (
        meeting.context_kind == ""
        and meeting.organisation_id == user.organisation_id
        and can(user, Perm.RECORD_MEETINGS)
    )
    records = own
    sees = own
    rule = _CONTEXT_RULES.get(meeting.context_kind) if meeting.context_kind else None
    if rule is not None and meeting.context_id is not None:
        records = _contains(rule.records(user), meeting.context_id)
        sees = records or _contains(rule.sees(user), meeting.context_id)
    if not sees:
        sees = (
            Participant.objects.filter(meeting_id=meeting.pk, user_id=user.pk).exists()
            or ActionItem.objects.filter(
                meeting_id=meeting.pk, responsible_user_id=user.pk
            ).exists()
        )
    return MeetingStanding(sees=sees, records=records)


def _contains(ids: Any, value: Any) -> bool:
    if ids is None:
        return False
    if isinstance(ids, models.QuerySet):
        return ids.filter(pk=value).exists()
    return value in set(ids)


def names_in_context(user: Any, meeting: Meeting, person_id: Any) -> bool:
    """May the user name this registered person as a participant of the meeting because the
    meeting's context allows it (`ContextRule.persons`)?"""
    rule = _CONTEXT_RULES.get(meeting.context_kind) if meeting.context_kind else None
    if rule is None or rule.persons is None or meeting.context_id is None:
        return False
    ids = rule.persons(user, meeting.context_id)
    return ids is not None and person_id in set(ids)


def records_in_context(user: Any, code: str, context_id: Any) -> bool:
    """May the user record a (new) meeting in this context record?"""
    rule = _CONTEXT_RULES.get(code)
    return signed_in(user) and rule is not None and _contains(rule.records(user), context_id)


def action_filter(user: Any) -> Q | None:
    """Action items: those of meetings the user sees, those they are responsible for, and
    those of their organisation (for its staff who record meetings)."""
    seen = meeting_filter(user)
    if seen is None:
        return None
    mine = Q(responsible_user_id=user.pk)
    if can(user, Perm.RECORD_MEETINGS):
        mine |= Q(responsible_organisation_id=user.organisation_id)
    return mine | Q(meeting__in=Meeting.objects.filter(seen))


def open_actions_for(user: Any) -> models.QuerySet[ActionItem]:
    """What the user (or their organisation) must still do: the home page's list."""
    if not signed_in(user) or user.organisation_id is None:
        return ActionItem.objects.none()
    mine = Q(responsible_user_id=user.pk)
    if can(user, Perm.RECORD_MEETINGS):
        mine |= Q(responsible_user__isnull=True, responsible_organisation_id=user.organisation_id)
    return ActionItem.objects.filter(mine, status__in=OPEN_ACTION_STATUSES)


@dataclass(frozen=True)
class ParticipantView:
    """What a reader may see of one participant beyond the sheet's columns: who a registered
    person is (being on the list of a session can reveal someone's status), and the test
    scores and certificate."""

    person: bool
    scores: bool


def participant_view(user: Any, participant: Participant, *, records: bool) -> ParticipantView:
    """A registered person is named only to those who record the meeting and work on the
    person's file; scores and certificates only to those who record it and to the participant
    themselves. `records` is the reader's standing on the meeting (computed once per page)."""
    person = participant.person_id is None or (
        records and participant.person is not None and works_on_person(user, participant.person)
    )
    own = participant.user_id is not None and participant.user_id == getattr(user, "pk", None)
    return ParticipantView(person=person, scores=records or own)


def sees_contacts(user: Any, meeting: Meeting) -> bool:
    """Phones and e-mails of participants: only for those who record the meeting."""
    return meeting_standing(user, meeting).records


def sees_training_record(viewer: Any, user: Any) -> bool:
    """May `viewer` read the trainings `user` attended?"""
    if not signed_in(viewer) or viewer.organisation_id is None:
        return False
    if viewer.pk == user.pk:
        return True
    return viewer.organisation_id == user.organisation_id and (
        can(viewer, Perm.RECORD_MEETINGS) or can(viewer, Perm.SUPERVISE_MENTORS)
    )


def _attended_trainings() -> models.QuerySet[Participant]:
    return Participant.objects.filter(attended=True, meeting__kind__is_training=True).exclude(
        meeting__status="cancelled"
    )


def training_participations(viewer: Any, user: Any) -> models.QuerySet[Participant]:
    """The trainings `user` attended, as participant rows, if `viewer` may read them."""
    if user is None or not sees_training_record(viewer, user):
        return Participant.objects.none()
    return _attended_trainings().filter(user_id=user.pk)


def person_trainings(viewer: Any, person: Any) -> models.QuerySet[Participant]:
    """The trainings a registered person attended, for those who work on the person."""
    if not works_on_person(viewer, person):
        return Participant.objects.none()
    return _attended_trainings().filter(person_id=person.pk)


@register_scope(Meeting)
def _meetings(user: Any, queryset: models.QuerySet[Meeting]) -> models.QuerySet[Meeting]:
    q = meeting_filter(user)
    return queryset.none() if q is None else queryset.filter(q)


def _on_seen_meetings(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    q = meeting_filter(user)
    if q is None:
        return queryset.none()
    return queryset.filter(meeting__in=Meeting.objects.filter(q))


for _model in (AgendaItem, Facilitator, Decision, Participant, AttendanceCount):
    register_scope(_model)(_on_seen_meetings)


@register_scope(ActionItem)
def _actions(user: Any, queryset: models.QuerySet[ActionItem]) -> models.QuerySet[ActionItem]:
    q = action_filter(user)
    return queryset.none() if q is None else queryset.filter(q)


@register_scope(MeetingKind)
def _kinds(user: Any, queryset: models.QuerySet[MeetingKind]) -> models.QuerySet[MeetingKind]:
    return queryset  # reference data


@register_scope(TrainingTopic)
def _topics(user: Any, queryset: models.QuerySet[TrainingTopic]) -> models.QuerySet[Any]:
    return queryset  # reference data
