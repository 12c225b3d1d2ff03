"""Reads of one item's page and of the staff API, always through `sutura.access`.

What the complainant's identity is, who read the item, who may be given it: the access layer
says (`access.feedback`); these functions only load what it allows, with the related rows a
page shows in one query each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from sutura.access import get_visible_or_404, visible
from sutura.access.accounts import colleagues
from sutura.access.feedback import (
    focal_points_of,
    item_standing,
    may_be_handler,
    reads_of_item,
    recorded_by_user,
)
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.audit.services import record_read
from sutura.feedback.models import (
    OPEN_STATUSES,
    Category,
    FeedbackItem,
    Implicated,
    ItemStatus,
    ItemStep,
)

# What an item's page and the API detail show besides the item: loaded with it.
RELATED = (
    "category",
    "handler",
    "organisation",
    "referred_to",
    "location",
    "community",
    "intake_point",
    "recorded_by",
)


# What `access.feedback.is_implicated` reads on each standing asked (the page asks several:
# the steps, the reads, each colleague who may be given it): loaded once with the item.
IMPLICATED_LINE = (
    "implicated__user__reports_to__reports_to__reports_to__reports_to",
    "implicated__user__volunteer__focal_point",
    "implicated__organisation",
    "implicated__user__reports",
    "implicated__user__supervised_volunteers",
)


def _item(user: Any, pk: Any) -> FeedbackItem:
    return get_visible_or_404(
        user,
        FeedbackItem.objects.select_related(*RELATED).prefetch_related(*IMPLICATED_LINE),
        pk=pk,
    )


def item_for(user: Any, pk: Any) -> dict[str, Any]:
    """One item (404 unless the user sees it), its standing; the read is audited."""
    item = _item(user, pk)
    record_read(user, item)
    return {"item": item, "standing": item_standing(user, item)}


def item_to_act_on(user: Any, pk: Any) -> FeedbackItem:
    """The item a step is posted on (404 unless the user sees it). Not a read: the step's
    change is what the audit log keeps; a refused step that shows the page again reads it
    through `item_for`."""
    return _item(user, pk)


def recorded_item(user: Any, pk: Any) -> FeedbackItem:
    """An item the user recorded, for its receipt again (a create retried): 404 otherwise. The
    recorder may not read the item itself (a sensitive one)."""
    found = recorded_by_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def implicated_of(user: Any, item: FeedbackItem) -> list[Implicated]:
    """Who the item names as its subject, for whoever sees it."""
    rows = visible(user, Implicated).filter(item=item).select_related("user", "organisation")
    return list(rows.order_by("created_at"))


def history_of(user: Any, item: FeedbackItem) -> list[ItemStep]:
    """Every step of the item: who, when, why."""
    rows = (
        visible(user, ItemStep)
        .filter(item=item)
        .select_related("actor", "actor__organisation", "handler", "category")
    )
    return list(rows.order_by("created_at", "pk"))


READS_SHOWN = 200


def reads_of(user: Any, item: FeedbackItem) -> list[Any]:
    """Who read the item (the audit log's entries about it, the latest `READS_SHOWN`); nothing
    for whoever may not know (`ItemStanding.sees_reads`)."""
    return list(reads_of_item(user, item, limit=READS_SHOWN))


# --- what the step forms offer -----------------------------------------------------------------


def handler_choices(user: Any, item: FeedbackItem) -> list[Any]:
    """The colleagues the item may be given to: those of the user's organisation who handle
    feedback or are its PSEA focal points, and whom the access rule lets see this item (a
    sensitive item: focal points only; never someone it implicates)."""
    handlers = colleagues(user, perm=Perm.HANDLE_FEEDBACK)
    focal = focal_points_of(item.organisation_id).values("pk")
    candidates = colleagues(user).filter(Q(pk__in=handlers.values("pk")) | Q(pk__in=focal))
    return [u for u in candidates if may_be_handler(u, item)]


def organisations_to_refer(user: Any) -> list[Organisation]:
    """The other active organisations of the platform, by name."""
    found = visible(user, Organisation).filter(is_active=True).exclude(pk=user.organisation_id)
    return list(found.order_by("name"))


def categories_for(user: Any) -> models.QuerySet[Category]:
    """The categories in use, in their order."""
    return visible(user, Category).filter(active=True).order_by("order", "code")


# --- the API's list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemFilters:
    status: str = ""
    category: str = ""  # a category's code
    overdue: bool = False

    @property
    def narrowed(self) -> bool:
        return bool(self.status or self.category or self.overdue)


def overdue_filter(now: Any = None) -> Q:
    """The filter form of `FeedbackItem.overdue()`."""
    moment = now or timezone.now()
    return Q(status=ItemStatus.RECEIVED, acknowledge_due__lt=moment) | Q(
        status__in=OPEN_STATUSES, responded_at__isnull=True, respond_due__lt=moment
    )


def items_for(user: Any, filters: ItemFilters | None = None) -> models.QuerySet[FeedbackItem]:
    """The items the user sees, newest first, narrowed by the filters."""
    given = filters or ItemFilters()
    found = visible(user, FeedbackItem).select_related(
        "category", "handler", "organisation", "referred_to"
    )
    if given.status:
        found = found.filter(status=given.status)
    if given.category:
        found = found.filter(category__code=given.category)
    if given.overdue:
        found = found.filter(overdue_filter())
    return found.order_by("-received_at", "-pk")
