"""Reads of exports: a user's own, through the access layer (`sutura.access.exports`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sutura.access import get_visible_or_404, visible
from sutura.exports.models import Export, ExportStatus

ACTIVE = (ExportStatus.QUEUED, ExportStatus.RUNNING)


def exports_for(user: Any) -> QuerySet[Export]:
    return visible(user, Export).order_by("-created_at")


def export_for(user: Any, pk: Any) -> Export:
    export: Export = get_visible_or_404(user, Export, pk=pk)
    return export


def export_for_worker(pk: Any) -> Export | None:
    """The job's own row (the worker acts for its owner; the rows it writes are read as them)."""
    return Export.objects.select_related("owner").filter(pk=pk).first()
