"""Writes of the library: documents, their versions and files, consultations, comments and the
editor's answers, validation at a meeting, and documents presented at a meeting.

The editor is the holder of `manage_governance` (the NRM coordinator); comments come from the
staff of the organisations consulted who hold `comment_documents`. Every write checks who acts
(`sutura.access.library`), runs in one transaction and goes through the version check where
a record is edited.
"""

from __future__ import annotations

import datetime
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sutura.access import require, visible
from sutura.access.library import may_comment, version_standing
from sutura.access.meetings import meeting_standing
from sutura.accounts.roles import Perm
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.core.uploads import ACCEPTED_DOCUMENTS, attach_after_commit, check_upload
from sutura.governance.models.library import (
    OPEN_STATUSES,
    Consultation,
    ConsultationComment,
    DocumentKind,
    DocumentVersion,
    Integration,
    LibraryDocument,
    PresentedDocument,
    VersionStatus,
)
from sutura.governance.selectors.library import already_presented
from sutura.meetings.models import Meeting

DOCUMENT_FIELDS = ("kind", "title_fr", "title_en", "description", "owner")


@transaction.atomic
def create_document(
    actor: Any,
    *,
    kind: str,
    title_fr: str,
    title_en: str = "",
    description: str = "",
    owner: Any = None,
) -> LibraryDocument:
    """Add a document to the library (its versions come next)."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose a kind of document.")})
    document = LibraryDocument(
        kind=kind,
        title_fr=title_fr,
        title_en=title_en,
        description=description,
        owner=owner or actor.organisation,
        created_by=actor,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def update_document(
    actor: Any, document: LibraryDocument, *, expected_version: int, **fields: Any
) -> LibraryDocument:
    require(actor, Perm.MANAGE_GOVERNANCE)
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown document fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean()
    return save_versioned(document, expected_version=expected_version, fields=list(fields))


def _attach(version: DocumentVersion, upload: UploadedFile) -> None:
    version.content_type = check_upload(upload, ACCEPTED_DOCUMENTS)
    version.original_name = PurePath(upload.name or "document").name[:200]
    version.size = upload.size or 0
    # The file is written once the row commits; if writing fails then, the row goes too.
    attach_after_commit(version.file, upload, on_failure=version.delete)


@transaction.atomic
def add_version(
    actor: Any,
    document: LibraryDocument,
    *,
    upload: UploadedFile | None = None,
    changes: str = "",
) -> DocumentVersion:
    """Start the next version of a document (a draft), with its file. One open version at a
    time: a draft or a version under consultation must be validated first."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    document = locked(document)
    versions = DocumentVersion.objects.filter(document=document)
    if versions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("This document already has a version in preparation: validate it first.")
        )
    number = (versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion(document=document, number=number, changes=changes, created_by=actor)
    if upload is not None:
        _attach(version, upload)
    version.full_clean(exclude=["file"])
    version.save()
    return version


@transaction.atomic
def replace_file(actor: Any, version: DocumentVersion, *, upload: UploadedFile) -> DocumentVersion:
    """Put a new file on a version in preparation (a validated version never changes)."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    version = locked(version)
    if not version.is_open:
        raise ValidationError(_("A validated version cannot change: start a new version."))
    _attach(version, upload)
    version.save(update_fields=["file", "content_type", "original_name", "size", "updated_at"])
    return version


@transaction.atomic
def open_consultation(
    actor: Any,
    version: DocumentVersion,
    *,
    opens_on: datetime.date,
    closes_on: datetime.date,
    organisations: Any,
) -> Consultation:
    """Consult organisations on a draft, between two dates (their staff then read it and
    comment)."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    version = locked(version)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be put to consultation."))
    organisations = list(organisations)
    if not organisations:
        raise ValidationError({"organisations": _("Choose the organisations to consult.")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The consultation closes before it opens.")})
    consultation = Consultation(
        version=version, opens_on=opens_on, closes_on=closes_on, opened_by=actor
    )
    consultation.full_clean()
    consultation.save()
    consultation.organisations.set(organisations)
    version.status = VersionStatus.CONSULTATION
    version.save(update_fields=["status", "updated_at"])
    return consultation


@transaction.atomic
def add_comment(
    actor: Any, consultation: Consultation, *, text: str, reference: str = ""
) -> ConsultationComment:
    """A consulted organisation's staff member comments on the version, while the
    consultation is open."""
    version = consultation.version
    if not may_comment(actor, version):
        raise PermissionDenied
    if version.status != VersionStatus.CONSULTATION:
        raise ValidationError(_("This version is no longer under consultation."))
    today = timezone.localdate()
    if today < consultation.opens_on:
        raise ValidationError(_("The consultation has not opened yet."))
    if today > consultation.closes_on:
        raise ValidationError(_("The consultation has closed."))
    if not text.strip():
        raise ValidationError({"text": _("The comment is empty.")})
    comment = ConsultationComment(
        consultation=consultation,
        author=actor,
        organisation=actor.organisation,
        reference=reference,
        text=text,
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def answer_comment(
    actor: Any,
    comment: ConsultationComment,
    *,
    expected_version: int,
    integration: str,
    reply: str = "",
) -> ConsultationComment:
    """The editor says whether a comment was integrated, with a reply."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    if integration not in (Integration.INTEGRATED, Integration.NOT_INTEGRATED):
        raise ValidationError({"integration": _("Say whether the comment was integrated.")})
    if not comment.consultation.version.is_open:
        raise ValidationError(_("The version is validated: its comments can no longer change."))
    comment.integration = integration
    comment.reply = reply
    comment.replied_by = actor
    comment.replied_at = timezone.now()
    comment.full_clean()
    return save_versioned(
        comment,
        expected_version=expected_version,
        fields=["integration", "reply", "replied_by", "replied_at"],
    )


@transaction.atomic
def validate_version(
    actor: Any,
    version: DocumentVersion,
    *,
    meeting: Meeting,
    validated_on: datetime.date | None = None,
) -> DocumentVersion:
    """Record that a version was validated at a meeting; the version validated before it
    becomes superseded, in the same transaction."""
    require(actor, Perm.MANAGE_GOVERNANCE)
    if not visible(actor, Meeting).filter(pk=meeting.pk).exists():
        raise ValidationError({"meeting": _("Choose a meeting you can see.")})
    locked(version.document)  # two validations of one document wait for each other
    version = locked(version)
    if not version.is_open:
        raise ValidationError(_("This version is already validated."))
    validated_on = validated_on or meeting.starts_at.date()
    previous = DocumentVersion.objects.filter(
        document_id=version.document_id, status=VersionStatus.VALIDATED
    )
    for old in previous:
        if old.validated_on is not None and validated_on < old.validated_on:
            raise ValidationError(
                {
                    "meeting": _(
                        "The version in force was validated on %(date)s: a newer version "
                        "cannot be validated before it. Choose a later meeting."
                    )
                    % {"date": date_format(old.validated_on, "SHORT_DATE_FORMAT")}
                }
            )
    for old in previous:
        old.status = VersionStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
    version.status = VersionStatus.VALIDATED
    version.validated_at = meeting
    version.validated_on = validated_on
    version.save(update_fields=["status", "validated_at", "validated_on", "updated_at"])
    return version


@transaction.atomic
def present_document(actor: Any, meeting: Meeting, *, version: DocumentVersion) -> Any:
    """Note that a document version was presented at a meeting (those who record the meeting,
    a version they may read)."""
    if not meeting_standing(actor, meeting).records:
        raise PermissionDenied
    if not version_standing(actor, version).sees:
        raise ValidationError({"version": _("Choose a document you can read.")})
    already = already_presented(actor, meeting, version)
    return already or PresentedDocument.objects.create(
        meeting_id=meeting.pk, version=version, added_by=actor
    )
