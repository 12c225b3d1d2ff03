"""Small, genuine files of every accepted type (uploads are checked by their whole content, so a
test needs the real thing), and a way to run the after-commit writes inside a test."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase


def _image(fmt: str, colour: str = "red") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, fmt)
    return buffer.getvalue()


@cache
def png() -> bytes:
    return _image("PNG")


@cache
def jpeg() -> bytes:
    return _image("JPEG")


@cache
def pdf() -> bytes:
    return _image("PDF", "white")


def _zip(members: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members:
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


@cache
def docx() -> bytes:
    return _zip([("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", "<w:document/>")])


@cache
def xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@cache
def odt() -> bytes:
    return _zip(
        [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("META-INF/manifest.xml", "<manifest:manifest/>"),
            ("content.xml", "<office:document-content/>"),
        ]
    )


def upload(name: str, content: bytes, content_type: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type or "application/octet-stream")


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    return upload(name, png(), "image/png")


def pdf_upload(name: str = "certificat.pdf") -> SimpleUploadedFile:
    return upload(name, pdf(), "application/pdf")


@contextmanager
def committed() -> Iterator[None]:
    """Run what waits for the commit (file writes and deletions) at the end of the block, as a
    real commit would; tests run inside a transaction that never commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
