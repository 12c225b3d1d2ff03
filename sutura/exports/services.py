"""Exports: asking for one, the job's steps, showing the password once, downloading, expiry.
Every creation and download is written to the audit log (`record_export`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sutura.access.exports import NO_NAMES, may_open, refusal
from sutura.audit.services import record_export
from sutura.core.locking import locked
from sutura.core.tasks import enqueue_on_commit
from sutura.core.texts import Text, term
from sutura.exports import registry, sealing
from sutura.exports.models import Export, ExportStatus

REFUSALS = {
    NO_NAMES: _(
        "Your role works on figures and never receives names: this list identifies people, "
        "so it cannot be exported for you. Export an aggregate table instead."
    ),
    "not_allowed": _("You may not export this list."),
}


class ExportRefused(PermissionDenied):
    def __init__(self, code: str) -> None:
        super().__init__(str(REFUSALS.get(code, REFUSALS["not_allowed"])))
        self.code = code


def start_export(
    *, actor: Any, list_code: str, format: str, filters: dict[str, Any] | None = None
) -> tuple[Export, str]:
    """Ask for an export of a list; it is written in the background. Returns the export and
    the private key that will show its password once (give it to the owner only)."""
    export_list = registry.get(list_code)
    if export_list is None:
        raise ExportRefused("not_allowed")
    code = refusal(actor, export_list)
    if code:
        raise ExportRefused(code)
    if format not in export_list.formats:
        raise ValidationError({"format": _("This list is not exported in that format.")})
    try:
        cleaned = export_list.clean_filters(filters or {})
    except ValueError as error:
        raise ValidationError({"filters": _("Unknown filter or value: %s") % error}) from None
    private_key, public_key = sealing.new_key_pair()
    with transaction.atomic():
        export = Export.objects.create(
            owner=actor,
            organisation_id=actor.organisation_id,
            list_code=list_code,
            format=format,
            filters=cleaned,
            identifies_people=export_list.identifies_people,
            reveal_public_key=public_key,
        )
        record_export(
            actor,
            obj=export,
            detail=Text(
                gettext_noop("Export asked: %(list)s (%(format)s)"),
                list=term("export_list", list_code),
                format=format,
            ),
        )
        from sutura.exports import tasks  # the job module imports this one

        enqueue_on_commit(tasks.write_export, str(export.pk))
    return export, private_key


# --- the job's steps (called by tasks.py) ----------------------------------------------------


def begin(export: Export) -> None:
    Export.objects.filter(pk=export.pk).update(
        status=ExportStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    export.status = ExportStatus.RUNNING


def save_progress(export: Export, done: int, total: int, stage: str) -> None:
    Export.objects.filter(pk=export.pk).update(
        done=done, total=total, stage=stage, updated_at=timezone.now()
    )


def finish(export: Export, *, content: bytes, filename: str, rows: int, password: str) -> None:
    """Store the file (private storage), the password sealed and hashed, the expiry."""
    keep = int(getattr(settings, "SUTURA_EXPORT_KEEP_DAYS", 7))
    now = timezone.now()
    with transaction.atomic():
        export = locked(export)
        export.file.save(filename, ContentFile(content), save=False)
        export.filename = filename
        export.size = len(content)
        export.rows = rows
        export.status = ExportStatus.READY
        export.finished_at = now
        export.expires_at = now + timedelta(days=keep)
        export.done = export.total = 1000
        export.stage = "done"
        if password:
            export.sealed_password = sealing.seal(password, bytes(export.reveal_public_key))
            export.password_hash = sealing.password_hash(password)
        export.save()
        record_export(
            export.owner,
            obj=export,
            detail=Text(
                gettext_noop("Export written: %(list)s, %(rows)s rows, encrypted")
                if password
                else gettext_noop("Export written: %(list)s, %(rows)s rows"),
                list=term("export_list", export.list_code),
                rows=rows,
            ),
        )


def fail(export: Export, code: str) -> None:
    Export.objects.filter(pk=export.pk).update(
        status=ExportStatus.FAILED, error=code[:60], finished_at=timezone.now()
    )


# --- the owner's actions --------------------------------------------------------------------


def reveal_password(*, actor: Any, export: Export, private_key: str) -> str:
    """Show the archive's password, once: its sealed copy is erased as it is shown."""
    if not may_open(actor, export, registry.get(export.list_code)):
        raise PermissionDenied
    with transaction.atomic():
        export = locked(export)
        if not export.password_waiting:
            return ""
        password = sealing.open_sealed(bytes(export.sealed_password), private_key)
        export.sealed_password = b""
        export.password_shown_at = timezone.now()
        export.save(update_fields=["sealed_password", "password_shown_at", "updated_at"])
        record_export(actor, obj=export, detail=gettext_noop("export password shown"))
    return password


def record_download(*, actor: Any, export: Export) -> None:
    if not may_open(actor, export, registry.get(export.list_code)) or not export.downloadable:
        raise PermissionDenied
    Export.objects.filter(pk=export.pk).update(downloads=export.downloads + 1)
    record_export(
        actor,
        obj=export,
        detail=Text(
            gettext_noop("Export downloaded: %(list)s"), list=term("export_list", export.list_code)
        ),
    )


def sweep_expired(now: Any = None) -> int:
    """Delete the files of exports past their expiry (the rows stay, marked expired, so
    "My exports" says what became of them). Returns how many were swept."""
    now = now or timezone.now()
    swept = 0
    for export in Export.objects.filter(status=ExportStatus.READY, expires_at__lte=now):
        with transaction.atomic():
            if export.file:
                export.file.delete(save=False)
            export.status = ExportStatus.EXPIRED
            export.sealed_password = b""
            export.save(update_fields=["file", "status", "sealed_password", "updated_at"])
        swept += 1
    return swept
