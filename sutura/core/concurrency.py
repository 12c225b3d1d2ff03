"""Optimistic locking: two people editing the same record never overwrite each other."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.core.models import VersionedModel

M = TypeVar("M", bound=VersionedModel)


class StaleVersionError(ValidationError):
    """Raised when a record changed since the user opened it."""


def save_versioned(obj: M, *, expected_version: int, fields: Iterable[str]) -> M:
    """Save `fields` only if the row still has `expected_version`; bump the version.

    The check and the write are one UPDATE, so two concurrent saves cannot both succeed. The
    usual `post_save` signal is sent so the audit log records the change.
    """
    field_names = list(fields)
    obj.updated_at = timezone.now()
    values = {name: getattr(obj, name) for name in [*field_names, "updated_at"]}
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if updated != 1:
        raise StaleVersionError(
            _(
                "Someone else saved this record after you opened it. Your changes were not "
                "saved: reload the page to see their version, then apply your changes again."
            ),
            code="stale",
        )
    obj.version = expected_version + 1
    post_save.send(
        sender=type(obj), instance=obj, created=False, update_fields=frozenset(field_names)
    )
    return obj
