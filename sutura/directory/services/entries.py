"""Writes to the directory's entries: a service's values as a change stores them (JSON) and
back, and a coordinator's own writes (add, edit, verify). Those are recorded as approved changes,
so each entry's whole history is its ServiceChange rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.core.concurrency import save_versioned
from sutura.directory.models import (
    DECIMAL_FIELDS,
    EDITABLE_FIELDS,
    ChangeKind,
    ChangeStatus,
    Service,
    ServiceChange,
    service_snapshot,
)
from sutura.directory.selectors.proposals import current_values
from sutura.geo.models import Location

RELATED_FIELDS = ("provider", "location")
VERIFIED_FIELDS = ("last_verified_on", "last_verified_by")

# ---------------------------------------------------------------------------------------------
# Values as a change stores them (JSON) and back


def as_snapshot(data: dict[str, Any]) -> dict[str, Any]:
    """The given values in the JSON shape of `service_snapshot()` (only the keys given)."""
    values: dict[str, Any] = {}
    for field in EDITABLE_FIELDS:
        if field in data:
            value = data[field]
            if field in DECIMAL_FIELDS and value is not None:
                value = str(Decimal(value).quantize(Decimal("0.00001")))
            elif isinstance(value, tuple | set):
                value = list(value)
            values[field] = value
    for field in RELATED_FIELDS:
        if field in data:
            value = data[field]
            values[field] = str(getattr(value, "pk", value)) if value else None
    if "areas" in data:
        areas = [area for area in data["areas"] or [] if area is not None]
        values["areas"] = sorted(str(getattr(area, "pk", area)) for area in areas)
    if "is_active" in data:
        values["is_active"] = bool(data["is_active"])
    return values


def _assign(service: Service, values: dict[str, Any]) -> list[str]:
    """Set the scalar and foreign-key values on the instance; return the fields set."""
    fields: list[str] = []
    for field, value in values.items():
        if field in EDITABLE_FIELDS:
            if field in DECIMAL_FIELDS and value is not None:
                value = Decimal(str(value))
            setattr(service, field, value)
            fields.append(field)
        elif field == "provider":
            service.provider = Organisation.objects.get(pk=value)
            fields.append(field)
        elif field == "location":
            service.location = Location.objects.get(pk=value) if value else None
            fields.append(field)
        elif field == "is_active":
            service.is_active = bool(value)
            fields.append(field)
    return fields


def _check(service: Service) -> None:
    """The model's own rules (ranges, both GPS values, age range, e-mail, choices)."""
    service.full_clean(validate_unique=False)


def check_values(service: Service | None, values: dict[str, Any]) -> None:
    """Refuse values the entry could not hold (`service` None: a new entry), before anyone
    reviews them."""
    if not values.get("name_fr", "x" if service else ""):
        raise ValidationError({"name_fr": _("Give the name in French at least.")})
    if service is None and not values.get("provider"):
        raise ValidationError({"provider": _("Choose the organisation that offers the service.")})
    candidate = Service.objects.get(pk=service.pk) if service else Service()
    _assign(candidate, {k: v for k, v in values.items() if k != "provider"})
    if values.get("provider"):
        candidate.provider_id = values["provider"]
    _check(candidate)
    if (
        values.get("provider")
        and not Organisation.objects.filter(pk=values["provider"], is_active=True).exists()
    ):
        raise ValidationError({"provider": _("Choose an active organisation.")})


def _mark_verified(service: Service, reviewer: Any, today: date | None = None) -> None:
    service.last_verified_on = today or timezone.localdate()
    service.last_verified_by = reviewer


def _record_areas(actor: Any, service: Service, before: list[str], after: list[str]) -> None:
    """Areas are a many-to-many relation: the save signal does not see them, so log them."""
    if before != after:
        record(Action.UPDATE, actor=actor, obj=service, changes={"areas": [before, after]})


def write_new_entry(actor: Any, values: dict[str, Any]) -> Service:
    """Create the entry from snapshot values, verified today by `actor`. No permission check:
    for the services that already made it (a coordinator adding, or approving)."""
    service = Service()
    _assign(service, {k: v for k, v in values.items() if k != "areas"})
    _mark_verified(service, actor)
    _check(service)
    service.save()
    service.areas.set(values.get("areas") or [])
    _record_areas(actor, service, [], sorted(values.get("areas") or []))
    return service


def write_values(actor: Any, service: Service, values: dict[str, Any]) -> Service:
    """Apply snapshot values to a locked entry, verified today by `actor`. No permission check:
    for the services that already made it (approving a proposal)."""
    before_areas = service_snapshot(service)["areas"]
    fields = _assign(service, {k: v for k, v in values.items() if k != "areas"})
    _mark_verified(service, actor)
    _check(service)
    save_versioned(service, expected_version=service.version, fields=[*fields, *VERIFIED_FIELDS])
    if "areas" in values:
        service.areas.set(values["areas"])
        _record_areas(actor, service, before_areas, sorted(values["areas"]))
    return service


# ---------------------------------------------------------------------------------------------
# A coordinator's own writes (recorded as approved changes, so the history is in one place)


def _recorded(
    actor: Any,
    service: Service,
    kind: str,
    before: dict[str, Any],
    after: Any,
    comment: str = "",
) -> None:
    ServiceChange.objects.create(
        service=service,
        kind=kind,
        before=before,
        proposed=after,
        comment=comment,
        proposed_by=actor,
        status=ChangeStatus.APPROVED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )


@transaction.atomic
def create_service(*, actor: Any, data: dict[str, Any], comment: str = "") -> Service:
    """A coordinator adds a service directly (recorded as an approved new-service change)."""
    require(actor, Perm.MANAGE_DIRECTORY)
    values = as_snapshot(data)
    values.pop("is_active", None)
    check_values(None, values)
    service = write_new_entry(actor, values)
    _recorded(actor, service, ChangeKind.NEW, {}, values, comment)
    return service


@transaction.atomic
def edit_service(
    *, actor: Any, service: Service, expected_version: int, data: dict[str, Any]
) -> Service:
    """A coordinator edits an entry; refused if someone saved it since they opened it. The entry
    counts as verified by them today."""
    require(actor, Perm.MANAGE_DIRECTORY)
    current = current_values(service)
    given = as_snapshot(data)
    changed = {k: v for k, v in given.items() if current.get(k) != v}
    if changed.get("name_fr", "x") == "":
        raise ValidationError({"name_fr": _("Give the name in French at least.")})
    before_areas = current["areas"]
    fields = _assign(service, {k: v for k, v in changed.items() if k != "areas"})
    _mark_verified(service, actor)
    _check(service)
    save_versioned(service, expected_version=expected_version, fields=[*fields, *VERIFIED_FIELDS])
    if "areas" in changed:
        service.areas.set(changed["areas"])
        _record_areas(actor, service, before_areas, changed["areas"])
    kind = ChangeKind.UPDATE if changed else ChangeKind.VERIFY
    if changed.get("is_active") is False:
        kind = ChangeKind.CLOSE
    _recorded(actor, service, kind, {k: current.get(k) for k in changed}, changed)
    return service


@transaction.atomic
def verify_service(*, actor: Any, service: Service) -> Service:
    """A coordinator confirms the entry is still right: last verified today, by them."""
    require(actor, Perm.MANAGE_DIRECTORY)
    locked = Service.objects.select_for_update().get(pk=service.pk)
    _mark_verified(locked, actor)
    save_versioned(locked, expected_version=locked.version, fields=VERIFIED_FIELDS)
    _recorded(actor, locked, ChangeKind.VERIFY, {}, {})
    return locked
