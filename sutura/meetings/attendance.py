"""Every write of a meeting's attendance: named participants (a user, a registered person, or
someone written on the sheet), counts for large public sessions, an imported sheet (all or
nothing, no duplicates on a re-import), training scores and certificates.

Each function takes the acting user first and checks that they record the meeting
(`access.meetings.meeting_standing(...).records`)."""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import visible
from sutura.access.meetings import names_in_context
from sutura.core.concurrency import save_versioned
from sutura.core.counters import next_value
from sutura.core.locking import locked
from sutura.meetings import contexts
from sutura.meetings.models import (
    COMMUNITY_CATEGORIES,
    ORGANISATION_CATEGORIES,
    AgeGroup,
    AttendanceCount,
    CertificateCounter,
    Meeting,
    Participant,
    ParticipantCategory,
)
from sutura.meetings.services import require_records
from sutura.people.models import Person

PARTICIPANT_FIELDS = (
    "name",
    "organisation",
    "organisation_name",
    "category",
    "function",
    "sex",
    "age_group",
    "phone",
    "email",
    "invited",
    "attended",
    "signed",
)


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how names and labels are compared."""
    plain = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.lower().replace("’", "'").split())


def import_key(name: str, organisation: str, phone: str) -> str:
    """The same participant on a sheet imported again (or corrected) has the same key."""
    digits = "".join(c for c in phone or "" if c.isdigit())[-9:]
    raw = "|".join((fold(name), fold(organisation), digits))
    return hashlib.sha256(raw.encode()).hexdigest()


def _check_person(actor: Any, meeting: Meeting, person: Person | None) -> None:
    if person is None or names_in_context(actor, meeting, person.pk):
        return
    if not visible(actor, Person).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("You cannot choose this person.")})


@transaction.atomic
def add_participant(
    actor: Any,
    meeting: Meeting,
    *,
    user: Any = None,
    person: Person | None = None,
    **fields: Any,
) -> Participant:
    """Add a participant (or an invitee: `invited=True, attended=False`)."""
    meeting = locked(meeting)
    require_records(actor, meeting)
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown participant fields: {sorted(unknown)}")
    _check_person(actor, meeting, person)
    if user is not None and person is not None:
        raise ValidationError(_("A participant is a user or a registered person, not both."))
    mine = visible(actor, Participant).filter(meeting=meeting)
    if user is not None and mine.filter(user=user).exists():
        raise ValidationError({"user": _("This user is already on the list.")})
    if person is not None and mine.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already on the list.")})
    if user is None and person is None and not (fields.get("name") or "").strip():
        raise ValidationError(
            {"name": _("Choose a user or a registered person, or write the participant's name.")}
        )
    participant = Participant(meeting=meeting, user=user, person=person, **fields)
    if user is not None:
        participant.organisation = participant.organisation or user.organisation
        participant.name = ""
    if person is not None:
        participant.name = ""
        participant.sex = participant.sex or person.sex
    if user is None and person is None:
        participant.import_key = import_key(
            participant.name, participant.organisation_name, participant.phone
        )
        if mine.filter(import_key=participant.import_key).exists():
            raise ValidationError({"name": _("This participant is already on the list.")})
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def update_participant(
    actor: Any, participant: Participant, *, expected_version: int, **fields: Any
) -> Participant:
    require_records(actor, participant.meeting)
    unknown = set(fields) - set(PARTICIPANT_FIELDS) - {"pre_test_score", "post_test_score"}
    if unknown:
        raise TypeError(f"unknown participant fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(participant, name, value)
    participant.full_clean()
    save_versioned(participant, expected_version=expected_version, fields=fields)
    return participant


@transaction.atomic
def remove_participant(actor: Any, participant: Participant) -> None:
    require_records(actor, participant.meeting)
    participant.delete()


@transaction.atomic
def set_counts(actor: Any, meeting: Meeting, *, counts: dict[tuple[str, str, str], int]) -> int:
    """Replace a session's counted attendance: {(category, sex, age group): number}. Zeros
    are not kept. Returns the total."""
    meeting = locked(meeting)
    require_records(actor, meeting)
    visible(actor, AttendanceCount).filter(meeting=meeting).delete()
    total = 0
    for (category, sex, age_group), number in sorted(counts.items()):
        if not number:
            continue
        row = AttendanceCount(
            meeting=meeting, category=category, sex=sex, age_group=age_group, count=number
        )
        row.full_clean()
        row.save()
        total += number
    return total


# --- the categories a meeting counts by -------------------------------------------------------
#
# A community's own meetings (its context registered with `community_groups=True`) count their
# attendance by the community's groups (leaders, women, youth, displaced people…); the other
# meetings by the kind of organisation. The pages and the API offer only the fitting ones and
# refuse the others with `category_refusal`'s message. What was recorded before stays
# (a participant's category, a cell already counted: kept on an edit). The imported sheet takes
# both kinds on every meeting: it copies what people wrote on paper, and a community's sheet
# often lists the staff of an NGO or of the town hall next to the community's groups.


def categories_for(meeting: Meeting) -> tuple[ParticipantCategory, ...]:
    """The categories offered for a meeting's attendance, in the order shown."""
    if contexts.counts_community_groups(meeting):
        return COMMUNITY_CATEGORIES
    return ORGANISATION_CATEGORIES


def category_refusal(meeting: Meeting, category: str, *, kept: Iterable[str] = ()) -> str:
    """Why a category does not fit a meeting ("" when it does: blank, fitting, or `kept`,
    a value already recorded that an edit leaves as it is)."""
    if not category or category in categories_for(meeting) or category in set(kept):
        return ""
    try:
        label = ParticipantCategory(category).label
    except ValueError:
        return _("“%(value)s” is not an accepted category.") % {"value": category}
    if contexts.counts_community_groups(meeting):
        return _(
            "“%(category)s” is a kind of organisation: a community's meeting counts its "
            "people by the community's groups. Choose a group, or “Other” for someone from "
            "an organisation."
        ) % {"category": label}
    return _(
        "“%(category)s” is one of a community's groups: this meeting counts its people by "
        "kind of organisation. Choose a kind of organisation, or “Other”."
    ) % {"category": label}


# --- the imported sheet ------------------------------------------------------------------------


@dataclass
class SheetRow:
    """One line of an attendance sheet, already checked (`sutura.meetings.sheets`)."""

    line: int
    name: str
    organisation_name: str = ""
    category: str = ""
    function: str = ""
    sex: str = ""
    age_group: str = AgeGroup.UNKNOWN
    phone: str = ""
    email: str = ""
    signed: bool = False

    @property
    def key(self) -> str:
        return import_key(self.name, self.organisation_name, self.phone)


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0


@transaction.atomic
def import_attendance(actor: Any, meeting: Meeting, *, rows: Iterable[SheetRow]) -> ImportResult:
    """Save the rows of a checked sheet as present participants. A row already imported (the
    same name, organisation and phone) is updated, never added twice. Every category is taken,
    of either kind, on every meeting (see `category_refusal` above: the paper is copied as
    written). The caller has checked
    every row first: this writes all of them or, on any refusal, none."""
    meeting = locked(meeting)
    require_records(actor, meeting)
    existing = {
        p.import_key: p
        for p in visible(actor, Participant).filter(meeting=meeting).exclude(import_key="")
    }
    result = ImportResult()
    for row in rows:
        values = {
            "name": row.name,
            "organisation_name": row.organisation_name,
            "category": row.category,
            "function": row.function,
            "sex": row.sex,
            "age_group": row.age_group,
            "phone": row.phone,
            "email": row.email,
            "signed": row.signed,
            "attended": True,
        }
        known = existing.get(row.key)
        if known is not None:
            for name, value in values.items():
                setattr(known, name, value)
            known.full_clean()
            save_versioned(known, expected_version=known.version, fields=values)
            result.updated += 1
            continue
        participant = Participant(meeting=meeting, import_key=row.key, **values)
        participant.full_clean()
        participant.save()
        existing[row.key] = participant
        result.added += 1
    return result


# --- trainings ----------------------------------------------------------------------------------


@transaction.atomic
def record_scores(
    actor: Any,
    meeting: Meeting,
    *,
    scores: dict[Any, tuple[Decimal | None, Decimal | None]],
) -> int:
    """Pre- and post-test scores (0–100) per participant id. Returns how many changed."""
    meeting = locked(meeting)
    require_records(actor, meeting)
    if not meeting.kind.is_training:
        raise ValidationError(_("Only a training has test scores."))
    changed = 0
    rows = visible(actor, Participant).filter(meeting=meeting, pk__in=list(scores))
    for participant in rows:
        pre, post = scores[participant.pk]
        if (participant.pre_test_score, participant.post_test_score) == (pre, post):
            continue
        participant.pre_test_score, participant.post_test_score = pre, post
        participant.full_clean()
        save_versioned(
            participant,
            expected_version=participant.version,
            fields=["pre_test_score", "post_test_score"],
        )
        changed += 1
    return changed


def _next_certificate_number(on: datetime.date) -> str:
    number = next_value(CertificateCounter, year=on.year)
    return f"ATT-{on.year}-{number:05d}"


@transaction.atomic
def issue_certificate(actor: Any, participant: Participant) -> Participant:
    """Number a participant's certificate of attendance (once: the number never changes)."""
    meeting = participant.meeting
    require_records(actor, meeting)
    if not meeting.kind.is_training:
        raise ValidationError(_("Only a training gives certificates."))
    if not participant.attended:
        raise ValidationError(_("A certificate is only for a participant who attended."))
    if participant.certificate_number:
        return participant
    participant.certificate_number = _next_certificate_number(timezone.localdate(meeting.starts_at))
    save_versioned(participant, expected_version=participant.version, fields=["certificate_number"])
    return participant


@transaction.atomic
def issue_certificates(actor: Any, meeting: Meeting) -> int:
    """Number the certificates of every participant who attended. Returns how many are new."""
    require_records(actor, meeting)
    new = 0
    for participant in visible(actor, Participant).filter(meeting=meeting, attended=True):
        if not participant.certificate_number:
            issue_certificate(actor, participant)
            new += 1
    return new


@transaction.atomic
def set_count(
    actor: Any, meeting: Meeting, *, category: str, sex: str, age_group: str, count: int
) -> AttendanceCount | None:
    """Set one cell of a counted session (0 removes it)."""
    meeting = locked(meeting)
    require_records(actor, meeting)
    cell = visible(actor, AttendanceCount).filter(
        meeting=meeting, category=category, sex=sex, age_group=age_group
    )
    cell.delete()
    if not count:
        return None
    row = AttendanceCount(
        meeting=meeting, category=category, sex=sex, age_group=age_group, count=count
    )
    row.full_clean()
    row.save()
    return row
