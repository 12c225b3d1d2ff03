"""Governance's part of the access world: the data-sharing protocol both organisations signed
(version 1 in force, with its signed PDF, and a draft version 2), A's steering committee (A's
programme manager chairs it, A's case manager sits on it), one of its meetings with a decision
and an action item for A's case manager. B's staff are not on the committee (404), B's NRM
coordinator sees every committee; C (outside the NRM) sees nothing of it."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.governance.models import CommitteeKind, MemberRole, Signature
from sutura.governance.services import committees, protocols
from sutura.meetings.services import add_action_item, add_decision
from tests import files
from tests.membership import protocol_in_force


def build(world: Any) -> dict[str, Any]:
    coordinator = world.a.users[Role.NRM_COORDINATOR]
    version = protocol_in_force()
    with files.committed():
        protocols.attach_signed_pdf(
            coordinator,
            version,
            upload=SimpleUploadedFile("protocole.pdf", files.pdf(), "application/pdf"),
        )
    version.refresh_from_db()
    draft = protocols.create_version(
        coordinator, version.protocol, purpose_fr="Révision du protocole"
    )
    signature_b = Signature.objects.get(protocol_version=version, organisation=world.b.organisation)
    committee = committees.create_committee(
        coordinator, kind=CommitteeKind.STEERING, name="Comité de pilotage A"
    )
    since = datetime.date(2024, 1, 1)
    chair = committees.add_member(
        coordinator,
        committee,
        organisation=world.a.organisation,
        role=MemberRole.CHAIR,
        user=world.a.users[Role.PROGRAMME_MANAGER],
        mandate_start=since,
    )
    member = committees.add_member(
        coordinator,
        committee,
        organisation=world.a.organisation,
        role=MemberRole.MEMBER,
        user=world.a.users[Role.CASE_MANAGER],
        mandate_start=since,
    )
    meeting = committees.record_meeting(
        coordinator,
        committee,
        title="Session du comité",
        starts_at=timezone.now() - datetime.timedelta(days=14),
    )
    decision = add_decision(coordinator, meeting, text="Réviser le protocole")
    action = add_action_item(
        coordinator,
        meeting,
        what="Préparer la version 2",
        responsible_user=world.a.users[Role.CASE_MANAGER],
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        decision=decision,
    )
    return {
        "protocol": version.protocol,
        "version": version,
        "draft": draft,
        "signature": signature_b,
        "committee": committee,
        "chair": chair,
        "member": member,
        "meeting": meeting,
        "action": action,
    }
