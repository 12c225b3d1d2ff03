"""Reads of the feedback app, always through `sutura.access`."""

from __future__ import annotations

from typing import Any

from sutura.access import get_visible_or_404
from sutura.access.feedback import item_standing
from sutura.audit.services import record_read
from sutura.feedback.models import FeedbackItem


def item_for(user: Any, pk: Any) -> dict[str, Any]:
    """One item (404 unless the user sees it), its standing; the read is audited."""
    item = get_visible_or_404(
        user, FeedbackItem.objects.select_related("category", "handler"), pk=pk
    )
    record_read(user, item)
    return {"item": item, "standing": item_standing(user, item)}
