"""Uploaded files: checked by their whole content, stored only once the database has them.

Checking: the extension says what the file must be, and the whole file must then *be* that:
an image decodes completely with Pillow, a PDF parses with pypdf and carries no active content
(script, launch, form submission, remote or imported data, rich media, XFA, an automatic action
other than going to a page, an embedded file), an office file is a sound zip container
declaring the expected content type, without macros, embedded objects, scripts or links that
fetch something when opened (an external relationship other than a hyperlink: the "Follina"
pattern). A file that is also something else (a polyglot: an image or a PDF with a zip archive
inside, a zip with data before it) is refused. Checking the first bytes only let any file
through under a borrowed header.

Images are stored re-encoded without their metadata (`clean_content`): EXIF, GPS position,
camera, comments. A phone's photo can give away where a shelter is. The orientation the EXIF
gave is applied to the pixels first.

Storing: files go through the field's storage (Django's storage API, so an S3-compatible
storage is a settings change). A file is written only after the transaction that saves its row
commits (`transaction.on_commit`), so a save that rolls back leaves no file behind; a file
replaced or erased is deleted after the commit too, so a rollback never loses the old one.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import PurePath
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

# Accepted uploads: extension -> content type (the checker for each type is in CHECKS below).
ACCEPTED_DOCUMENTS: dict[str, str] = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".odt": ODT,
}
ACCEPTED_PHOTOS = {ext: ACCEPTED_DOCUMENTS[ext] for ext in (".jpg", ".jpeg", ".png")}

# An office file may not unpack to more than this (a "zip bomb" is refused before reading it).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Images larger than this many pixels are refused (Pillow's own bomb guard warns at ~89 Mpx).
MAX_IMAGE_PIXELS = 60_000_000
# PDF names that run something, send or fetch data, or carry another file. pypdf decodes `#xx`
# escapes in names; the raw search below is a first, cheap pass over uncompressed objects.
PDF_ACTIVE_KEYS = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/XFA",
        "/RichMediaContent",
        "/RichMediaSettings",
    }
)
# Action types (`/S`) refused wherever they stand.
PDF_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/GoToR",
        "/GoToE",
        "/ImportData",
        "/RichMediaExecute",
    }
)
PDF_ACTIVE_RAW = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|SubmitForm|GoToR|GoToE|ImportData|RichMedia\w*"
    rb"|XFA)(?![A-Za-z])"
)
# The only automatic action (/OpenAction, /AA) accepted: going to a page of the document.
PDF_PLAIN_ACTIONS = frozenset({"/GoTo"})
# An office relationship to something outside the file is fetched when the document opens
# (a remote template, an OLE object: the "Follina" pattern), except a hyperlink, which waits
# for a click.
OOXML_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
OOXML_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


class Refused(Exception):
    """The content is not what the extension says (the message is shown next to the field)."""


def check_upload(upload: UploadedFile, accepted: dict[str, str]) -> str:
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
    content_type = accepted[extension]
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    try:
        CHECKS[content_type](data)
    except Refused as refused:
        raise ValidationError({"file": str(refused) or _NOT_MATCHING()}) from None
    except Exception:  # any parser failure means the file is not what it claims to be
        logger.info("upload refused: %s does not parse as %s", extension, content_type)
        raise ValidationError({"file": _NOT_MATCHING()}) from None
    return content_type


def _NOT_MATCHING() -> str:
    return _("The file's content does not match its extension, or the file is damaged.")


def _not_a_zip(data: bytes) -> None:
    """A zip archive hidden in an image or a PDF (read from its end, as unzip tools do)."""
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise Refused(_("The file hides another file inside it."))


def _check_image(expected_format: str) -> Callable[[bytes], None]:
    def check(data: bytes) -> None:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected_format:
                raise Refused
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise Refused(_("The image is too large."))
            image.load()  # decodes every pixel: a truncated or forged body fails here
        if b"%PDF-" in data[:1024]:  # PDF readers look for the header in the first kilobyte
            raise Refused(_("The file hides another file inside it."))
        _not_a_zip(data)

    return check


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    if not data.startswith(b"%PDF-"):
        raise Refused
    _not_a_zip(data)
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise Refused(_("Encrypted PDF files are not accepted."))
    if len(reader.pages) == 0:
        raise Refused
    if PDF_ACTIVE_RAW.search(data) or _pdf_has_active_content(reader):
        raise Refused(_("PDF files with scripts or attached files are not accepted."))


def _automatic_action_is_plain(value: Any) -> bool:
    """An /OpenAction: a destination (an array), or a /GoTo action with nothing chained."""
    from pypdf.generic import ArrayObject, DictionaryObject

    value = value.get_object()
    if isinstance(value, ArrayObject):
        return True
    return (
        isinstance(value, DictionaryObject)
        and value.get("/S") in PDF_PLAIN_ACTIONS
        and "/Next" not in value
    )


def _pdf_automatic_actions_are_plain(item: Any) -> bool:
    from pypdf.generic import DictionaryObject

    if "/OpenAction" in item and not _automatic_action_is_plain(item["/OpenAction"]):
        return False
    if "/AA" in item:
        triggers = item["/AA"].get_object()
        if not isinstance(triggers, DictionaryObject):
            return False
        return all(_automatic_action_is_plain(action) for action in triggers.values())
    return True


def _pdf_has_active_content(reader: Any) -> bool:
    """Walk every object reachable from the catalogue (scripts may sit in compressed object
    streams, where a byte search does not see them)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer["/Root"]]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if (
                PDF_ACTIVE_KEYS & set(item.keys())
                or item.get("/S") in PDF_ACTIVE_ACTIONS
                or item.get("/Subtype") == "/RichMedia"
                or not _pdf_automatic_actions_are_plain(item)
            ):
                return True
            stack.extend(v for k, v in item.items() if k != "/Parent")
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return False


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if not data.startswith(b"PK\x03\x04"):  # data before the archive: a polyglot
        raise Refused
    archive = zipfile.ZipFile(io.BytesIO(data))
    if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise Refused(_("The file unpacks to more than we accept."))
    if archive.testzip() is not None:  # reads every member and checks its CRC
        raise Refused
    return archive


def _check_ooxml(main_part: str) -> Callable[[bytes], None]:
    def check(data: bytes) -> None:
        archive = _open_zip(data)
        names = set(archive.namelist())
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        if f"{main_part}.main+xml" not in types:
            raise Refused
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise Refused(_("Office files with macros are not accepted."))
        if any("/embeddings/" in name.lower() for name in names) or _external_links(archive):
            raise Refused(
                _("Office files with embedded objects or external links are not accepted.")
            )

    return check


def _external_links(archive: zipfile.ZipFile) -> bool:
    """A relationship (in any `.rels` part) to a target outside the file, other than a
    hyperlink. Parsed with defusedxml: no DTD, no entity expansion."""
    from defusedxml import ElementTree

    for name in archive.namelist():
        if not name.lower().endswith(".rels"):
            continue
        root = ElementTree.fromstring(archive.read(name))
        for relationship in root.iter(OOXML_RELS):
            external = relationship.get("TargetMode", "Internal").strip() != "Internal"
            if external and relationship.get("Type", "").strip() != OOXML_HYPERLINK:
                return True
    return False


def _check_odt(data: bytes) -> None:
    archive = _open_zip(data)
    if archive.namelist()[0] != "mimetype" or archive.read("mimetype") != ODT.encode():
        raise Refused
    archive.getinfo("META-INF/manifest.xml")  # KeyError when missing: refused
    if any(name.lower().startswith(("basic/", "scripts/")) for name in archive.namelist()):
        raise Refused(_("Office files with macros are not accepted."))


CHECKS: dict[str, Callable[[bytes], None]] = {
    JPEG: _check_image("JPEG"),
    PNG: _check_image("PNG"),
    PDF: _check_pdf,
    DOCX: _check_ooxml(DOCX),
    XLSX: _check_ooxml(XLSX),
    ODT: _check_odt,
}


# --- what is stored ---------------------------------------------------------------------------


def clean_content(data: bytes, extension: str) -> bytes:
    """The bytes to store: an image re-encoded without metadata (EXIF with its GPS position,
    XMP, comments, PNG text chunks), its EXIF orientation applied to the pixels; any other
    accepted file as it came (it was checked whole)."""
    content_type = ACCEPTED_DOCUMENTS.get(extension.lower())
    if content_type not in (JPEG, PNG):
        return data
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        turned = ImageOps.exif_transpose(image)
        icc = image.info.get("icc_profile")  # colours, not a person: kept
        # A new image holds the pixels only: nothing of the original's info comes along.
        clean = Image.frombytes(turned.mode, turned.size, turned.tobytes())
        if turned.mode == "P":
            clean.putpalette(turned.getpalette() or [])
            if "transparency" in image.info:
                clean.info["transparency"] = image.info["transparency"]
    out = io.BytesIO()
    options: dict[str, Any] = {"icc_profile": icc} if icc else {}
    if content_type == JPEG:
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, "JPEG", quality=90, **options)
    else:
        if "transparency" in clean.info:
            options["transparency"] = clean.info["transparency"]
        clean.save(out, "PNG", optimize=True, **options)
    return out.getvalue()


# --- storing after the commit ----------------------------------------------------------------


def stored_name(field_file: FieldFile, upload: UploadedFile) -> str:
    """A fresh, unguessable name under the field's `upload_to` (the original name is kept, if
    at all, in the row)."""
    suffix = PurePath(upload.name or "").suffix.lower()
    return field_file.field.generate_filename(field_file.instance, f"{uuid4().hex}{suffix}")


def attach_after_commit(
    field_file: FieldFile, upload: UploadedFile, *, on_failure: Callable[[], object]
) -> str | None:
    """Point `field_file` at a new name now (the caller saves the row), write the content once
    the transaction commits, and delete the file it replaces then. Returns the replaced name.

    If the write fails after the commit, `on_failure()` undoes the row (it runs in its own
    transaction) and the error propagates: the user is told, and no row points at nothing."""
    # Outside a transaction on_commit would write at once, before the row exists.
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("attach_after_commit() must run inside the saving transaction")
    storage: Storage = field_file.storage
    replaced = field_file.name or None
    name = stored_name(field_file, upload)
    field_file.name = name
    model, pk, attname = type(field_file.instance), field_file.instance.pk, field_file.field.attname
    # Kept in memory until the commit (at most SUTURA_UPLOAD_MAX_BYTES, which check_upload has
    # read already): the request may have closed, and deleted, its temporary file by then.
    upload.seek(0)
    content = ContentFile(clean_content(upload.read(), PurePath(upload.name or "").suffix))

    def write() -> None:
        try:
            written = storage.save(name, content)
        except Exception:
            logger.exception("could not store %s", name)
            on_failure()
            raise
        if written != name:  # the storage chose another name: the row follows
            model._default_manager.filter(pk=pk).update(**{attname: written})
        if replaced:
            delete_file(storage, replaced)

    transaction.on_commit(write)
    return replaced


def delete_after_commit(field_file: FieldFile) -> None:
    """Delete the file once the transaction that forgets it commits (never before: a rollback
    would leave a row without its file)."""
    if field_file.name:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: delete_file(storage, name))


def delete_file(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # a missing file or a storage hiccup must not undo a committed change
        logger.warning("could not delete %s", name, exc_info=True)
