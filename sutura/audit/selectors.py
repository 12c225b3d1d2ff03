from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet

from sutura.access import visible
from sutura.audit.models import AuditEntry


def audit_entries_for(user: Any, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """The audit log, filtered; only users allowed to read the log get rows."""
    entries = visible(user, AuditEntry).select_related("organisation", "content_type")
    if filters.get("user"):
        entries = entries.filter(actor_username__icontains=filters["user"])
    if filters.get("organisation"):
        entries = entries.filter(organisation=filters["organisation"])
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("object_type"):
        entries = entries.filter(content_type=filters["object_type"])
    if filters.get("object_id"):
        entries = entries.filter(object_id=filters["object_id"].strip())
    if filters.get("date_from"):
        entries = entries.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        entries = entries.filter(at__date__lt=filters["date_to"] + timedelta(days=1))
    return entries.order_by("-at", "-id")
