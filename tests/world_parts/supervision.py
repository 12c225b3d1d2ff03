"""The supervision part of the access world (through the services):

- `note_a`, `note_b`: a supervision note by each side's programme manager on the side's case
  (read by that programme manager and the case's own case manager only: B's second case
  manager, who works on every case of B, does not read `note_b`);
- `conference_a`: a case conference (meetings context `case_conference`) on A's case, planned by
  A's case manager (seen by A's case team only).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.meetings import services as meetings
from sutura.meetings.models import MeetingKind
from sutura.meetings.reference import ensure_reference_data
from sutura.supervision import services


def build(world: Any) -> dict[str, Any]:
    ensure_reference_data()
    a, b = world.a, world.b
    note_a = services.add_note(
        actor=a.users[Role.PROGRAMME_MANAGER],
        case=a.case,
        text="Vérifier le plan avec la famille.",
        follow_up_action="Appeler la sœur",
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    note_b = services.add_note(
        actor=b.users[Role.PROGRAMME_MANAGER], case=b.case, text="Dossier à relancer."
    )
    conference_a = meetings.create_meeting(
        a.users[Role.CASE_MANAGER],
        kind=MeetingKind.objects.get(code="coordination_meeting"),
        title="Conférence de cas",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        address="Bureau",
        context_kind="case_conference",
        context_id=a.case.pk,
    )
    return {"note_a": note_a, "note_b": note_b, "conference_a": conference_a}
