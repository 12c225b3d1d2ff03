"""The meetings part of the access world: each organisation's own coordination meeting (agenda,
a named facilitator, participants, a decision, action items) and A's training with a numbered
certificate. A's mentor (who does not record meetings) is a participant of A's meeting and of
the training; B's provider agent is responsible for an action item of A's meeting."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.meetings import attendance, services
from sutura.meetings.models import MeetingKind, TrainingTopic
from sutura.meetings.reference import ensure_reference_data


def _meeting(actor: Any, code: str, title: str, days: int, **extra: Any) -> Any:
    return services.create_meeting(
        actor,
        kind=MeetingKind.objects.get(code=code),
        title=title,
        starts_at=timezone.now() - datetime.timedelta(days=days),
        address="Salle de réunion",
        **extra,
    )


def build(world: Any) -> dict[str, Any]:
    ensure_reference_data()  # a data migration's rows: gone if a transactional test ran before
    a, b = world.a, world.b
    a_manager, b_manager = a.users[Role.PROGRAMME_MANAGER], b.users[Role.PROGRAMME_MANAGER]
    mentor = a.users[Role.COMMUNITY_MENTOR]
    meeting_a = _meeting(a_manager, "coordination_meeting", "Coordination A", 10)
    services.set_agenda(a_manager, meeting_a, items=[("Référencements du mois", "")])
    facilitator_a = services.add_facilitator(a_manager, meeting_a, name="Rokhaya Diallo")
    attendance.add_participant(a_manager, meeting_a, user=mentor)
    participant_a = attendance.add_participant(
        a_manager, meeting_a, name="Awa Ndiaye", phone="+221770000001", category="government"
    )
    attendance.add_participant(a_manager, meeting_a, person=a.person)
    decision = services.add_decision(a_manager, meeting_a, text="Relancer chaque mardi")
    today = timezone.localdate()
    action_a = services.add_action_item(
        a_manager,
        meeting_a,
        what="Relancer les services",
        responsible_user=a.users[Role.CASE_MANAGER],
        due_on=today + datetime.timedelta(days=14),
        decision=decision,
    )
    action_ab = services.add_action_item(
        a_manager,
        meeting_a,
        what="Envoyer la liste des services",
        responsible_user=b.users[Role.PROVIDER_AGENT],
        due_on=today - datetime.timedelta(days=3),
    )
    meeting_b = _meeting(b_manager, "working_group", "Groupe de travail B", 5)
    participant_b = attendance.add_participant(b_manager, meeting_b, name="Fanta Keïta")
    facilitator_b = services.add_facilitator(b_manager, meeting_b, name="Seydou Traoré")
    action_b = services.add_action_item(
        b_manager, meeting_b, what="Cartographier", responsible_organisation=b.organisation
    )
    training_a = _meeting(
        a_manager,
        "training",
        "Formation PEAS A",
        20,
        topics=TrainingTopic.objects.filter(code="psea"),
    )
    trainee_a = attendance.add_participant(a_manager, training_a, user=mentor)
    trainee_a = attendance.issue_certificate(a_manager, trainee_a)
    return {
        "meeting_a": meeting_a,
        "meeting_b": meeting_b,
        "training_a": training_a,
        "facilitator_a": facilitator_a,
        "facilitator_b": facilitator_b,
        "participant_a": participant_a,
        "participant_b": participant_b,
        "trainee_a": trainee_a,
        "action_a": action_a,
        "action_ab": action_ab,
        "action_b": action_b,
    }
