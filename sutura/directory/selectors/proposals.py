"""Reads of the proposals that keep the directory current, through the access layer: the
review list, one proposal, an entry's history, and a proposal as rows a reviewer reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sutura.access import get_visible_or_404, visible
from sutura.accounts.models import Organisation
from sutura.directory.models import (
    EDITABLE_FIELDS,
    ChangeKind,
    ChangeStatus,
    Service,
    ServiceChange,
    service_snapshot,
)
from sutura.geo.countries import country_name
from sutura.geo.models import Location


def history_of(user: Any, service: Service) -> models.QuerySet[ServiceChange]:
    """The changes to an entry the user may see, newest first."""
    return (
        visible(user, ServiceChange)
        .filter(service=service)
        .select_related("proposed_by", "reviewed_by")
        .order_by("-created_at")
    )


def changes_for(user: Any, status: str = "") -> models.QuerySet[ServiceChange]:
    """Proposals the user may see (all for coordinators, their own for others), pending first."""
    changes = visible(user, ServiceChange).select_related("service", "proposed_by", "reviewed_by")
    if status:
        changes = changes.filter(status=status)
    pending_first = models.Case(
        models.When(status=ChangeStatus.PENDING, then=0),
        default=1,
        output_field=models.IntegerField(),
    )
    return changes.order_by(pending_first, "-created_at")


def pending_changes_count(user: Any) -> int:
    """Proposals awaiting review that the user may see (a coordinator's home-page card)."""
    return visible(user, ServiceChange).filter(status=ChangeStatus.PENDING).count()


def change_for(user: Any, change_id: Any) -> ServiceChange:
    queryset = ServiceChange.objects.select_related(
        "service", "service__provider", "proposed_by", "reviewed_by"
    )
    return get_visible_or_404(user, queryset, pk=change_id)


def current_values(service: Service) -> dict[str, Any]:
    """What a proposal is compared with: the editable values and whether it is offered."""
    return {**service_snapshot(service), "is_active": service.is_active}


def field_label(name: str) -> str:
    """A proposal's key as the form calls it."""
    try:
        field: Any = Service._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(capfirst(field.verbose_name))


# ---------------------------------------------------------------------------------------------
# A proposal, shown as rows a reviewer reads: field, before, proposed, now


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    before: str
    proposed: str
    now: str | None  # None for a new service or a reviewed change
    stale: bool


def change_rows(user: Any, change: ServiceChange) -> list[ChangeRow]:
    """The values a change touches, readable (choices, places and providers by name)."""
    pending = change.status == ChangeStatus.PENDING and change.service is not None
    now = current_values(change.service) if pending and change.service else {}
    keys = change.changed_fields() if change.before else sorted(change.proposed)
    if change.kind == ChangeKind.NEW:
        keys = [k for k in _field_order() if change.proposed.get(k) not in (None, "", [])]
    ids = _ids_in([change.before, change.proposed, now])
    names = _names_for(user, ids)
    rows = []
    for key in keys:
        before = change.before.get(key)
        rows.append(
            ChangeRow(
                field=key,
                label=field_label(key),
                before=readable(key, before, names) if change.before else "",
                proposed=readable(key, change.proposed.get(key), names),
                now=readable(key, now.get(key), names) if pending else None,
                stale=pending and now.get(key) != before,
            )
        )
    return rows


def _field_order() -> list[str]:
    return ["provider", *EDITABLE_FIELDS[:5], "areas", "location", *EDITABLE_FIELDS[5:]]


def _ids_in(snapshots: list[dict[str, Any]]) -> set[str]:
    ids: set[str] = set()
    for snapshot in snapshots:
        for key in ("provider", "location"):
            if snapshot.get(key):
                ids.add(str(snapshot[key]))
        ids.update(str(pk) for pk in snapshot.get("areas") or [])
    return ids


def _names_for(user: Any, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    names = {str(org.pk): str(org) for org in visible(user, Organisation).filter(pk__in=list(ids))}
    places = visible(user, Location).filter(pk__in=list(ids)).select_related("parent")
    names |= {str(place.pk): place.name for place in places}
    return names


def readable(field: str, value: Any, names: dict[str, str]) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if field in ("provider", "location"):
        return names.get(str(value), str(value))
    if field == "areas":
        return ", ".join(sorted(names.get(str(pk), str(pk)) for pk in value))
    if field == "is_active":
        return str(_("Yes") if value else _("No"))
    if field == "nationalities":
        return ", ".join(country_name(code) for code in value)
    model_field: Any = Service._meta.get_field(field)
    choices = dict(getattr(model_field, "base_field", model_field).choices or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    return str(choices.get(value, value))
