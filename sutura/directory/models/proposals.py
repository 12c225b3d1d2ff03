"""Proposals that keep the directory current: a change to an entry, a new entry, a closure or
a confirmation, reviewed by a coordinator."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.core.models import TimeStampedModel
from sutura.directory.models.entries import DECIMAL_FIELDS, EDITABLE_FIELDS, Service


class ChangeKind(models.TextChoices):
    NEW = "new", _("New service")
    UPDATE = "update", _("Change to a service")
    CLOSE = "close", _("Service no longer offered")
    VERIFY = "verify", _("Verified, nothing changed")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    # A context of their own: in French they agree with « proposition » (feminine).
    APPROVED = "approved", pgettext_lazy("proposal", "Approved")
    REJECTED = "rejected", pgettext_lazy("proposal", "Rejected")


class ServiceChange(TimeStampedModel):
    """A proposed change to the directory, and (once reviewed) its history.

    Mentors and staff propose; a coordinator approves or rejects. A coordinator's own edits are
    recorded here too, approved at once, so each entry's whole history is in one list.
    `before` and `proposed` hold field values (as JSON) so the history shows what changed.
    """

    # Proposed directory entries: the proposer is staff, not a person we serve.
    personal_data = False

    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ChangeKind.choices)
    before = models.JSONField(default=dict, blank=True)
    proposed = models.JSONField(default=dict, blank=True)
    comment = models.TextField(_("why"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="new") | Q(service__isnull=False),
                name="directory_change_names_its_service",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def changed_fields(self) -> list[str]:
        return sorted(k for k, v in self.proposed.items() if self.before.get(k) != v)


def service_snapshot(service: Service) -> dict[str, Any]:
    """The editable values of a service as JSON (for a change's before/after)."""
    values: dict[str, Any] = {}
    for field in EDITABLE_FIELDS:
        value = getattr(service, field)
        values[field] = str(value) if value is not None and field in DECIMAL_FIELDS else value
    values["areas"] = sorted(str(pk) for pk in service.areas.values_list("pk", flat=True))
    values["provider"] = str(service.provider_id) if service.provider_id else None
    values["location"] = str(service.location_id) if service.location_id else None
    return values
