"""The communities part of the access world: on each side's community (from `community.py`),
a diagnosis written through the services (a flow, a note, a group, a service present, a
key-informant interview), a scored selection and a consultation (a meeting of the community)."""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.roles import Role
from sutura.community.models import (
    DiagnosisNote,
    KeyInformantInterview,
    MigrationFlow,
    SelectionCriterion,
    ServicePresence,
    SocioEconomicGroup,
)
from sutura.community.services import communities, diagnosis
from sutura.meetings.models import MeetingKind

DAY = datetime.date(2026, 3, 2)


def _side(side: Any, community: Any) -> dict[str, Any]:
    officer = side.users[Role.PROTECTION_OFFICER]
    meeting = communities.record_meeting(
        actor=officer,
        community=community,
        kind=MeetingKind.objects.get(code="community_consultation"),
        title=f"Consultation {community.name}",
        starts_at=datetime.datetime(2026, 3, 3, 9, 0, tzinfo=datetime.UTC),
    )
    common = {"source": "Focus group", "triangulation": "single_source"}
    flow = diagnosis.record_entry(
        officer,
        community,
        MigrationFlow,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        direction="returns",
        estimated_number=120,
        reliability="medium",
        source="Mairie",
        triangulation="validated",
        validated_at=meeting,
    )
    note = diagnosis.record_entry(
        officer, community, DiagnosisNote, topic="security", text="Routes peu sûres", **common
    )
    group = diagnosis.record_entry(
        officer, community, SocioEconomicGroup, kind="youth", name="Jeunes", **common
    )
    service = diagnosis.record_entry(
        officer, community, ServicePresence, name="Centre de santé", **common
    )
    interview = diagnosis.record_entry(
        officer,
        community,
        KeyInformantInterview,
        informant_role="Imam",
        informant_name="Moussa Keita",
        held_on=DAY,
        **common,
    )
    communities.set_selection(
        actor=officer,
        community=community,
        status="selected",
        rationale="Retours nombreux",
        decided_on=DAY,
        scores=dict.fromkeys(SelectionCriterion.objects.filter(is_active=True), 3),
    )
    community.refresh_from_db()
    return {
        "community": community,
        "meeting": meeting,
        "flows": flow,
        "notes": note,
        "groups": group,
        "services": service,
        "interviews": interview,
    }


def build(world: Any) -> dict[str, Any]:
    base = world.parts["community"]
    return {
        "a": _side(world.a, base["a"]["community"]),
        "b": _side(world.b, base["b"]["community"]),
    }
