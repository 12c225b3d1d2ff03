"""The workflow of an item, as an explicit state machine: received → acknowledged → in review
(assigned) → responded → closed (the complainant informed, unreachable, or anonymous), or
referred (to another organisation, or — for a sensitive item — to an investigation channel)
and then closed. A closed item may be reopened with a reason. The category may change while
the item is open (`reclassify`): an item moved into a sensitive category leaves every list but
the focal points' at once, and its notifications to anyone who no longer sees it are deleted.

Each step is one function: it locks the row, asks once where the actor stands
(`access.feedback.item_standing`), stores an `ItemStep` (who, when, why) and tells whom the
step concerns (the reference and a link, nothing else).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access.feedback import (
    implicates_organisation,
    item_standing,
    may_be_handler,
    receivers_of,
    recipients_for,
    stale_notifications,
)
from sutura.core.concurrency import StaleVersionError
from sutura.core.locking import locked
from sutura.feedback.models import (
    Category,
    Closure,
    FeedbackItem,
    ItemStatus,
    ItemStep,
    StepKind,
)
from sutura.feedback.services.intake import dues, item_link
from sutura.notifications.messages import Text
from sutura.notifications.services import notify

S = ItemStatus

# step → (the statuses it starts from, the status it leads to; None: stays where it is)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    StepKind.ACKNOWLEDGED: (frozenset({S.RECEIVED}), S.ACKNOWLEDGED),
    StepKind.ASSIGNED: (frozenset({S.RECEIVED, S.ACKNOWLEDGED, S.IN_REVIEW}), S.IN_REVIEW),
    StepKind.RESPONDED: (frozenset({S.ACKNOWLEDGED, S.IN_REVIEW}), S.RESPONDED),
    StepKind.REFERRED: (frozenset({S.RECEIVED, S.ACKNOWLEDGED, S.IN_REVIEW}), S.REFERRED),
    StepKind.CLOSED: (frozenset({S.RESPONDED, S.REFERRED}), S.CLOSED),
    StepKind.REOPENED: (frozenset({S.CLOSED}), S.IN_REVIEW),
    StepKind.RECLASSIFIED: (
        frozenset({S.RECEIVED, S.ACKNOWLEDGED, S.IN_REVIEW, S.RESPONDED}),
        None,
    ),
}


class StepRefused(ValidationError):
    """The step does not apply to the item as it stands (the status moved meanwhile)."""


def available_steps(user: Any, item: FeedbackItem) -> list[str]:
    """The steps the user may take on the item now (pages and the API offer these)."""
    if not item_standing(user, item).handles:
        return []
    return [step for step, (starts, _to) in TRANSITIONS.items() if item.status in starts]


def _begin(
    actor: Any, item: FeedbackItem, step: str, expected_version: int | None = None
) -> FeedbackItem:
    """The locked item, once the actor may take the step on it. With `expected_version` (the
    version the page or the client read), a step on an item changed since is refused."""
    item = locked(item)
    if not item_standing(actor, item).handles:
        raise PermissionDenied(_("You may not handle this item."))
    if expected_version is not None and item.version != expected_version:
        raise StaleVersionError(
            _(
                "Someone else changed this item after you opened it, so nothing was saved. "
                "Check the item as it is now, then take the step again if it still applies."
            ),
            code="stale",
        )
    starts, _to = TRANSITIONS[step]
    if item.status not in starts:
        raise StepRefused(
            _("This step does not apply to an item that is %(status)s.")
            % {"status": item.get_status_display().lower()}
        )
    return item


def _finish(
    actor: Any, item: FeedbackItem, step: str, note: str = "", *, fields: tuple[str, ...] = ()
) -> FeedbackItem:
    before = item.status
    to = TRANSITIONS[step][1]
    if to is not None:
        item.status = to
    item.version += 1
    item.save(update_fields=["status", "version", "updated_at", *fields])
    ItemStep.objects.create(
        item=item,
        kind=step,
        from_status=before,
        to_status=item.status,
        actor=actor,
        note=note,
        handler=item.handler if step == StepKind.ASSIGNED else None,
        category=item.category if step == StepKind.RECLASSIFIED else None,
    )
    return item


@transaction.atomic
def acknowledge(
    *, actor: Any, item: FeedbackItem, note: str = "", expected_version: int | None = None
) -> FeedbackItem:
    item = _begin(actor, item, StepKind.ACKNOWLEDGED, expected_version)
    item.acknowledged_at = timezone.now()
    return _finish(actor, item, StepKind.ACKNOWLEDGED, note, fields=("acknowledged_at",))


@transaction.atomic
def assign(
    *,
    actor: Any,
    item: FeedbackItem,
    handler: Any,
    note: str = "",
    expected_version: int | None = None,
) -> FeedbackItem:
    """Give the item to a handler (who alone reads the complainant's identity). Assigning
    acknowledges an item not yet acknowledged."""
    item = _begin(actor, item, StepKind.ASSIGNED, expected_version)
    if handler is None or not may_be_handler(handler, item):
        raise ValidationError(
            {"handler": _("Choose someone of your organisation who may handle this item.")}
        )
    item.handler = handler
    if item.acknowledged_at is None:
        # the acknowledgement this implies is a step of the history of its own
        item.acknowledged_at = timezone.now()
        ItemStep.objects.create(
            item=item,
            kind=StepKind.ACKNOWLEDGED,
            from_status=item.status,
            to_status=ItemStatus.ACKNOWLEDGED,
            actor=actor,
        )
        item.status = ItemStatus.ACKNOWLEDGED
    item = _finish(actor, item, StepKind.ASSIGNED, note, fields=("handler", "acknowledged_at"))
    if handler.pk != actor.pk:
        notify(
            [handler],
            Text(gettext_noop("Feedback item %(number)s was given to you"), number=item.number),
            link=item_link(item),
        )
    return item


@transaction.atomic
def respond(
    *, actor: Any, item: FeedbackItem, response: str, expected_version: int | None = None
) -> FeedbackItem:
    item = _begin(actor, item, StepKind.RESPONDED, expected_version)
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": _("Say what was answered to the complainant.")})
    item.response = response
    item.responded_at = timezone.now()
    return _finish(actor, item, StepKind.RESPONDED, fields=("response", "responded_at"))


@transaction.atomic
def refer(
    *,
    actor: Any,
    item: FeedbackItem,
    note: str,
    organisation: Any = None,
    channel: str = "",
    expected_version: int | None = None,
) -> FeedbackItem:
    """Refer the item: to another organisation of the platform (its handlers, or for a
    sensitive item its PSEA focal points, then read it), or to an investigation channel."""
    item = _begin(actor, item, StepKind.REFERRED, expected_version)
    channel = (channel or "").strip()
    if organisation is None and not channel:
        raise ValidationError(
            {"organisation": _("Say to which organisation or channel the item is referred.")}
        )
    if organisation is not None and organisation.pk == item.organisation_id:
        raise ValidationError({"organisation": _("Choose another organisation than your own.")})
    if organisation is not None and implicates_organisation(item, organisation.pk):
        raise ValidationError(
            {
                "organisation": _(
                    "This organisation is named as implicated: none of its staff may see the "
                    "item. Refer it to an investigation channel or to another organisation."
                )
            }
        )
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the item is referred.")})
    item.referred_to = organisation
    item.referred_channel = channel[:200]
    item = _finish(
        actor, item, StepKind.REFERRED, note.strip(), fields=("referred_to", "referred_channel")
    )
    if organisation is not None:
        notify(
            receivers_of(item, organisation),
            Text(gettext_noop("Feedback item %(number)s was referred to you"), number=item.number),
            link=item_link(item),
        )
    return item


@transaction.atomic
def close(
    *,
    actor: Any,
    item: FeedbackItem,
    closure: str,
    note: str = "",
    expected_version: int | None = None,
) -> FeedbackItem:
    item = _begin(actor, item, StepKind.CLOSED, expected_version)
    if closure not in Closure.values:
        raise ValidationError({"closure": _("Say whether the complainant was informed.")})
    if closure == Closure.NO_CONTACT and not item.anonymous:
        raise ValidationError(
            {"closure": _("The complainant left a contact: were they informed or unreachable?")}
        )
    item.closure = closure
    item.closed_at = timezone.now()
    return _finish(actor, item, StepKind.CLOSED, note, fields=("closure", "closed_at"))


@transaction.atomic
def reopen(
    *, actor: Any, item: FeedbackItem, note: str, expected_version: int | None = None
) -> FeedbackItem:
    item = _begin(actor, item, StepKind.REOPENED, expected_version)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the item is reopened.")})
    item.closure = ""
    item.closed_at = None
    return _finish(actor, item, StepKind.REOPENED, note.strip(), fields=("closure", "closed_at"))


@transaction.atomic
def reclassify(
    *,
    actor: Any,
    item: FeedbackItem,
    category: Category,
    note: str,
    expected_version: int | None = None,
) -> FeedbackItem:
    """Change the category (a misclassified item). Moved into a sensitive category, the item
    leaves every list but the focal points' at once; notifications about it held by anyone
    who no longer sees it are deleted (they carried its reference and link only); its
    deadlines become the new category's."""
    item = _begin(actor, item, StepKind.RECLASSIFIED, expected_version)
    if category.pk == item.category_id:
        raise ValidationError({"category": _("The item is already in this category.")})
    if not category.active:
        raise ValidationError({"category": _("This category is no longer in use.")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the category changes.")})
    became_sensitive = category.sensitive and not item.sensitive
    item.category = category
    item.sensitive = category.sensitive
    item.acknowledge_due, item.respond_due = dues(category, item.received_at)
    if became_sensitive and item.handler_id and not _focal(item.handler, item):
        item.handler = None  # a handler who is not a focal point loses it with the rest
    item = _finish(
        actor,
        item,
        StepKind.RECLASSIFIED,
        note.strip(),
        fields=("category", "sensitive", "acknowledge_due", "respond_due", "handler"),
    )
    if became_sensitive:
        _forget_notifications(item)
        notify(
            recipients_for(item),
            Text(gettext_noop("Feedback item %(number)s needs you"), number=item.number),
            link=item_link(item),
        )
    return item


def _focal(user: Any, item: FeedbackItem) -> bool:
    return item_standing(user, item).sees


def _forget_notifications(item: FeedbackItem) -> int:
    """Delete the notifications about the item held by people who no longer see it."""
    deleted, _rows = stale_notifications(item, item_link(item)).delete()
    return deleted
