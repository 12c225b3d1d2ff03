"""PSEA focal points: designated by whoever may designate (programme managers), for a period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access.feedback import designates_focal_points, handles_open_items
from sutura.core.locking import locked
from sutura.feedback.models import PseaDesignation


@transaction.atomic
def designate(
    *, actor: Any, user: Any, starts_on: date | None = None, ends_on: date | None = None
) -> PseaDesignation:
    if not designates_focal_points(actor):
        raise PermissionDenied(_("You may not designate PSEA focal points."))
    if user is None or not user.is_active or user.organisation_id != actor.organisation_id:
        raise ValidationError({"user": _("Choose an active user of your organisation.")})
    starts_on = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes before the start.")})
    return PseaDesignation.objects.create(
        organisation_id=actor.organisation_id,
        user=user,
        starts_on=starts_on,
        ends_on=ends_on,
        designated_by=actor,
    )


@transaction.atomic
def end_designation(
    *, actor: Any, designation: PseaDesignation, ends_on: date | None = None
) -> PseaDesignation:
    if not designates_focal_points(actor) or designation.organisation_id != actor.organisation_id:
        raise PermissionDenied(_("You may not designate PSEA focal points."))
    designation = locked(designation)
    ends_on = ends_on or timezone.localdate()
    if handles_open_items(designation.user):
        # An open item would be left with a handler who no longer sees it (and an accused
        # designator could end the designation of the focal point handling their case).
        raise ValidationError(
            _(
                "%(name)s still handles open items: they give them to another focal point "
                "first, then the designation can end."
            )
            % {"name": designation.user.get_full_name() or designation.user.get_username()}
        )
    if ends_on < designation.starts_on:
        raise ValidationError({"ends_on": _("The end comes before the start.")})
    designation.ends_on = ends_on
    designation.version += 1
    designation.save(update_fields=["ends_on", "version", "updated_at"])
    return designation
