"""The governance library, roadmap and assessments in the access world.

A's coordinator keeps them. A document owned by A: v1 validated at A's validation workshop
(with a file), v2 under consultation with B only (B's agent has commented). A roadmap with a
validated (frozen) v1 and a draft v2. A capacity assessment of A, one of B, and the national
status assessment. Technical assistance given by A to B.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.governance.models.library import DocumentKind
from sutura.governance.services import assessments, library, roadmap
from sutura.meetings.models import MeetingKind
from sutura.meetings.services import create_meeting
from tests import files


def build(world: Any) -> dict[str, Any]:
    coordinator = world.a.users[Role.NRM_COORDINATOR]
    today = timezone.localdate()
    workshop = create_meeting(
        coordinator,
        kind=MeetingKind.objects.get(code="validation_workshop"),
        title="Atelier de validation des POS",
        starts_at=timezone.now() - datetime.timedelta(days=30),
    )
    document = library.create_document(
        coordinator, kind=DocumentKind.SOP, title_fr="POS du référencement"
    )
    with files.committed():
        validated = library.add_version(
            coordinator,
            document,
            upload=SimpleUploadedFile("pos-v1.pdf", files.pdf(), "application/pdf"),
        )
    validated = library.validate_version(coordinator, validated, meeting=workshop)
    consulted = library.add_version(coordinator, document, changes="Mise à jour")
    consultation = library.open_consultation(
        coordinator,
        consulted,
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=5),
        organisations=[world.b.organisation],
    )
    consulted.refresh_from_db()
    comment = library.add_comment(
        world.b.users[Role.PROVIDER_AGENT], consultation, text="Préciser les délais", reference="§2"
    )
    presented = library.present_document(coordinator, workshop, version=validated)
    plan = roadmap.create_roadmap(
        coordinator,
        title="Feuille de route",
        starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(month=12, day=31),
    )
    first = plan.versions.get()
    priority = roadmap.add_priority(coordinator, first, title="Coordination")
    action = roadmap.add_action(
        coordinator,
        priority,
        title="Réunions trimestrielles",
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        responsible=world.a.organisation,
    )
    roadmap.validate_roadmap_version(coordinator, first, meeting=workshop)
    draft = roadmap.start_next_version(coordinator, plan)
    draft_action = draft.priorities.get().actions.get()
    capacity_a = assessments.start_assessment(
        coordinator, kind="capacity", organisation=world.a.organisation, assessed_on=today
    )
    capacity_b = assessments.start_assessment(
        coordinator, kind="capacity", organisation=world.b.organisation, assessed_on=today
    )
    earlier_a = assessments.start_assessment(
        coordinator,
        kind="capacity",
        organisation=world.a.organisation,
        assessed_on=today - datetime.timedelta(days=365),
    )
    status = assessments.start_assessment(coordinator, kind="nrm_status", assessed_on=today)
    assistance = assessments.record_assistance(
        coordinator,
        provided_by=world.a.organisation,
        organisation=world.b.organisation,
        subject="Protection des données",
        kind="training",
        given_on=today,
    )
    return {
        "workshop": workshop,
        "document": document,
        "validated": validated,
        "consulted": consulted,
        "comment": comment,
        "presented": presented,
        "roadmap": plan,
        "frozen": first,
        "draft": draft,
        "frozen_priority": priority,
        "frozen_action": action,
        "draft_priority": draft.priorities.get(),
        "draft_action": draft_action,
        "capacity_a": capacity_a,
        "capacity_b": capacity_b,
        "earlier_a": earlier_a,
        "status": status,
        "assistance": assistance,
    }
