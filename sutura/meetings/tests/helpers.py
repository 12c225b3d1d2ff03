from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sutura.meetings import sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

GOOD_ROWS: list[dict[str, Any]] = [
    {
        "name": "Awa Ndiaye",
        "organisation_name": "Mairie de Thiès",
        "category": "Gouvernement",
        "function": "Adjointe",
        "sex": "F",
        "age_group": 34,
        "phone": "+221 77 000 00 01",
        "signed": "oui",
    },
    {
        "name": "Moussa Kane",
        "organisation_name": "OIM",
        "category": "UN agency",
        "function": "Officer",
        "sex": "male",
        "age_group": "25-59",
        "signed": "yes",
    },
    {
        "name": "Binta Sy",
        "organisation_name": "JSM",
        "category": "ong nationale",
        "sex": "Femme",
        "age_group": "18–24",
        "email": "binta@example.org",
    },
]


def sheet(rows: list[dict[str, Any]], language: str = "fr", name: str = "presence.xlsx") -> Any:
    return SimpleUploadedFile(name, sheets.filled(language, rows), content_type=XLSX)


def raw_sheet(lines: list[list[Any]], name: str = "presence.xlsx") -> Any:
    from openpyxl import Workbook

    book = Workbook()
    for line in lines:
        book.worksheets[0].append(line)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=XLSX)
