"""The referral mechanism's governance: protocols, signatures, committees and their meetings.

- Protocols, their versions and signatures are not personal data: holders of
  `view_governance` read them (members' staff, the coordinator); the coordinator
  (`manage_governance`) keeps them.
- A committee (steering committee or working group) is seen by its members while their mandate
  runs: the user holding a seat, and the staff of a seated organisation who read governance
  (`view_governance`); the NRM coordinator sees every committee. Anyone else — another
  organisation's user, a colleague without the permission — gets nothing (404).
- A committee's meetings (context "committee") are seen by whoever sees the committee and
  recorded by its chair and secretariat (while their mandate runs) and by the coordinator.
- A protocol consultation's meetings (context "protocol_consultation", one per protocol
  version) are seen by the staff of member organisations who read governance, and by the
  coordinator, who records them.

Two forms of each rule: the filters (`committees_seen`, `committees_recorded`) and the
standing on one committee (`committee_standing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sutura.access.meetings import ContextRule, register_context
from sutura.access.permissions import can, signed_in
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.governance.models import (
    RECORDING_ROLES,
    Committee,
    CommitteeMember,
    Protocol,
    ProtocolVersion,
    Signature,
    VersionStatus,
    VersionTransition,
)
from sutura.governance.models.protocols import counts_on


def _running(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}mandate_start__lte": today}) & (
        Q(**{f"{prefix}mandate_end__isnull": True}) | Q(**{f"{prefix}mandate_end__gte": today})
    )


def _seats_of(user: Any) -> Q:
    """The seats that make `user` a member: their own, or their organisation's (with the
    permission to read governance)."""
    mine = Q(user_id=user.pk)
    if can(user, Perm.VIEW_GOVERNANCE):
        mine |= Q(organisation_id=user.organisation_id)
    return mine


def committees_seen(user: Any) -> models.QuerySet[Committee] | None:
    if not signed_in(user) or user.organisation_id is None:
        return None
    if can(user, Perm.MANAGE_GOVERNANCE):
        return Committee.objects.all()
    seat = CommitteeMember.objects.filter(_seats_of(user), _running(), committee_id=OuterRef("pk"))
    return Committee.objects.filter(Exists(seat))


def committees_recorded(user: Any) -> models.QuerySet[Committee] | None:
    if not signed_in(user) or user.organisation_id is None:
        return None
    if can(user, Perm.MANAGE_GOVERNANCE):
        return Committee.objects.all()
    seat = CommitteeMember.objects.filter(
        _running(), user_id=user.pk, role__in=list(RECORDING_ROLES), committee_id=OuterRef("pk")
    )
    return Committee.objects.filter(Exists(seat))


@dataclass(frozen=True)
class CommitteeStanding:
    sees: bool = False
    records: bool = False  # records meetings, keeps the members (with the coordinator)


def committee_standing(user: Any, committee: Committee) -> CommitteeStanding:
    """Where the user stands on one committee (one query, none for the coordinator)."""
    if not signed_in(user) or user.organisation_id is None:
        return CommitteeStanding()
    if can(user, Perm.MANAGE_GOVERNANCE):
        return CommitteeStanding(sees=True, records=True)
    seats = list(
        CommitteeMember.objects.filter(_seats_of(user), _running(), committee_id=committee.pk)
    )
    records = any(s.user_id == user.pk and s.role in RECORDING_ROLES for s in seats)
    return CommitteeStanding(sees=bool(seats), records=records)


def is_member_organisation(organisation_id: Any) -> bool:
    """Is the organisation an NRM member today (its signature of a protocol in force counts)?"""
    return (
        organisation_id is not None
        and Signature.objects.filter(
            counts_on(timezone.localdate()), organisation_id=organisation_id
        ).exists()
    )


def consultations_seen(user: Any) -> models.QuerySet[ProtocolVersion] | None:
    if not signed_in(user) or user.organisation_id is None:
        return None
    if can(user, Perm.MANAGE_GOVERNANCE):
        return ProtocolVersion.objects.all()
    if can(user, Perm.VIEW_GOVERNANCE) and is_member_organisation(user.organisation_id):
        return ProtocolVersion.objects.all()
    return None


def consultations_recorded(user: Any) -> models.QuerySet[ProtocolVersion] | None:
    if signed_in(user) and user.organisation_id and can(user, Perm.MANAGE_GOVERNANCE):
        return ProtocolVersion.objects.all()
    return None


register_context(ContextRule("committee", sees=committees_seen, records=committees_recorded))
register_context(
    ContextRule("protocol_consultation", sees=consultations_seen, records=consultations_recorded)
)


@register_scope(Committee)
def _committees(user: Any, queryset: models.QuerySet[Committee]) -> models.QuerySet[Committee]:
    seen = committees_seen(user)
    return queryset.none() if seen is None else queryset.filter(pk__in=seen.values("pk"))


@register_scope(CommitteeMember)
def _members(user: Any, queryset: models.QuerySet[CommitteeMember]) -> models.QuerySet[Any]:
    seen = committees_seen(user)
    return queryset.none() if seen is None else queryset.filter(committee__in=seen)


def _governance_readers(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    if user.organisation_id is None or not can(user, Perm.VIEW_GOVERNANCE):
        return queryset.none()
    return queryset


for _model in (Protocol, Signature, VersionTransition):
    register_scope(_model)(_governance_readers)


def _member_today(user: Any) -> bool:
    today = timezone.localdate()
    return Signature.objects.filter(counts_on(today), organisation_id=user.organisation_id).exists()


@register_scope(ProtocolVersion)
def _versions(user: Any, queryset: models.QuerySet[ProtocolVersion]) -> models.QuerySet[Any]:
    """Versions in force, expired or superseded: every reader of governance. A draft or a
    version under review (not yet what members signed): the coordinator, and the staff of
    member organisations, who are consulted on it."""
    readers = _governance_readers(user, queryset)
    if can(user, Perm.MANAGE_GOVERNANCE) or _member_today(user):
        return readers
    return readers.exclude(status__in=[VersionStatus.DRAFT, VersionStatus.UNDER_REVIEW])
