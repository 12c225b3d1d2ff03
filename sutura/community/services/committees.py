"""Protection committees and networks of a community, and their members (a user of the
platform, or someone named: personal data). Trainings and meetings are `meetings` records of
the community (context `community`), not kept here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.access.community import community_standing
from sutura.community.models import CommitteeMember, Community, ProtectionCommittee
from sutura.core.concurrency import save_versioned

COMMITTEE_FIELDS = ("kind", "name", "established_on", "is_active")
MEMBER_FIELDS = ("user", "name", "role", "sex", "age_group", "since", "until")


def _require_edits(actor: Any, community: Community) -> None:
    if not community_standing(actor, community).edits:
        raise PermissionDenied


def _check(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _unique_name(committee: ProtectionCommittee) -> None:
    taken = ProtectionCommittee.objects.filter(
        community_id=committee.community_id, name=committee.name
    ).exclude(pk=committee.pk)
    if taken.exists():
        raise ValidationError({"name": _("The community already has a committee of this name.")})


@transaction.atomic
def create_committee(*, actor: Any, community: Community, **data: Any) -> ProtectionCommittee:
    """Record a protection committee or network of a community (its protection officer)."""
    _require_edits(actor, community)
    _check(data, COMMITTEE_FIELDS)
    committee = ProtectionCommittee(community=community, **data)
    committee.full_clean(validate_unique=False, validate_constraints=False)
    _unique_name(committee)
    committee.save()
    return committee


@transaction.atomic
def update_committee(
    *, actor: Any, committee: ProtectionCommittee, expected_version: int, **data: Any
) -> ProtectionCommittee:
    """Change a committee (its name, kind, date, whether it is active)."""
    _require_edits(actor, committee.community)
    _check(data, COMMITTEE_FIELDS)
    for name, value in data.items():
        setattr(committee, name, value)
    committee.full_clean(validate_unique=False, validate_constraints=False)
    _unique_name(committee)
    return save_versioned(committee, expected_version=expected_version, fields=list(data))


def _check_member(member: CommitteeMember) -> None:
    if member.user is None and not member.name.strip():
        raise ValidationError({"name": _("Give the member's name or choose their account.")})
    if member.until is not None and member.until < member.since:
        raise ValidationError({"until": _("A membership cannot end before it started.")})
    community = member.committee.community
    if member.user is not None and member.user.organisation_id not in (
        community.organisation_id,
        *community.partners.values_list("organisation_id", flat=True),
    ):
        raise ValidationError(
            {"user": _("Choose an account of the community's organisation or of a partner.")}
        )


@transaction.atomic
def add_member(*, actor: Any, committee: ProtectionCommittee, **data: Any) -> CommitteeMember:
    """Add a member to a committee, with their role in it, sex, age group and since when."""
    _require_edits(actor, committee.community)
    _check(data, MEMBER_FIELDS)
    member = CommitteeMember(committee=committee, **data)
    if member.user is not None and not member.name:
        member.name = member.user.get_full_name()
    member.full_clean(validate_constraints=False)
    _check_member(member)
    member.save()
    return member


@transaction.atomic
def update_member(
    *, actor: Any, member: CommitteeMember, expected_version: int, **data: Any
) -> CommitteeMember:
    """Change a member's role or period (setting `until` ends the membership: kept, shown as
    former)."""
    _require_edits(actor, member.committee.community)
    _check(data, MEMBER_FIELDS)
    for name, value in data.items():
        setattr(member, name, value)
    member.full_clean(validate_constraints=False)
    _check_member(member)
    return save_versioned(member, expected_version=expected_version, fields=list(data))
