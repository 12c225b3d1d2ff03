"""The subject-access export: everything held on one person, as JSON for machines and as a
PDF for the person (WeasyPrint, in the active language). Both come from the same collection,
so the two cannot disagree."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sutura.core.dates import date_format
from sutura.geo.countries import country_name
from sutura.people.models import Consent, Person
from sutura.privacy.selectors import person_file
from sutura.referrals.pdf import render_pdf

# Bookkeeping that says nothing about the person.
SKIPPED = frozenset({"search_key", "version", "overdue_notified_at"})
# Bookkeeping that may hold another person's data: a merge's snapshot (the kept file's details
# before and after it: once undone, the other file's names and phones).
SKIPPED |= {"snapshot"}
# A case's copy of its person's facts for the indicators (`Case.person_sex`…): the person's
# own record shows them.
SKIPPED |= {"person_sex", "person_birth_date", "person_location"}


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


def _another_file(field: models.Field[Any, Any], value: Any, subject: Person | None) -> bool:
    """Does this field point at a file other than the subject's (the other file of a pair
    compared by duplicate detection, or of a merge)? Never shown: it may be someone else."""
    return (
        subject is not None
        and field.is_relation
        and field.related_model is Person
        and value is not None
        and str(getattr(value, "pk", value)) != str(subject.pk)
    )


def as_data(obj: models.Model, subject: Person | None = None) -> dict[str, Any]:
    data = {}
    for field in _fields(type(obj)):
        value = getattr(obj, field.attname)
        if _another_file(field, value, subject):
            value = None
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
            model._meta.label: [as_data(r, person) for r in rows]
            for model, rows in person_file(person)
        },
    }


# Labels Django made up from a field or model name (no verbose_name given where it is
# declared): the PDF is read by the person, in their language, so they are translated here.
FIELD_LABELS = {
    "person": _("person"),
    "case": _("case"),
    "plan": _("plan"),
    "item": _("planned assistance"),
    "referral": _("referral"),
    "recorded_by": _("recorded by"),
    "created_by": _("recorded by"),
    "author": _("written by"),
    "uploaded_by": _("added by"),
    "decided_by": _("decided by"),
    "by": _("by"),
    "consent": _("consent invoked"),
    "actor": _("by"),
    "assessed_by": _("assessed by"),
    "screened_by": _("screened by"),
    "from_status": _("from status"),
    "to_status": _("to status"),
}
MODEL_LABELS = {
    "cases.CaseTransition": _("case transitions"),
    "cases.PlanDecision": _("plan decisions"),
    "referrals.ReferralTransition": _("referral transitions"),
}
# A file is shown by the name it had when added (`original_name`), never by its stored name.
# The file's stored type and size say nothing about the person.
HIDDEN = frozenset({"id", "file", "content_type", "size"})


def _label(field: models.Field[Any, Any]) -> str:
    name = field.verbose_name
    if not isinstance(name, Promise) and field.name in FIELD_LABELS:
        name = FIELD_LABELS[field.name]
    return str(name).capitalize()


def model_label(model: type[models.Model]) -> str:
    name = model._meta.verbose_name_plural  # Django's default is verbose_name + "s"
    if "verbose_name_plural" not in model._meta.original_attrs:
        name = MODEL_LABELS.get(model._meta.label, name)
    return str(name).capitalize()


def _when(value: datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return date_format(value, "DATE_FORMAT")


def _related(value: models.Model) -> str:
    """A record pointed at, as the person can read it: a user by their full name (or their
    organisation), a consent by its purpose, decision and date; never a repr or a username."""
    if isinstance(value, AbstractBaseUser):
        full = value.get_full_name().strip()  # type: ignore[attr-defined]
        organisation = getattr(value, "organisation", None)
        return full or (str(organisation) if organisation else "")
    if isinstance(value, Consent):
        parts = [value.get_purpose_display(), value.get_status_display()]
        return " · ".join([*parts, _when(value.decided_on)])
    text = str(value)
    if " object (" in text:
        return str(type(value)._meta.verbose_name).capitalize()
    return text


def _own_labels(obj: models.Model, name: str) -> list[str] | None:
    """The labels a model gives its own list of codes, as its pages show them (`flags` →
    `flag_labels()`, `categories` → `category_labels()`), if it has such a method."""
    singular = name[:-3] + "y" if name.endswith("ies") else name.removesuffix("s")
    method = getattr(obj, f"{singular}_labels", None)
    return [str(label) for label in method()] if callable(method) else None


def _codes(field: models.Field[Any, Any], codes: list[Any]) -> str:
    base = getattr(field, "base_field", field)
    if base.choices:
        labels = dict(base.flatchoices)
        return ", ".join(str(labels.get(code, code)) for code in codes)
    if "nationalit" in field.name or "countr" in field.name:
        return ", ".join(country_name(code) for code in codes)
    return ", ".join(str(code) for code in codes)


def _display(
    obj: models.Model, field: models.Field[Any, Any], subject: Person | None = None
) -> str:
    if _another_file(field, getattr(obj, field.attname, None), subject):
        return str(_("another file"))
    if field.choices:
        display = getattr(obj, f"get_{field.name}_display", None)
        if display is not None:
            return str(display())
    value = getattr(obj, field.name)
    if isinstance(field, models.FileField):
        return value.name.rsplit("/", 1)[-1] if value else ""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return _related(value)
    if isinstance(value, list):
        labels = _own_labels(obj, field.name)
        return ", ".join(labels) if labels is not None else _codes(field, value)
    if isinstance(value, bool):
        return "✓" if value else "—"
    if isinstance(value, datetime.date):
        return _when(value)
    if isinstance(value, str) and value and ("nationalit" in field.name or "countr" in field.name):
        return country_name(value)
    return str(value)


def _rows(obj: models.Model, subject: Person | None = None) -> list[tuple[str, str]]:
    hidden = HIDDEN if hasattr(obj, "original_name") else HIDDEN - {"file"}  # a photo: its name
    rows = []
    for field in _fields(type(obj)):
        if field.name in hidden:
            continue
        shown = _display(obj, field, subject)
        if shown not in ("", "—"):
            rows.append((_label(field), shown))
    return rows


def pdf(person: Person) -> bytes:
    sections = [
        {"title": model_label(model), "records": [_rows(r, person) for r in rows]}
        for model, rows in person_file(person)
    ]
    return render_pdf(
        "privacy/pdf/export.html",
        {"person": person, "identity": _rows(person), "sections": sections},
    )
