"""The platform's own records: reference places, the audit log, notifications."""

from __future__ import annotations

from typing import Any

from django.db import models

from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.audit.models import AuditEntry
from sutura.core.models import IdempotencyKey
from sutura.geo.models import Location
from sutura.notifications.models import Notification


@register_scope(Location)
def _locations(user: Any, queryset: models.QuerySet[Location]) -> models.QuerySet[Location]:
    return queryset  # reference data: every signed-in user


@register_scope(AuditEntry)
def _audit(user: Any, queryset: models.QuerySet[AuditEntry]) -> models.QuerySet[AuditEntry]:
    return queryset if can(user, Perm.VIEW_AUDIT_LOG) else queryset.none()


@register_scope(Notification)
def _notifications(
    user: Any, queryset: models.QuerySet[Notification]
) -> models.QuerySet[Notification]:
    return queryset.filter(recipient_id=user.pk)  # one's own, and nobody else's


@register_scope(IdempotencyKey)
def _idempotency_keys(
    user: Any, queryset: models.QuerySet[IdempotencyKey]
) -> models.QuerySet[IdempotencyKey]:
    return queryset.filter(user_id=user.pk)  # a retry is answered only to who sent it
