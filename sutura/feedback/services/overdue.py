"""Deadlines missed: the daily sweep (`manage.py notify_overdue_feedback`, run by cron) tells
whom an item concerns, once per deadline missed — its acknowledgement, then its response."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from sutura.access.feedback import overdue_unannounced, recipients_for
from sutura.core.locking import locked
from sutura.feedback.models import OPEN_STATUSES, FeedbackItem, ItemStatus
from sutura.feedback.services.intake import item_link
from sutura.notifications.messages import Text
from sutura.notifications.services import notify

ACKNOWLEDGE, RESPOND = "acknowledge", "respond"

# Code and link only: never the category, never a word of what was said.
MESSAGES = {
    ACKNOWLEDGE: gettext_noop("Feedback item %(number)s was not acknowledged in time"),
    RESPOND: gettext_noop("Feedback item %(number)s has had no response in time"),
}


def missed(item: FeedbackItem, now: Any) -> str:
    """The latest deadline the item missed: "respond", "acknowledge" or ""."""
    if item.status in OPEN_STATUSES and item.responded_at is None and now > item.respond_due:
        return RESPOND
    if item.status == ItemStatus.RECEIVED and now > item.acknowledge_due:
        return ACKNOWLEDGE
    return ""


def _told(item: FeedbackItem, deadline: str) -> bool:
    """Were its recipients already told of this deadline (or of the later one)?"""
    return item.overdue_notified == RESPOND or item.overdue_notified == deadline


def notify_overdue(*, now: Any = None) -> int:
    """Tell the recipients of each item past a deadline (its handler; without one, the focal
    points, and for an item that is not sensitive the handlers; never anyone it implicates),
    once per deadline: an item both unacknowledged and unanswered is announced once, as
    unanswered. Returns how many items were announced."""
    now = now or timezone.now()
    announced = 0
    for pk in list(overdue_unannounced(now).values_list("pk", flat=True)):
        with transaction.atomic():
            item = locked(FeedbackItem(pk=pk))
            deadline = missed(item, now)
            if not deadline or _told(item, deadline):
                continue  # answered meanwhile, or another run told them
            item.overdue_notified = deadline
            item.save(update_fields=["overdue_notified"])
            notify(
                recipients_for(item),
                Text(MESSAGES[deadline], number=item.number),
                link=item_link(item),
            )
            announced += 1
    return announced
