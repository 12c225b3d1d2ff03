"""Community initiatives: small projects run by the community or a partner CBO (objective,
budget and currency, partner, status, results), tagged with the organisation's programmes so
reports can be cut by donor."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sutura.access.community import community_standing
from sutura.community.models import Community, Initiative
from sutura.core.concurrency import save_versioned

INITIATIVE_FIELDS = (
    "title",
    "objective",
    "budget",
    "currency",
    "partner",
    "status",
    "starts_on",
    "ends_on",
    "results",
)


def _require_edits(actor: Any, community: Community) -> None:
    if not community_standing(actor, community).edits:
        raise PermissionDenied


def _check(data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown initiative fields: {sorted(unknown)}")


def _validate(initiative: Initiative) -> None:
    initiative.currency = (initiative.currency or "").upper()
    if initiative.budget is not None and not initiative.currency:
        raise ValidationError({"currency": _("Say in which currency the budget is.")})
    if initiative.budget is not None and initiative.budget < 0:
        raise ValidationError({"budget": _("A budget cannot be negative.")})
    if initiative.starts_on and initiative.ends_on and initiative.ends_on < initiative.starts_on:
        raise ValidationError({"ends_on": _("An initiative cannot end before it starts.")})
    initiative.full_clean(validate_constraints=False)


def _programmes(community: Community, programmes: Iterable[Any]) -> list[Any]:
    chosen = list(programmes)
    if any(p.organisation_id != community.organisation_id for p in chosen):
        raise ValidationError({"programmes": _("Choose programmes of your organisation.")})
    return chosen


@transaction.atomic
def create_initiative(
    *, actor: Any, community: Community, programmes: Iterable[Any] = (), **data: Any
) -> Initiative:
    """Record a community initiative (its protection officer)."""
    _require_edits(actor, community)
    _check(data)
    initiative = Initiative(community=community, **data)
    _validate(initiative)
    chosen = _programmes(community, programmes)
    initiative.save()
    initiative.programmes.set(chosen)
    return initiative


@transaction.atomic
def update_initiative(
    *,
    actor: Any,
    initiative: Initiative,
    expected_version: int,
    programmes: Iterable[Any] | None = None,
    **data: Any,
) -> Initiative:
    """Change an initiative: its status as it goes, its results once known."""
    _require_edits(actor, initiative.community)
    _check(data)
    for name, value in data.items():
        setattr(initiative, name, value)
    _validate(initiative)
    chosen = None if programmes is None else _programmes(initiative.community, programmes)
    initiative = save_versioned(initiative, expected_version=expected_version, fields=list(data))
    if chosen is not None:
        initiative.programmes.set(chosen)
    return initiative
