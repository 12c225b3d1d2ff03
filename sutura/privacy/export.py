"""The subject-access export: everything held on one person, as JSON for machines and as a
PDF for the person (WeasyPrint, in the active language). Both come from the same collection,
so the two cannot disagree."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.utils import timezone

from sutura.people.models import Person
from sutura.privacy.selectors import person_file
from sutura.referrals.pdf import render_pdf

# Bookkeeping that says nothing about the person.
SKIPPED = frozenset({"search_key", "version", "overdue_notified_at"})


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    return str(value)


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED]


def as_data(obj: models.Model) -> dict[str, Any]:
    data = {}
    for field in _fields(type(obj)):
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.attname] = _value(value)
    return data


def collect(person: Person) -> dict[str, Any]:
    """The JSON export: the person, then every record kind (empty kinds included, so a reader
    sees that nothing of that kind is held)."""
    return {
        "format": "sutura-subject-access/1",
        "exported_at": timezone.now().isoformat(),
        "person": as_data(person),
        "records": {
            model._meta.label: [as_data(r) for r in rows] for model, rows in person_file(person)
        },
    }


def _display(obj: models.Model, field: models.Field[Any, Any]) -> str:
    if field.choices:
        display = getattr(obj, f"get_{field.name}_display", None)
        if display is not None:
            return str(display())
    value = getattr(obj, field.name)
    if isinstance(field, models.FileField):
        return value.name.rsplit("/", 1)[-1] if value else ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else "—"
    return "" if value is None else str(value)


def _rows(obj: models.Model) -> list[tuple[str, str]]:
    return [
        (str(field.verbose_name).capitalize(), _display(obj, field))
        for field in _fields(type(obj))
        if field.name not in ("id",) and _display(obj, field) not in ("", "—")
    ]


def pdf(person: Person) -> bytes:
    sections = [
        {
            "title": str(model._meta.verbose_name_plural).capitalize(),
            "records": [_rows(r) for r in rows],
        }
        for model, rows in person_file(person)
    ]
    return render_pdf(
        "privacy/pdf/export.html",
        {"person": person, "identity": _rows(person), "sections": sections},
    )
