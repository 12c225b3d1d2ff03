"""Every write about committees and working groups: creating one (the NRM coordinator),
seating and unseating members (the coordinator, the chair or the secretariat), recording a
meeting of the committee (through `sutura.meetings.services.create_meeting`, in the context
"committee", so the meetings app keeps one way of recording every meeting)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.access import require, visible
from sutura.access.governance import committee_standing
from sutura.accounts.roles import Perm
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.governance.models import Committee, CommitteeMember, MemberRole
from sutura.governance.models.library import DocumentKind, LibraryDocument
from sutura.meetings.models import Meeting, MeetingKind
from sutura.meetings.services import create_meeting

CONTEXT = "committee"


@transaction.atomic
def create_committee(
    actor: Any,
    *,
    kind: str,
    name: str,
    description: str = "",
    terms_of_reference: LibraryDocument | None = None,
) -> Committee:
    """A steering committee or a working group (its terms of reference live in the library)."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    _check_terms(actor, terms_of_reference)
    committee = Committee(
        kind=kind,
        name=name,
        description=description,
        terms_of_reference=terms_of_reference,
        created_by=actor,
    )
    committee.full_clean()
    committee.save()
    return committee


def _check_terms(actor: Any, document: LibraryDocument | None) -> None:
    if document is None:
        return
    if (
        document.kind != DocumentKind.TERMS_OF_REFERENCE
        or not visible(actor, LibraryDocument).filter(pk=document.pk).exists()
    ):
        raise ValidationError(
            {"terms_of_reference": _("Choose terms of reference from the library.")}
        )


@transaction.atomic
def set_terms_of_reference(
    actor: Any, committee: Committee, *, document: LibraryDocument | None
) -> Committee:
    """Link the committee to its terms of reference in the library (or unlink them)."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    _check_terms(actor, document)
    committee = locked(committee)
    committee.terms_of_reference = document
    save_versioned(committee, expected_version=committee.version, fields=["terms_of_reference"])
    return committee


def require_keeps(actor: Any, committee: Committee) -> None:
    """The coordinator, the chair and the secretariat keep a committee (404 before: views
    look the committee up through the access layer first)."""
    if not committee_standing(actor, committee).records:
        raise PermissionDenied


@transaction.atomic
def add_member(
    actor: Any,
    committee: Committee,
    *,
    organisation: Any,
    role: str,
    mandate_start: datetime.date,
    mandate_end: datetime.date | None = None,
    user: Any = None,
    name: str = "",
    function: str = "",
) -> CommitteeMember:
    """Seat a user of the platform, or a person named in full, for an organisation."""
    require_keeps(actor, committee)
    if user is None and not name.strip():
        raise ValidationError({"name": _("Choose a user or give the person's name.")})
    if user is not None and user.organisation_id != getattr(organisation, "pk", None):
        raise ValidationError({"user": _("This user does not belong to the organisation chosen.")})
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    member = CommitteeMember(
        committee=committee,
        organisation=organisation,
        role=role,
        mandate_start=mandate_start,
        mandate_end=mandate_end,
        user=user,
        name=name.strip(),
        function=function,
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def end_mandate(
    actor: Any, member: CommitteeMember, *, expected_version: int, mandate_end: datetime.date
) -> CommitteeMember:
    """End a member's mandate (they keep their place in the committee's history)."""
    require_keeps(actor, member.committee)
    if mandate_end < member.mandate_start:
        raise ValidationError({"mandate_end": _("The mandate cannot end before it started.")})
    member.mandate_end = mandate_end
    member.full_clean()
    save_versioned(member, expected_version=expected_version, fields=["mandate_end"])
    return member


# The meeting kinds of committees' meetings: seeded by the meetings app's data migration; made
# here if a database lacks them (kinds are data that apps add).
COMMITTEE_KINDS = {
    "steering": ("steering_committee", "Comité de pilotage", "Steering committee"),
    "working_group": ("working_group", "Groupe de travail", "Working group"),
}


def meeting_kind_for(committee: Committee) -> MeetingKind:
    code, name_fr, name_en = COMMITTEE_KINDS[committee.kind]
    kind, _created = MeetingKind.objects.get_or_create(
        code=code, defaults={"name_fr": name_fr, "name_en": name_en, "app": "governance"}
    )
    return kind


@transaction.atomic
def record_meeting(
    actor: Any,
    committee: Committee,
    *,
    title: str,
    starts_at: datetime.datetime,
    kind: MeetingKind | None = None,
    **fields: Any,
) -> Meeting:
    """A meeting of the committee (the chair, the secretariat or the coordinator record it)."""
    kind = kind or meeting_kind_for(committee)
    return create_meeting(
        actor,
        kind=kind,
        title=title,
        starts_at=starts_at,
        organisation=actor.organisation,
        context_kind=CONTEXT,
        context_id=committee.pk,
        **fields,
    )
