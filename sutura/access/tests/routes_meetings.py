"""The meetings app's URLs in the URL × role matrix (records: `tests/world_parts/meetings.py`).

A meeting is seen by the organising organisation's staff who record meetings, by its
participants and by the users responsible for one of its action items; it is recorded (forms,
imports, scores) only by the first. An action item is updated by its responsible person, by
who records the meeting, and (an organisation's item) by its staff who record meetings."""

from __future__ import annotations

from typing import Any

from sutura.access import can
from sutura.access.meetings import meeting_standing
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Expect,
    Records,
    Route,
    a_form,
    api,
    api_post,
    gate,
    in_view,
    page,
    post,
    row_then_gate,
    signed_in,
)
from sutura.accounts.roles import Perm
from sutura.meetings.models import ActionItem, Participant
from sutura.meetings.services import may_update_action
from tests.worlds import World


def sees(user: Any, meeting: Any) -> bool:
    return meeting_standing(user, meeting).sees


def records(user: Any, meeting: Any) -> bool:
    return meeting_standing(user, meeting).records


MEETING = gate(row=sees)
RECORDING = row_then_gate(sees, records)


def parts(name: str, *attributes: str) -> Records:
    def found(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {
            attribute: (
                {name: world.parts["meetings"][attribute].pk},
                world.parts["meetings"][attribute],
            )
            for attribute in attributes
        }

    return found


meetings = parts("pk", "meeting_a", "meeting_b", "training_a")
trainings = parts("pk", "training_a")
actions = parts("action_id", "action_a", "action_ab", "action_b")


def under_meeting(name: str, *attributes: str) -> Records:
    """A record of a meeting, as `name`, with its meeting as `pk` (the record is the meeting)."""

    def found(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        found_rows = {}
        for attribute in attributes:
            row = world.parts["meetings"][attribute]
            found_rows[attribute] = ({"pk": row.meeting_id, name: row.pk}, row.meeting)
        return found_rows

    return found


def sheets(which: str) -> Records:
    def found(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {
            f"{attribute} {which}": (
                {"pk": world.parts["meetings"][attribute].pk, "which": which},
                world.parts["meetings"][attribute],
            )
            for attribute in ("meeting_a", "meeting_b")
        }

    return found


def languages(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {language: ({"language": language}, None) for language in ("fr", "en")}


def certificates(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    trainee = world.parts["meetings"]["trainee_a"]
    return {"certificate A": ({"pk": trainee.meeting_id, "participant_id": trainee.pk}, trainee)}


def certificate(user: Any, world: World, trainee: Any) -> str:
    if not sees(user, trainee.meeting):
        return MISSING
    own = trainee.user_id == user.pk
    return OK if records(user, trainee.meeting) or own else FORBIDDEN


def updates_action(user: Any, item: ActionItem) -> bool:
    return may_update_action(user, item)


def adds_to_meeting(user: Any, world: World, meeting: Any) -> str:
    """An API create naming a meeting: the role (403), the meeting (404), recording it (403)."""
    if not can(user, Perm.RECORD_MEETINGS):
        return FORBIDDEN
    if not sees(user, meeting):
        return MISSING
    return OK if records(user, meeting) else FORBIDDEN


def the_meetings(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {label: ({}, record) for label, (_kw, record) in meetings(world).items()}


def api_records(*attributes: str) -> Records:
    return parts("pk", *attributes)


def may_record(user: Any, world: World, record: Any) -> str:
    """Recording one's organisation's meeting: the role, and an organisation."""
    return OK if can(user, Perm.RECORD_MEETINGS) and user.organisation_id else FORBIDDEN


ACTION: Expect = row_then_gate(in_view(ActionItem), updates_action)

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "meetings:list": page(signed_in),
    "meetings:figures": page(signed_in, audited=False),
    "meetings:create": a_form(page(may_record, audited=False)),
    "meetings:template": page(signed_in, languages, audited=False),
    "meetings:action": a_form(page(ACTION, actions)),
    "meetings:detail": page(MEETING, meetings),
    "meetings:edit": a_form(page(RECORDING, meetings)),
    "meetings:minutes": a_form(page(RECORDING, meetings)),
    "meetings:decision_add": a_form(page(RECORDING, meetings)),
    "meetings:action_add": a_form(page(RECORDING, meetings)),
    "meetings:facilitator_add": a_form(page(RECORDING, meetings)),
    "meetings:facilitator_remove": post(
        RECORDING, under_meeting("facilitator_id", "facilitator_a", "facilitator_b")
    ),
    "meetings:participant_add": a_form(page(RECORDING, meetings)),
    "meetings:participant_edit": a_form(
        page(RECORDING, under_meeting("participant_id", "participant_a", "participant_b"))
    ),
    "meetings:participant_remove": post(
        RECORDING, under_meeting("participant_id", "participant_a", "participant_b")
    ),
    "meetings:counts": a_form(page(RECORDING, meetings)),
    "meetings:import": a_form(page(RECORDING, meetings)),
    "meetings:sheet_pdf": (
        page(MEETING, sheets("blank"), audited=False),
        page(MEETING, sheets("invitees")),
    ),
    "meetings:scores": a_form(page(RECORDING, trainings)),
    "meetings:certificates": post(RECORDING, trainings),
    "meetings:certificate": page(certificate, certificates),
    # --- the API
    "api-meeting-list": (
        api(signed_in),
        api_post(
            may_record,
            data={
                "kind": "coordination_meeting",
                "title": "Réunion",
                "starts_at": "2026-01-27T09:00:00Z",
                "address": "Dakar",
            },
        ),
    ),
    "api-meeting-detail": api(MEETING, api_records("meeting_a", "meeting_b", "training_a")),
    "api-meeting-participant-list": (
        api(signed_in),
        api_post(
            adds_to_meeting,
            the_meetings,
            data=lambda world, meeting: {"meeting": str(meeting.pk), "name": "Invitée"},
        ),
    ),
    "api-meeting-participant-detail": api(
        gate(row=in_view(Participant)), api_records("participant_a", "participant_b", "trainee_a")
    ),
    "api-meeting-action-list": (
        api(signed_in),
        api_post(
            adds_to_meeting,
            the_meetings,
            data=lambda world, meeting: {
                "meeting": str(meeting.pk),
                "what": "Écrire",
                "responsible_organisation": str(meeting.organisation_id),
            },
        ),
    ),
    "api-meeting-action-detail": api(
        gate(row=in_view(ActionItem)), api_records("action_a", "action_ab", "action_b")
    ),
    "api-meeting-action-set-status": api_post(
        ACTION,
        api_records("action_a", "action_ab", "action_b"),
        data={"status": "in_progress", "version": 1},
    ),
}
