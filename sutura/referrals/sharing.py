"""What the receiving side of a referral may read of a case: the ticked sections, while the
referral is active, and nothing else.

This is the only code that reads a person's data for a receiver. Pages, the API and the PDF
all take a `SharedCase` from `shared_case_for()` and show what it holds; a section that was not
shared is simply absent from it. Each call records the read in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sutura.audit.services import record_read
from sutura.cases.models import (
    CaseDocument,
    CaseNote,
    Confidentiality,
    NeedsAssessment,
    VulnerabilityScreening,
)
from sutura.people.models import IdentityDocument, Person
from sutura.referrals.models import ACTIVE_STATUSES, Referral, ReferralStatus, Section
from sutura.referrals.services import is_receiver, is_sender, works_on_case


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

    @property
    def display_name(self) -> str:
        if self.identity is None:
            return self.referral.number
        return f"{self.identity['family_name'].upper()} {self.identity['given_names']}"


def may_read_shared(user: Any, referral: Referral) -> bool:
    """Who may read what a referral shares, now:
    - staff working on the case (they own it) and the mentor who referred their returnee;
    - the receiver, while the referral is active;
    - whoever referred onward (a provider's agent), only while their own referral, the one the
      data came to them through, is still active for them."""
    case = referral.case
    if works_on_case(user, case):
        return True
    if referral.referred_by_id == user.pk and case.mentor_id == user.pk:
        return True
    if is_receiver(user, referral) and referral.status in ACTIVE_STATUSES:
        return True
    parent = referral.parent
    return (
        parent is not None
        and referral.from_organisation_id == user.organisation_id
        and is_receiver(user, parent)
        and parent.status in ACTIVE_STATUSES
    )


def shared_case_for(user: Any, referral: Referral, *, audit: bool = True) -> SharedCase:
    """The shared sections `user` may read now (an empty `SharedCase` once access ended)."""
    shared = SharedCase(referral=referral, sections=list(referral.shared_sections))
    if referral.status == ReferralStatus.DRAFT and not is_sender(user, referral):
        return shared
    if not may_read_shared(user, referral):
        shared.ended = True
        shared.withheld = list(referral.shared_sections)
        return shared
    case = referral.case
    person: Person = case.person
    if referral.shares(Section.IDENTITY):
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
    if referral.shares(Section.CONTACT):
        shared.contact = {
            "phones": [p for p in [person.phone, *person.other_phones] if p],
            "location": str(person.current_location) if person.current_location else "",
            "address": person.current_address,
        }
    screening = VulnerabilityScreening.objects.filter(case=case).order_by("-screened_on").first()
    if referral.shares(Section.VULNERABILITIES):
        shared.vulnerabilities = {
            "categories": case.flag_labels(),
            "priority": case.get_priority_display(),
            "risk_level": case.get_risk_level_display(),
            "screened_on": screening.screened_on if screening else None,
        }
    if referral.shares(Section.PROTECTION_HISTORY):
        shared.protection_history = {
            "case_type": case.get_case_type_display(),
            "opened_on": case.opened_on,
            "individual_factors": screening.individual_factors if screening else "",
            "household_factors": screening.household_factors if screening else "",
            "community_factors": screening.community_factors if screening else "",
            "structural_factors": screening.structural_factors if screening else "",
        }
    if referral.shares(Section.HEALTH):
        assessment = NeedsAssessment.objects.filter(case=case).order_by("-assessed_on").first()
        shared.health = {
            "psychosocial": assessment.psychosocial if assessment else "",
            "assessed_on": assessment.assessed_on if assessment else None,
        }
    # Restricted notes and documents never leave through a referral.
    if referral.shares(Section.NOTES):
        shared.notes = list(
            CaseNote.objects.filter(case=case, confidentiality=Confidentiality.NORMAL)
            .select_related("author")
            .order_by("-created_at")
        )
    if referral.shares(Section.DOCUMENTS):
        shared.documents = list(
            CaseDocument.objects.filter(case=case, confidentiality=Confidentiality.NORMAL).order_by(
                "-created_at"
            )
        )
    if audit and referral.shared_sections and not works_on_case(user, case):
        # Anyone reading a person's data from outside the case: receivers, onward referrers.
        record_read(user, referral, detail="shared: " + ", ".join(referral.shared_sections))
    return shared


def shared_document(user: Any, referral: Referral, document_id: Any) -> CaseDocument | None:
    """A document the receiver may download: shared, normal confidentiality, still active."""
    if not referral.shares(Section.DOCUMENTS) or not may_read_shared(user, referral):
        return None
    return CaseDocument.objects.filter(
        pk=document_id, case_id=referral.case_id, confidentiality=Confidentiality.NORMAL
    ).first()
