"""Every write about the data-sharing protocol: versions and their steps, the signed PDF, and
the signatures that make (and unmake) NRM members. Only the NRM coordinator
(`manage_governance`) writes.

A version's status moves only through `TRANSITIONS`, one function (`move_version`), and every
step is stored with who, when and why (`VersionTransition`):

    draft ⇄ under review → signed (in force) → expired
                                             → superseded (when a newer version comes into force)

Bringing a version into force supersedes the one in force before (one version in force per
protocol). **Members re-sign the new version**: the old version's signatures keep counting
until the new version's effective date plus `SUTURA_PROTOCOL_RESIGN_GRACE_DAYS`, so nobody
drops out of the mechanism on the day of the change; an organisation that has not signed the
new version by then is no longer a member (reason "new version of the protocol not signed").
A new text is a new commitment — especially on data confidentiality — so an old signature
cannot stand for it forever, and a grace period avoids cutting referrals on a fixed date.

A signature that ends (withdrawn, excluded…) sends `signals.membership_lapsed`; the referrals
app decides what happens to referrals under way (`referrals/services/sweeps.py`).
"""

from __future__ import annotations

import datetime
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.core.uploads import PDF, attach_after_commit, check_upload
from sutura.governance.models import (
    SECTIONS,
    Protocol,
    ProtocolVersion,
    Signature,
    SignatureEnd,
    VersionStatus,
    VersionTransition,
)
from sutura.governance.signals import membership_lapsed

V = VersionStatus

TRANSITIONS: dict[str, set[str]] = {
    V.DRAFT: {V.UNDER_REVIEW},
    V.UNDER_REVIEW: {V.DRAFT, V.SIGNED},
    V.SIGNED: {V.EXPIRED},
    V.EXPIRED: set(),
    V.SUPERSEDED: set(),
}
# Superseding is a consequence of another version coming into force, never asked for itself.

SECTION_FIELDS = tuple(f"{code}_{lang}" for code, _label in SECTIONS for lang in ("fr", "en"))
VERSION_FIELDS = ("effective_from", "expires_on", *SECTION_FIELDS)
EDITABLE = (V.DRAFT, V.UNDER_REVIEW)


# Dates a protocol can carry (a typo such as 20255 is refused with a message, not an overflow).
EARLIEST, LATEST = datetime.date(1990, 1, 1), datetime.date(2200, 12, 31)


def _check_dates(fields: dict[str, Any]) -> None:
    for name in ("effective_from", "expires_on"):
        day = fields.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ValidationError(
                {
                    name: _("Give a date between %(start)s and %(end)s.")
                    % {"start": EARLIEST.year, "end": LATEST.year}
                }
            )


def grace_days() -> int:
    return int(settings.SUTURA_PROTOCOL_RESIGN_GRACE_DAYS)


@transaction.atomic
def create_protocol(actor: Any, *, title: str, country: Any = None) -> Protocol:
    """Start a protocol (its first version is a draft to write)."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    protocol = Protocol(title=title, country=country)
    protocol.full_clean()
    protocol.save()
    return protocol


@transaction.atomic
def create_version(actor: Any, protocol: Protocol, **fields: Any) -> ProtocolVersion:
    """A new draft version (the form starts from the latest version's text)."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    protocol = locked(protocol)
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown version fields: {sorted(unknown)}")
    _check_dates(fields)
    number = (protocol.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = ProtocolVersion(protocol=protocol, number=number, created_by=actor, **fields)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def update_version(
    actor: Any, version: ProtocolVersion, *, expected_version: int, **fields: Any
) -> ProtocolVersion:
    """Edit a draft or a version under review (a signed text never changes)."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown version fields: {sorted(unknown)}")
    if version.status not in EDITABLE:
        raise ValidationError(_("A signed version is not edited: write a new version."))
    _check_dates(fields)
    for name, value in fields.items():
        setattr(version, name, value)
    version.full_clean()
    save_versioned(version, expected_version=expected_version, fields=fields)
    return version


def available_steps(version: ProtocolVersion) -> list[str]:
    return sorted(TRANSITIONS.get(version.status, set()))


@transaction.atomic
def move_version(
    actor: Any, version: ProtocolVersion, *, to_status: str, note: str = ""
) -> ProtocolVersion:
    """Take one step of a version's life (submit for review, return to draft, bring into
    force, expire). Bringing into force supersedes the version in force before."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    version = locked(version)
    if to_status not in TRANSITIONS.get(version.status, set()):
        raise ValidationError(
            _("A version that is “%(status)s” cannot become “%(to)s”.")
            % {"status": version.get_status_display(), "to": V(to_status).label}
        )
    if to_status == V.SIGNED:
        _bring_into_force(actor, version)
    elif to_status == V.EXPIRED:
        _expire(actor, version)
    _step(actor, version, to_status, note)
    version.full_clean()
    version.save(update_fields=["status", "expires_on", "version", "updated_at"])
    return version


def _step(actor: Any, version: ProtocolVersion, to_status: str, note: str) -> None:
    VersionTransition.objects.create(
        protocol_version=version,
        from_status=version.status,
        to_status=to_status,
        by=actor,
        note=note,
    )
    version.status = to_status
    version.version += 1


def _bring_into_force(actor: Any, version: ProtocolVersion) -> None:
    if version.effective_from is None:
        raise ValidationError({"effective_from": _("Give the date the version comes into force.")})
    current = (
        ProtocolVersion.objects.select_for_update()
        .filter(protocol_id=version.protocol_id, status=V.SIGNED)
        .first()
    )
    if current is None:
        return
    if current.effective_from and version.effective_from <= current.effective_from:
        raise ValidationError(
            {
                "effective_from": _(
                    "The new version must come into force after the version it replaces "
                    "(in force from %(date)s)."
                )
                % {"date": current.effective_from.isoformat()}
            }
        )
    current.superseded_on = version.effective_from
    current.signatures_valid_until = version.effective_from + datetime.timedelta(days=grace_days())
    if current.expires_on is not None and current.expires_on < current.signatures_valid_until:
        current.signatures_valid_until = current.expires_on
    _step(actor, current, V.SUPERSEDED, _note_superseded(version))
    current.save(
        update_fields=[
            "status",
            "superseded_on",
            "signatures_valid_until",
            "version",
            "updated_at",
        ]
    )


def _note_superseded(version: ProtocolVersion) -> str:
    return f"v{version.number}"


def _expire(actor: Any, version: ProtocolVersion) -> None:
    today = timezone.localdate()
    if version.expires_on is None or version.expires_on > today:
        start = version.effective_from or today
        version.expires_on = max(today, start + datetime.timedelta(days=1))
    lapsing = list(
        Signature.objects.filter(protocol_version=version, ended_on__isnull=True).select_related(
            "organisation"
        )
    )
    for signature in lapsing:  # in the transaction: notifications are rows, e-mails wait
        membership_lapsed.send(
            sender=Signature, signature=signature, lapsed_on=version.expires_on, reason="expired"
        )


@transaction.atomic
def attach_signed_pdf(actor: Any, version: ProtocolVersion, *, upload: Any) -> ProtocolVersion:
    """Store the signed document (a PDF, checked by its content) of a version."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    version = locked(version)
    check_upload(upload, {".pdf": PDF})
    version.signed_pdf_name = PurePath(upload.name or "protocole.pdf").name[:200]
    version_id = version.pk

    def forget() -> None:
        ProtocolVersion.objects.filter(pk=version_id).update(signed_pdf="", signed_pdf_name="")

    attach_after_commit(version.signed_pdf, upload, on_failure=forget)
    version.version += 1
    version.save(update_fields=["signed_pdf", "signed_pdf_name", "version", "updated_at"])
    return version


# --- signatures -------------------------------------------------------------------------------


@transaction.atomic
def add_signature(
    actor: Any,
    version: ProtocolVersion,
    *,
    organisation: Any,
    signed_on: datetime.date,
    signed_by_name: str = "",
) -> Signature:
    """Record that an organisation signed a version (under review or in force)."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    version = locked(version)
    if not version.accepts_signatures:
        raise ValidationError(_("Only a version under review or in force can be signed."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("A signature cannot be dated in the future.")})
    signature = Signature(
        protocol_version=version,
        organisation=organisation,
        signed_on=signed_on,
        signed_by_name=signed_by_name,
        recorded_by=actor,
    )
    if Signature.objects.filter(protocol_version=version, organisation=organisation).exists():
        raise ValidationError(
            {
                "organisation": _("%(organisation)s has already signed this version.")
                % {"organisation": organisation}
            }
        )
    signature.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as error:
        raise ValidationError(_("This signature was just recorded by someone else.")) from error
    return signature


@transaction.atomic
def end_signature(
    actor: Any,
    signature: Signature,
    *,
    expected_version: int,
    ended_on: datetime.date,
    reason: str,
    note: str = "",
) -> Signature:
    """End an organisation's signature (it withdrew, was excluded, closed…). From that day it
    is no longer an NRM member under this version: personal data no longer goes to it, and the
    referrals app applies its rule to the referrals under way."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    if signature.ended_on is not None:
        raise ValidationError(_("This signature has already ended."))
    if reason not in SignatureEnd.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if ended_on <= signature.signed_on:
        raise ValidationError({"ended_on": _("The end must come after the signature.")})
    signature.ended_on = ended_on
    signature.end_reason = reason
    signature.end_note = note
    signature.full_clean(validate_unique=False)
    save_versioned(
        signature, expected_version=expected_version, fields=["ended_on", "end_reason", "end_note"]
    )
    membership_lapsed.send(sender=Signature, signature=signature, lapsed_on=ended_on, reason=reason)
    return signature
