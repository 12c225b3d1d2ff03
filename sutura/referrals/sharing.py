"""What the receiving side of a referral may read of a case: the ticked sections, while the
referral is active, and nothing else.

This is the only code that reads a person's data for a receiver. Pages, the API and the PDF
all take a `SharedCase` from `shared_case_for()` and show what it holds; a section that was not
shared is simply absent from it. Each call records the read in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sutura.access.rules import case_filter
from sutura.audit.services import record_read
from sutura.cases.models import (
    Case,
    CaseDocument,
    CaseNote,
    Confidentiality,
    NeedsAssessment,
    VulnerabilityScreening,
)
from sutura.people.models import IdentityDocument, Person
from sutura.referrals.models import (
    ACTIVE_STATUSES,
    ENDED_STATUSES,
    Referral,
    ReferralStatus,
    Section,
)
from sutura.referrals.services import MENTOR_SECTIONS, is_receiver, is_sender, works_on_case


@dataclass
class SharedCase:
    """The sections of one case a referral carries. Absent sections are None."""

    referral: Referral
    sections: list[str]
    identity: dict[str, Any] | None = None
    contact: dict[str, Any] | None = None
    vulnerabilities: dict[str, Any] | None = None
    protection_history: dict[str, Any] | None = None
    health: dict[str, Any] | None = None
    notes: list[CaseNote] | None = None
    documents: list[CaseDocument] | None = None
    ended: bool = False
    withheld: list[str] = field(default_factory=list)
    # The free texts (reason, progress notes) may describe the person: the receiving side
    # reads them while the referral is under way, not after it ended.
    texts_visible: bool = True


def readable_sections(user: Any, referral: Referral, *, works: bool | None = None) -> list[str]:
    """The shared sections `user` may read now; empty when they may read none.

    - staff working on the case own it: everything the referral shares;
    - the mentor who referred their returnee: identity and contact at most (what they see);
    - the receiver: what was shared, while the referral is active;
    - whoever referred onward (a provider's agent): while their own referral, the one the
      data came to them through, is still active for them.
    A receiver outside the NRM reads only under the person's consent to it by name; a
    withdrawn consent closes the referral (`signals.py`), which ends the reading too."""
    shared = list(referral.shared_sections)
    case = referral.case
    if works if works is not None else works_on_case(user, case):
        return shared
    if referral.referred_by_id == user.pk and case.mentor_id == user.pk:
        return [section for section in shared if section in MENTOR_SECTIONS]
    if referral.status not in ACTIVE_STATUSES or not _transfer_still_lawful(referral):
        return []
    if is_receiver(user, referral):
        return shared
    parent = referral.parent
    if (
        parent is not None
        and referral.from_organisation_id == user.organisation_id
        and is_receiver(user, parent)
        and parent.status in ACTIVE_STATUSES
    ):
        return shared
    return []


def _transfer_still_lawful(referral: Referral) -> bool:
    """Internal, to an NRM member, or under a named consent (checked when it was sent)."""
    if referral.is_internal or referral.sharing_consent_id is not None:
        return True
    return referral.to_organisation.is_nrm_member


def names_for(user: Any, referrals: Iterable[Referral]) -> dict[Any, str]:
    """The person's name per referral, for lists: only where the user may read the identity
    section now (or works on the case). Cases, people and parents must be select_related."""
    rows = list(referrals)
    condition = case_filter(user)
    worked = (
        set(
            Case.objects.filter(condition, pk__in={r.case_id for r in rows}).values_list(
                "pk", flat=True
            )
        )
        if condition is not None
        else set()
    )
    names: dict[Any, str] = {}
    for row in rows:
        sections = readable_sections(user, row, works=row.case_id in worked)
        if row.case_id in worked or Section.IDENTITY in sections:
            names[row.pk] = str(row.case.person)
    return names


def shared_case_for(user: Any, referral: Referral, *, audit: bool = True) -> SharedCase:
    """The shared sections `user` may read now (an empty `SharedCase` once access ended).
    The read is written to the audit log (unless `audit=False`: the caller shows nothing of
    the person)."""
    shared = SharedCase(referral=referral, sections=list(referral.shared_sections))
    if referral.status == ReferralStatus.DRAFT and not is_sender(user, referral):
        return shared
    works = works_on_case(user, referral.case)
    shared.texts_visible = (
        works or is_sender(user, referral) or referral.status not in ENDED_STATUSES
    )
    readable = readable_sections(user, referral, works=works)
    if not readable:
        shared.ended = not works and (
            referral.status in ENDED_STATUSES or bool(referral.shared_sections)
        )
        shared.withheld = list(referral.shared_sections)
        if audit:
            _record(user, referral, readable)
        return shared
    case = referral.case
    person: Person = case.person
    if Section.IDENTITY in readable:
        shared.identity = {
            "given_names": person.given_names,
            "family_name": person.family_name,
            "aliases": list(person.aliases),
            "sex": person.get_sex_display(),
            "birth_date": person.birth_date,
            "birth_date_estimated": person.birth_date_estimated,
            "age": person.age(),
            "nationality": person.nationality,
            "languages": person.language_labels(),
            "documents": [
                {"type": d.get_type_display(), "number": d.number}
                for d in IdentityDocument.objects.filter(person=person)
            ],
        }
    if Section.CONTACT in readable:
        shared.contact = {
            "phones": [p for p in [person.phone, *person.other_phones] if p],
            "location": str(person.current_location) if person.current_location else "",
            "address": person.current_address,
        }
    screening = VulnerabilityScreening.objects.filter(case=case).order_by("-screened_on").first()
    if Section.VULNERABILITIES in readable:
        shared.vulnerabilities = {
            "categories": case.flag_labels(),
            "priority": case.get_priority_display(),
            "risk_level": case.get_risk_level_display(),
            "screened_on": screening.screened_on if screening else None,
        }
    if Section.PROTECTION_HISTORY in readable:
        shared.protection_history = {
            "case_type": case.get_case_type_display(),
            "opened_on": case.opened_on,
            "individual_factors": screening.individual_factors if screening else "",
            "household_factors": screening.household_factors if screening else "",
            "community_factors": screening.community_factors if screening else "",
            "structural_factors": screening.structural_factors if screening else "",
        }
    if Section.HEALTH in readable:
        assessment = NeedsAssessment.objects.filter(case=case).order_by("-assessed_on").first()
        shared.health = {
            "psychosocial": assessment.psychosocial if assessment else "",
            "assessed_on": assessment.assessed_on if assessment else None,
        }
    # Restricted notes and documents never leave through a referral.
    if Section.NOTES in readable:
        shared.notes = list(
            CaseNote.objects.filter(case=case, confidentiality=Confidentiality.NORMAL)
            .select_related("author")
            .order_by("-created_at")
        )
    if Section.DOCUMENTS in readable:
        shared.documents = list(
            CaseDocument.objects.filter(case=case, confidentiality=Confidentiality.NORMAL).order_by(
                "-created_at"
            )
        )
    if audit:
        _record(user, referral, readable)
    return shared


def _record(user: Any, referral: Referral, readable: list[str]) -> None:
    """One audit entry per read of a referral (page, API or PDF), naming what it showed."""
    detail = "shared: " + ", ".join(readable) if readable else "referral, no section"
    record_read(user, referral, detail=detail)


def shared_document(user: Any, referral: Referral, document_id: Any) -> CaseDocument | None:
    """A document the receiver may download: shared, normal confidentiality, still active."""
    if Section.DOCUMENTS not in readable_sections(user, referral):
        return None
    return CaseDocument.objects.filter(
        pk=document_id, case_id=referral.case_id, confidentiality=Confidentiality.NORMAL
    ).first()
