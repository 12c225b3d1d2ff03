"""Serving a stored file to the one user the access layer let through."""

from __future__ import annotations

from typing import Any, TypeVar

from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.text import slugify

R = TypeVar("R", bound=HttpResponseBase)


def private_download(file: Any, filename: str, content_type: str) -> FileResponse:
    """The file as an attachment that no browser sniffs and no cache keeps."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    return _private(response)


def private_pdf(content: bytes, stem: str) -> HttpResponse:
    """A generated PDF (a form with a person's data) as a private attachment."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    return _private(response)


def download_name(words: Any, *parts: Any, ext: str = "") -> str:
    """A downloaded file's name for people: words in the active language, then the parts (a
    day, a period), ASCII only, joined by dashes — « Tableau de bord du MNR », 2026-12-06 →
    `tableau-de-bord-du-mnr-2026-12-06.xlsx`. Never an internal code or id. Without `ext`, the
    stem (for `private_pdf`)."""
    stem = "-".join(filter(None, (slugify(str(part)) for part in (words, *parts)))) or "sutura"
    return f"{stem}.{ext}" if ext else stem


def _private(response: R) -> R:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
