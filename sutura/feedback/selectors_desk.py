"""Reads of the feedback desk (the lists, the counts on the home page, the recorder's
confirmation, the PSEA focal points), always through `sutura.access`.

The desk's search matches an item's **reference** or its **tracking code** only, never the
words of a complaint: a search in what complainants said would let anyone at the desk fish
for a name, a place or a colleague across every item they see (who complained about whom),
which is what the confidentiality of this mechanism must prevent. A handler who needs an item
asks for it by its reference, as the complainant does by their code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.feedback import recorded_by_user, tracking_code_for_recorder
from sutura.audit.services import record_read
from sutura.feedback.models import (
    OPEN_STATUSES,
    FeedbackItem,
    ItemStatus,
    PseaDesignation,
)
from sutura.feedback.services.intake import TRACKING_GROUPS, normal_tracking_code

CLOSED_STATES = (ItemStatus.REFERRED, ItemStatus.CLOSED)
# An export holds at most this many rows (the list counts as many: core.forms.ListPaginator).
EXPORT_MAX = 10000


@dataclass(frozen=True)
class DeskFilters:
    query: str = ""
    state: str = ""  # "open", "closed" (closed or referred) or "" (all)
    status: str = ""
    category: Any = None
    channel: str = ""
    overdue: bool = False
    mine: bool = False
    received_from: datetime | None = None
    received_before: datetime | None = None


def overdue_filter(now: datetime) -> Q:
    """Items past a deadline (`FeedbackItem.overdue()` as a filter)."""
    return Q(status=ItemStatus.RECEIVED, acknowledge_due__lt=now) | Q(
        status__in=OPEN_STATUSES, responded_at__isnull=True, respond_due__lt=now
    )


def _search(query: str) -> Q:
    """The reference (FB-2026-000042, or part of it) or the exact tracking code."""
    typed = query.strip().upper()
    found = Q(number__icontains=typed)
    code = normal_tracking_code(typed)
    if len(code) == 5 * TRACKING_GROUPS - 1:
        found |= Q(tracking_code=code)
    return found


def desk_items(
    user: Any, filters: DeskFilters | None = None, *, now: datetime | None = None
) -> models.QuerySet[FeedbackItem]:
    """The items the user sees at the desk (`visible()`: a sensitive item for the designated
    PSEA focal points only, nothing for whoever it implicates), filtered, newest first, with
    what the list shows loaded (category, handler)."""
    filters = filters or DeskFilters()
    now = now or timezone.now()
    items = visible(user, FeedbackItem.objects.select_related("category", "handler"))
    if filters.query:
        items = items.filter(_search(filters.query))
    if filters.state == "open":
        items = items.filter(status__in=OPEN_STATUSES)
    elif filters.state == "closed":
        items = items.filter(status__in=CLOSED_STATES)
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.category is not None:
        items = items.filter(category_id=filters.category.pk)
    if filters.channel:
        items = items.filter(channel=filters.channel)
    if filters.overdue:
        items = items.filter(overdue_filter(now))
    if filters.mine:
        items = items.filter(handler_id=user.pk)
    if filters.received_from is not None:
        items = items.filter(received_at__gte=filters.received_from)
    if filters.received_before is not None:
        items = items.filter(received_at__lt=filters.received_before)
    return items.order_by("-received_at", "-number")


def desk_counts(user: Any, *, now: datetime | None = None) -> dict[str, int]:
    """The home card's figures: new (received, not yet acknowledged), overdue, and assigned
    to the user while open, among the items the user sees."""
    now = now or timezone.now()
    seen = visible(user, FeedbackItem)
    return seen.aggregate(
        new=models.Count("pk", filter=Q(status=ItemStatus.RECEIVED)),
        overdue=models.Count("pk", filter=overdue_filter(now)),
        mine=models.Count("pk", filter=Q(handler_id=user.pk, status__in=OPEN_STATUSES)),
    )


# --- the recorder ------------------------------------------------------------------------------


def recorded_items(user: Any) -> models.QuerySet[FeedbackItem]:
    """The items the user recorded, newest first: reference, date and status only
    (`access.feedback.recorded_by_user` loads nothing more)."""
    return recorded_by_user(user).order_by("-received_at", "-number")


def recorded_item(user: Any, pk: Any) -> dict[str, Any]:
    """One item the user recorded, for the confirmation after saving (404 for anyone else):
    its reference and status, and — right after recording only — its tracking code. The read
    is audited (the focal points see that the recorder opened it)."""
    item = recorded_by_user(user).filter(pk=pk).first()
    if item is None:
        raise Http404
    record_read(user, item, detail=gettext_noop("recorder's confirmation"))
    return {"item": item, "tracking_code": tracking_code_for_recorder(user, item)}


# --- PSEA focal points ---------------------------------------------------------------------------


def _in_force(on: date) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def focal_points_now(user: Any, *, on: date | None = None) -> list[PseaDesignation]:
    """Who the user's organisation's PSEA focal points are today (their designations in force,
    active accounts only): every member of the organisation may know whom to tell."""
    today = on or timezone.localdate()
    found = (
        visible(user, PseaDesignation.objects.select_related("user"))
        .filter(_in_force(today))
        .order_by("starts_on")
    )
    return [d for d in found if d.user.is_active]


def designations_of(user: Any) -> list[PseaDesignation]:
    """Every designation of the user's organisation, past and future too (for whoever
    designates), latest first."""
    found = visible(user, PseaDesignation.objects.select_related("user", "designated_by"))
    return list(found.order_by("-starts_on", "-created_at"))


def designation_for(user: Any, pk: Any) -> PseaDesignation:
    return get_visible_or_404(user, PseaDesignation, pk=pk)
