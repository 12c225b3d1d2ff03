"""Checking uploaded files: size, extension, and that the content matches the extension."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Accepted uploads: extension -> (content type, how the file must start).
ACCEPTED_DOCUMENTS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
}


ACCEPTED_PHOTOS = {ext: ACCEPTED_DOCUMENTS[ext] for ext in (".jpg", ".jpeg", ".png")}


def check_upload(upload: UploadedFile, accepted: dict[str, tuple[str, tuple[bytes, ...]]]) -> str:
    """The content type of an acceptable upload, or a clear error on the `file` field."""
    limit = settings.SUTURA_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}}
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in accepted:
        names = ", ".join(sorted({e.lstrip(".").upper() for e in accepted if e != ".jpeg"}))
        raise ValidationError({"file": _("Accepted files: %(types)s.") % {"types": names}})
    content_type, signatures = accepted[extension]
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError({"file": _("The file's content does not match its extension.")})
    return content_type
