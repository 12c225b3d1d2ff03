"""The sharing rules of referrals: what a referrer may pass on, and what each reader of a
referral may read of the person, section by section.

This is the only code that reads a person's data for someone outside the case team. Pages,
the API and the PDF all take a `SharedCase` from `shared_case_for()` and show what it holds; a
section that was not shared (or may no longer be read) is simply absent. Each read is recorded
in the audit log. Who stands where on a referral comes from `sutura.access.referrals`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access.cases import works_on
from sutura.access.referrals import ReferralStanding, standing
from sutura.accounts.models import Organisation
from sutura.audit.services import record_read
from sutura.cases.models import (
    Case,
    CaseDocument,
    CaseNote,
    Confidentiality,
    NeedsAssessment,
    VulnerabilityScreening,
)
from sutura.core.dates import date_format
from sutura.core.texts import Text, choices
from sutura.governance.selectors.protocols import membership
from sutura.people.models import ConsentPurpose, ConsentStatus, IdentityDocument, Person
from sutura.people.selectors import current_consent
from sutura.referrals.models import (
    ACTIVE_STATUSES,
    ENDED_STATUSES,
    PERSON_SECTIONS,
    Referral,
    ReferralStatus,
    Section,
)

# A mentor sees a minimal profile: they can pass on only what they see.
MENTOR_SECTIONS = frozenset({Section.IDENTITY, Section.CONTACT})

# What apps above referrals add to the protection history section (the trafficking app: the
# identification status and date, the risk levels), registered in their `ready()`:
# `fn(referral) -> [{"key", "title", "value", "code"}]`, codes and dates put in words, never
# free text, and only what the referrer may read. Called only when the reader may read that
# section now.
ProtectionFacts = Callable[[Referral], list[dict[str, Any]]]
_PROTECTION_HISTORY: list[ProtectionFacts] = []


def add_protection_history(fn: ProtectionFacts) -> None:
    if fn not in _PROTECTION_HISTORY:
        _PROTECTION_HISTORY.append(fn)


# --- what a referrer may pass on -------------------------------------------------------------


def may_share_personal_data(case: Case, to_organisation: Organisation) -> bool:
    """Personal data leaves an organisation only for an NRM member (its signature of the
    data-sharing protocol in force counts today: `governance.selectors.protocols.membership`)
    or for an organisation the person consented to by name."""
    if to_organisation.pk == case.organisation_id or membership(to_organisation).is_member:
        return True
    return named_consent(case, to_organisation) is not None


def refusal_for(to_organisation: Organisation) -> str:
    """Why personal data may not go to this organisation, in the reader's language: never a
    member, or no longer one since a date and for a reason."""
    found = membership(to_organisation)
    if found.lapsed_on is not None:
        return _(
            "%(organisation)s has not been an NRM member since %(date)s (%(reason)s): personal "
            "data can only go to a member, or with the person's consent to share with this "
            "organisation. Share nothing, or first record that consent."
        ) % {
            "organisation": to_organisation,
            "date": date_format(found.lapsed_on),
            "reason": found.reason_label,
        }
    return _(
        "%(organisation)s has not signed the NRM data-sharing protocol. Share "
        "nothing, or first record the person's consent to share with this "
        "organisation by name."
    ) % {"organisation": to_organisation}


def named_consent(case: Case, to_organisation: Organisation) -> Any:
    """The person's consent to share with this organisation by name, if given and current."""
    consent = current_consent(
        case.person, ConsentPurpose.SHARING, organisation_id=to_organisation.pk
    )
    return consent if consent is not None and consent.status == ConsentStatus.GIVEN else None


def sections_allowed(actor: Any, case: Case, parent: Referral | None) -> frozenset[str]:
    """The sections this referrer can pass on: what they themselves may see (a counter-
    referral: at most what it received)."""
    if parent is not None:  # what the receiver reads of it now (not what a merge holds)
        return frozenset(parent.shared_sections) - held_sections(parent)
    if works_on(actor, case):
        return frozenset(Section.values)
    return frozenset(MENTOR_SECTIONS)


def check_sections(
    actor: Any,
    case: Case,
    to_organisation: Organisation,
    sections: Iterable[str],
    parent: Referral | None,
) -> list[str]:
    """The sections to share, in canonical order; refused when the referrer may not pass one
    on, or the receiver may not receive personal data."""
    sections = list(sections)
    unknown = set(sections) - set(Section.values)
    if unknown:
        raise ValidationError({"shared_sections": _("Unknown section.")})
    chosen = [s for s in Section.values if s in set(sections)]  # canonical order, no repeats
    if set(chosen) - sections_allowed(actor, case, parent):
        raise ValidationError(
            {"shared_sections": _("You can only share what you yourself may see of this case.")}
        )
    if chosen and not may_share_personal_data(case, to_organisation):
        raise ValidationError({"shared_sections": refusal_for(to_organisation)})
    return chosen


# --- what a reader may read ------------------------------------------------------------------


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
    # Held after a merge of the person's file, until the case team confirms
    # (`services.holds`): not shown to this reader, or (the case team) waiting for them.
    held: list[str] = field(default_factory=list)
    # The free texts (reason, progress notes) may describe the person: the receiving side
    # reads them while the referral is under way, not after it ended.
    texts_visible: bool = True

    @property
    def labelled(self) -> list[tuple[str, bool]]:
        """Each shared section's label, in the page's order, and whether a merge holds it."""
        return [
            (str(section.label), section.value in self.held)
            for section in Section
            if section.value in self.sections
        ]


def readable_sections(who: ReferralStanding) -> list[str]:
    """The shared sections a user (by their standing) may read now; empty when none.

    - the case team owns the case: everything the referral shares;
    - the mentor who referred their returnee: identity and contact at most (what they see);
    - the receiver: what was shared, while the referral is active;
    - whoever referred onward (a provider's agent): while their own referral, the one the
      data came to them through, is still active for them.
    Outside the case team, what a merge of the person's file holds (`held_sections`) is not
    read until the case team confirms it (`services.holds`)."""
    readable = _open_sections(who)
    if who.case_team:
        return readable
    held = held_sections(who.referral)
    return [section for section in readable if section not in held]


def _open_sections(who: ReferralStanding) -> list[str]:
    """What the user's standing lets them read of the referral, holds aside. A receiver
    outside the NRM reads only under the person's consent to it by name; a withdrawn consent
    closes the referral (`signals.py`), which ends the reading too. A receiver whose NRM
    membership lapses (signature withdrawn, ended, expired, new version not signed) stops
    reading at once, from the day it lapsed: the referral stays open so the service can go
    on, both sides are told (`services/sweeps.tell_membership_lapsed`), and the sender may
    record the person's consent to that organisation and refer again."""
    referral = who.referral
    shared = list(referral.shared_sections)
    if who.case_team:
        return shared
    if who.mentor_referrer:
        return [section for section in shared if section in MENTOR_SECTIONS]
    if referral.status not in ACTIVE_STATUSES or not _transfer_still_lawful(referral):
        return []
    if who.receiver:
        return shared
    if who.onward_referrer:
        # What an onward referrer reads came to them through their own referral (the parent):
        # once they may no longer read it there (their membership lapsed…), not here either.
        parent = referral.parent
        if parent is None or not _transfer_still_lawful(parent):
            return []
        return shared
    return []


def held_sections(referral: Referral) -> frozenset[str]:
    """The shared sections a merge of the person's file holds until the case team confirms."""
    if not referral.sharing_held:
        return frozenset()
    return frozenset(s for s in referral.shared_sections if s in PERSON_SECTIONS)


def _transfer_still_lawful(referral: Referral) -> bool:
    """Internal, to an NRM member today, or under a named consent (checked when it was sent).
    Lists annotate `to_member_now` (`selectors.with_membership`); otherwise one query."""
    if referral.is_internal:
        return True
    member = getattr(referral, "to_member_now", None)
    if member is None:
        member = membership(referral.to_organisation_id).is_member
    if member:
        return True
    # Not (or no longer) a member: only the person's consent to this organisation by name,
    # and only while it is still given (a withdrawn consent no longer covers anything).
    if referral.sharing_consent_id is None:
        return False
    return named_consent(referral.case, referral.to_organisation) is not None


def names_for(user: Any, referrals: Iterable[Referral]) -> dict[Any, str]:
    """The person's name per referral, for lists: only where the user may read the identity
    section now (or works on the case). Cases, people and parents must be select_related."""
    names: dict[Any, str] = {}
    for row in referrals:
        who = standing(user, row)
        if who.case_team or Section.IDENTITY in readable_sections(who):
            names[row.pk] = str(row.case.person)
    return names


def shared_case_for(
    user: Any, referral: Referral, *, audit: bool = True, who: ReferralStanding | None = None
) -> SharedCase:
    """The shared sections `user` may read now (an empty `SharedCase` once access ended).
    The read is written to the audit log (unless `audit=False`: the caller shows nothing of
    the person). `who` is the user's standing, when the caller already has it."""
    who = who or standing(user, referral)
    shared = SharedCase(referral=referral, sections=list(referral.shared_sections))
    if referral.status == ReferralStatus.DRAFT and not who.sender:
        return shared
    shared.texts_visible = who.case_team or who.sender or referral.status not in ENDED_STATUSES
    opened = _open_sections(who)
    held = held_sections(referral)
    readable = opened if who.case_team else [s for s in opened if s not in held]
    # What a merge holds, told to whoever would read it otherwise (or must confirm it).
    if referral.status not in ENDED_STATUSES:
        shared.held = [s for s in opened if s in held]
    if not opened:
        shared.ended = not who.case_team and (
            referral.status in ENDED_STATUSES or bool(referral.shared_sections)
        )
        shared.withheld = list(referral.shared_sections)
    elif readable:
        _fill(shared, referral.case, readable)
    if audit:
        _record(user, referral, readable)
    return shared


def _fill(shared: SharedCase, case: Case, readable: list[str]) -> None:
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
    if {Section.VULNERABILITIES, Section.PROTECTION_HISTORY} & set(readable):
        _fill_screening(shared, case, readable)
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


def _fill_screening(shared: SharedCase, case: Case, readable: list[str]) -> None:
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
            "facts": [fact for facts in _PROTECTION_HISTORY for fact in facts(shared.referral)],
        }


def _record(user: Any, referral: Referral, readable: list[str]) -> None:
    """One audit entry per read of a referral (page, API or PDF), naming what it showed."""
    if readable:
        detail = Text(
            gettext_noop("Shared: %(sections)s"),
            sections=choices(Section(section) for section in readable),
        )
    else:
        detail = Text(gettext_noop("Referral, no section shared"))
    record_read(user, referral, detail=detail)


def shared_document(user: Any, referral: Referral, document_id: Any) -> CaseDocument | None:
    """A document the reader may download: shared, normal confidentiality, still readable."""
    if Section.DOCUMENTS not in readable_sections(standing(user, referral)):
        return None
    return CaseDocument.objects.filter(
        pk=document_id, case_id=referral.case_id, confidentiality=Confidentiality.NORMAL
    ).first()
