"""Naming who an item implicates after intake (what the review found): from that moment they,
their line and their organisation (a partner) no longer see the item, and the notifications
about it they held are deleted."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.access.feedback import item_standing, line_when_named, stale_notifications
from sutura.core.locking import locked
from sutura.feedback.models import FeedbackItem, Implicated, ImplicatedKind, ItemStatus
from sutura.feedback.services.intake import item_link


@transaction.atomic
def add_implicated(
    *,
    actor: Any,
    item: FeedbackItem,
    kind: str,
    user: Any = None,
    organisation: Any = None,
    description: str = "",
) -> Implicated:
    item = locked(item)
    if not item_standing(actor, item).handles:
        raise PermissionDenied(_("You may not handle this item."))
    if item.status == ItemStatus.CLOSED:
        raise ValidationError(_("This item is closed: reopen it first."))
    description = (description or "").strip()
    if kind not in ImplicatedKind.values:
        raise ValidationError({"kind": _("Say who is implicated: staff, volunteer, partner…")})
    if user is None and organisation is None and not description:
        raise ValidationError(
            {"description": _("Name the person or organisation, or describe them.")}
        )
    if user is not None and user.pk == actor.pk:
        raise ValidationError({"user": _("Ask another handler or focal point to name you.")})
    row = Implicated.objects.create(
        item=item,
        kind=kind,
        user=user,
        organisation=organisation,
        description=description[:200],
        added_by=actor,
        kept_away=line_when_named(user),
    )
    item.version += 1
    update = ["version", "updated_at"]
    if item.handler_id and not item_standing(item.handler, item).sees:
        item.handler = None  # the handler is now kept away from it
        update.append("handler")
    item.save(update_fields=update)
    stale_notifications(item, item_link(item)).delete()
    return row
