"""Base models shared by every domain app."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """UUID primary key (records may be created offline later) and creation/update times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """An editable record: `version` grows on each save so a stale save can be refused.

    Services save through `sutura.core.concurrency.save_versioned`, never `save()` alone.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class AuditedModel(models.Model):
    """A record whose creation, changes and deletion go to the audit log.

    `audit_sensitive_fields` names fields whose values never enter the log (only the fact that
    they changed). The values loaded from the database are kept so a save can tell what changed.
    """

    audit_sensitive_fields: frozenset[str] = frozenset()
    # Bookkeeping columns whose changes say nothing to a reader of the log.
    audit_ignored_fields: frozenset[str] = frozenset(
        {"updated_at", "version", "last_login", "search_key", "block_keys"}
    )

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = dict(zip(field_names, values, strict=True))
        return instance

    def audit_loaded_values(self) -> dict[str, object]:
        return getattr(self, "_audit_loaded", {})

    def audit_mark_saved(self) -> None:
        self._audit_loaded = {
            f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields
        }


class IdempotencyKey(models.Model):
    """A create request already carried out for a user under a key they chose (the API's
    `Idempotency-Key` header, a page's form token): a retry with the same key answers what the
    first request answered instead of creating again. Kept `IDEMPOTENCY_KEY_HOURS` (24 h).

    No answer body is kept (it would keep names after an anonymisation): only the status and
    which record was created; a retry reads that record again through the access layer.
    `sutura.core.idempotency` is the only code that reads or writes it."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # A hash of the method, path and body: the same key sent with another body is refused.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=0)
    # The record the first request created: its model label and primary key (not personal).
    record = models.CharField(max_length=100, blank=True)
    record_pk = models.CharField(max_length=64, blank=True)
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_user_key")
        ]

    def __str__(self) -> str:
        return self.key
