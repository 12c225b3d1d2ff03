"""Writing an export's rows: XLSX or CSV (no cell can start a formula: `core.spreadsheets`),
HXL-tagged CSV (a label row, then a hashtag row), and the AES-256 archive for exports that
identify people.

The archive is a zip with WinZip AES-256 encryption (`pyzipper`: a maintained fork of the
standard library's zipfile, one dependency — pycryptodomex); 7-Zip, WinZip, Keka and
PeaZip open it. We chose it over `py7zr` (7z, which also hides file names) because a zip is
what partners' offices expect, and py7zr brings five compiled dependencies for one feature.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

import pyzipper
from openpyxl import Workbook

from sutura.core.spreadsheets import safe_cell
from sutura.exports.registry import Column, Row

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "hxl": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


def plain(value: Any) -> Any:
    """A cell's value: lists joined, booleans as yes/no codes, None empty, text formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    return safe_cell(value)


def write_csv(
    columns: tuple[Column, ...],
    rows: Iterable[Row],
    *,
    hashtags: bool = False,
    each: Callable[[], None] | None = None,
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(str(column.label)) for column in columns])
    if hashtags:
        writer.writerow([column.hxl for column in columns])
    for row in rows:
        writer.writerow([plain(row.get(column.key)) for column in columns])
        if each:
            each()
    # A byte-order mark so Excel reads UTF-8 (accents in names and places).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(
    columns: tuple[Column, ...],
    rows: Iterable[Row],
    *,
    title: str,
    each: Callable[[], None] | None = None,
) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "export")
    sheet.append([safe_cell(str(column.label)) for column in columns])
    for row in rows:
        sheet.append([plain(row.get(column.key)) for column in columns])
        if each:
            each()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def encrypted_zip(name: str, content: bytes, password: str) -> bytes:
    out = io.BytesIO()
    with pyzipper.AESZipFile(
        out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(name, content)
    return out.getvalue()
