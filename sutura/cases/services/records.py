"""Follow-up visits, notes and documents on a case."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.access.cases import require_works_on
from sutura.accounts.roles import Perm
from sutura.cases.models import Case, CaseDocument, CaseNote, Confidentiality, FollowUp
from sutura.cases.selectors import on_case
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.core.uploads import ACCEPTED_DOCUMENTS, attach_after_commit, check_upload


@transaction.atomic
def record_follow_up(
    *,
    actor: Any,
    case: Case,
    happened_on: date,
    type: str,
    notes: str = "",
    next_due_on: date | None = None,
) -> FollowUp:
    """Record a visit or call, and when the next one is due (the overdue list uses it)."""
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("The date cannot be in the future.")})
    if happened_on < case.opened_on:
        raise ValidationError({"happened_on": _("The case was not open on that date.")})
    if next_due_on and next_due_on < happened_on:
        raise ValidationError({"next_due_on": _("The next follow-up must come after this one.")})
    # Follow-ups on one case are recorded one after the other (each waits for the case's row
    # lock), so none is refused as a conflict and the latest always sets the due date.
    case = locked(case)
    earlier = on_case(actor, FollowUp, case).order_by("-happened_on")
    latest = earlier.values_list("happened_on", flat=True).first()
    follow_up = FollowUp.objects.create(
        case=case,
        happened_on=happened_on,
        type=type,
        notes=notes,
        next_due_on=next_due_on,
        recorded_by=actor,
    )
    if latest is None or happened_on >= latest:  # a back-dated visit does not move the due date
        _set_next_follow_up(case, next_due_on)
    return follow_up


def _set_next_follow_up(case: Case, due_on: date | None) -> None:
    """Under the case's row lock (the caller took it): the version read is still current."""
    case.next_follow_up_on = due_on
    save_versioned(case, expected_version=case.version, fields=["next_follow_up_on"])


@transaction.atomic
def schedule_follow_up(*, actor: Any, case: Case, due_on: date) -> Case:
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    if due_on < case.opened_on:
        raise ValidationError({"due_on": _("The case was not open on that date.")})
    case = locked(case)
    _set_next_follow_up(case, due_on)
    return case


def add_note(*, actor: Any, case: Case, text: str, confidentiality: str) -> CaseNote:
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    if confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose who may read the note.")})
    return CaseNote.objects.create(
        case=case, text=text, confidentiality=confidentiality, author=actor
    )


@transaction.atomic
def upload_document(
    *, actor: Any, case: Case, upload: UploadedFile, description: str, confidentiality: str
) -> CaseDocument:
    require(actor, Perm.MANAGE_CASES)
    require_works_on(actor, case)
    content_type = check_upload(upload, ACCEPTED_DOCUMENTS)
    document = CaseDocument(
        case=case,
        original_name=PurePath(upload.name or "document").name[:200],
        content_type=content_type,
        size=upload.size or 0,
        description=description,
        confidentiality=confidentiality,
        uploaded_by=actor,
    )
    # The file is written once this row commits; if writing fails then, the row goes too.
    attach_after_commit(
        document.file,
        upload,
        on_failure=document.delete,
    )
    document.save()
    return document
