"""Writes to the directory: proposals and their review, a coordinator's direct edits and
verifications, and the referral pathways. Each entry's history is its ServiceChange rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import ROLE_PERMISSIONS, Perm
from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.core.concurrency import save_versioned
from sutura.directory.models import (
    DECIMAL_FIELDS,
    EDITABLE_FIELDS,
    ChangeKind,
    ChangeStatus,
    Pathway,
    PathwayStep,
    Service,
    ServiceChange,
    service_snapshot,
)
from sutura.directory.selectors.proposals import current_values, field_label
from sutura.geo.models import Location
from sutura.notifications.services import notify

RELATED_FIELDS = ("provider", "location")
VERIFIED_FIELDS = ("last_verified_on", "last_verified_by")

# ---------------------------------------------------------------------------------------------
# Values as a proposal stores them (JSON) and back


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


def _apply(service: Service, values: dict[str, Any]) -> list[str]:
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


def _check_values(service: Service | None, values: dict[str, Any]) -> None:
    """Refuse values the entry could not hold, before anyone reviews them."""
    if not values.get("name_fr", "x" if service else ""):
        raise ValidationError({"name_fr": _("Give the name in French at least.")})
    if service is None and not values.get("provider"):
        raise ValidationError({"provider": _("Choose the organisation that offers the service.")})
    candidate = Service.objects.get(pk=service.pk) if service else Service()
    _apply(candidate, {k: v for k, v in values.items() if k != "provider"})
    if values.get("provider"):
        candidate.provider_id = values["provider"]
    _check(candidate)
    if (
        values.get("provider")
        and not Organisation.objects.filter(pk=values["provider"], is_active=True).exists()
    ):
        raise ValidationError({"provider": _("Choose an active organisation.")})


def _coordinators() -> Iterable[Any]:
    roles = [
        str(role) for role, perms in ROLE_PERMISSIONS.items() if Perm.MANAGE_DIRECTORY in perms
    ]
    return User.objects.filter(is_active=True, roles__overlap=roles)


def _link(change: ServiceChange) -> str:
    return reverse("directory:change_detail", args=[change.pk])


def _label(change: ServiceChange) -> str:
    if change.service is not None:
        return change.service.name_fr
    return str(change.proposed.get("name_fr", ""))


def _mark_verified(service: Service, reviewer: Any, today: date | None = None) -> None:
    service.last_verified_on = today or timezone.localdate()
    service.last_verified_by = reviewer


def _record_areas(actor: Any, service: Service, before: list[str], after: list[str]) -> None:
    """Areas are a many-to-many relation: the save signal does not see them, so log them."""
    if before != after:
        record(Action.UPDATE, actor=actor, obj=service, changes={"areas": [before, after]})


# ---------------------------------------------------------------------------------------------
# Proposals


@transaction.atomic
def propose_new_service(*, actor: Any, data: dict[str, Any], comment: str = "") -> ServiceChange:
    """Propose a service to add to the directory; a coordinator reviews it."""
    require(actor, Perm.PROPOSE_DIRECTORY_CHANGES)
    proposed = as_snapshot(data)
    proposed.pop("is_active", None)
    _check_values(None, proposed)
    change = ServiceChange.objects.create(
        kind=ChangeKind.NEW,
        before={},
        proposed=proposed,
        comment=comment,
        proposed_by=actor,
    )
    _tell_coordinators(actor, change)
    return change


@transaction.atomic
def propose_change(
    *,
    actor: Any,
    service: Service,
    data: dict[str, Any] | None = None,
    comment: str = "",
    kind: str = ChangeKind.UPDATE,
) -> ServiceChange:
    """Propose a change to an entry, say it is no longer offered, or confirm it is still right.

    Only the values that differ from the entry are kept, with the entry's values at that moment
    (`before`): if the entry changes meanwhile, the reviewer is told instead of overwriting it.
    """
    require(actor, Perm.PROPOSE_DIRECTORY_CHANGES)
    current = current_values(service)
    if kind == ChangeKind.UPDATE:
        given = as_snapshot(data or {})
        given.pop("is_active", None)
        proposed = {k: v for k, v in given.items() if current.get(k) != v}
        if not proposed:
            raise ValidationError(_("Nothing differs from the entry: change a value first."))
        _check_values(service, proposed)
    elif kind == ChangeKind.CLOSE:
        if not service.is_active:
            raise ValidationError(_("This service is already marked as no longer offered."))
        proposed = {"is_active": False}
    elif kind == ChangeKind.VERIFY:
        proposed = {}
    else:
        raise ValidationError({"kind": _("Choose what you are proposing.")})
    if kind == ChangeKind.CLOSE and not comment.strip():
        raise ValidationError({"comment": _("Say how you know the service is no longer offered.")})
    change = ServiceChange.objects.create(
        service=service,
        kind=kind,
        before={k: current.get(k) for k in proposed},
        proposed=proposed,
        comment=comment,
        proposed_by=actor,
    )
    _tell_coordinators(actor, change)
    return change


def _tell_coordinators(actor: Any, change: ServiceChange) -> None:
    label = _label(change)
    notify(
        [user for user in _coordinators() if user.pk != actor.pk],
        lambda: (
            _("A change to the directory awaits review"),
            _("%(kind)s: %(service)s") % {"kind": change.get_kind_display(), "service": label},
        ),
        link=_link(change),
    )


def stale_fields(change: ServiceChange, service: Service) -> list[str]:
    """Fields of a pending proposal whose value in the entry changed since it was made."""
    current = current_values(service)
    return sorted(k for k in change.proposed if current.get(k) != change.before.get(k))


def _locked_pending(change: ServiceChange) -> ServiceChange:
    locked = ServiceChange.objects.select_for_update().get(pk=change.pk)
    if locked.status != ChangeStatus.PENDING:
        raise ValidationError(_("This proposal has already been reviewed."), code="reviewed")
    return locked


@transaction.atomic
def approve_change(*, actor: Any, change: ServiceChange, comment: str = "") -> ServiceChange:
    """Apply a proposal to the directory; the entry counts as verified today by the reviewer.

    Refused when the entry changed since the proposal was made (the reviewer is told which
    values), so nobody's later edit is silently overwritten."""
    require(actor, Perm.MANAGE_DIRECTORY)
    change = _locked_pending(change)
    if change.kind == ChangeKind.NEW or change.service_id is None:
        change.service = _create(actor, change.proposed)
    else:
        service = Service.objects.select_for_update().get(pk=change.service_id)
        stale = stale_fields(change, service)
        if stale:
            labels = ", ".join(field_label(name) for name in stale)
            raise ValidationError(
                _(
                    "The entry changed after this proposal was made (%(fields)s). Nothing was "
                    "applied: compare with the entry now, then reject this proposal or edit the "
                    "entry yourself."
                )
                % {"fields": labels},
                code="stale",
            )
        _update(actor, service, change.proposed)
        change.service = service
    _close_review(actor, change, ChangeStatus.APPROVED, comment)
    return change


@transaction.atomic
def reject_change(*, actor: Any, change: ServiceChange, comment: str) -> ServiceChange:
    """Turn a proposal down, saying why; the entry stays as it is."""
    require(actor, Perm.MANAGE_DIRECTORY)
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the proposal is rejected.")})
    change = _locked_pending(change)
    _close_review(actor, change, ChangeStatus.REJECTED, comment)
    return change


def _close_review(actor: Any, change: ServiceChange, status: str, comment: str) -> None:
    change.status = status
    change.reviewed_by = actor
    change.reviewed_at = timezone.now()
    change.review_comment = comment
    change.save(
        update_fields=[
            "service",
            "status",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "updated_at",
        ]
    )
    if change.proposed_by_id == actor.pk:
        return
    label = _label(change)
    approved = status == ChangeStatus.APPROVED

    def render() -> tuple[str, str]:
        title = (
            _("Your proposal for “%(service)s” was approved")
            if approved
            else _("Your proposal for “%(service)s” was rejected")
        ) % {"service": label}
        return title, comment

    notify([change.proposed_by], render, link=_link(change))


def _create(actor: Any, values: dict[str, Any]) -> Service:
    service = Service()
    _apply(service, {k: v for k, v in values.items() if k != "areas"})
    _mark_verified(service, actor)
    _check(service)
    service.save()
    service.areas.set(values.get("areas") or [])
    _record_areas(actor, service, [], sorted(values.get("areas") or []))
    return service


def _update(actor: Any, service: Service, values: dict[str, Any]) -> Service:
    before_areas = service_snapshot(service)["areas"]
    fields = _apply(service, {k: v for k, v in values.items() if k != "areas"})
    _mark_verified(service, actor)
    _check(service)
    save_versioned(service, expected_version=service.version, fields=[*fields, *VERIFIED_FIELDS])
    if "areas" in values:
        service.areas.set(values["areas"])
        _record_areas(actor, service, before_areas, sorted(values["areas"]))
    return service


# ---------------------------------------------------------------------------------------------
# A coordinator's own writes (recorded as approved changes, so the history is in one place)


def _recorded(actor: Any, service: Service, kind: str, before: dict[str, Any], after: Any) -> None:
    now = timezone.now()
    ServiceChange.objects.create(
        service=service,
        kind=kind,
        before=before,
        proposed=after,
        proposed_by=actor,
        status=ChangeStatus.APPROVED,
        reviewed_by=actor,
        reviewed_at=now,
    )


@transaction.atomic
def create_service(*, actor: Any, data: dict[str, Any], comment: str = "") -> Service:
    """A coordinator adds a service directly (recorded as an approved new-service change)."""
    require(actor, Perm.MANAGE_DIRECTORY)
    values = as_snapshot(data)
    values.pop("is_active", None)
    _check_values(None, values)
    service = _create(actor, values)
    ServiceChange.objects.create(
        service=service,
        kind=ChangeKind.NEW,
        proposed=values,
        comment=comment,
        proposed_by=actor,
        status=ChangeStatus.APPROVED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )
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
    fields = _apply(service, {k: v for k, v in changed.items() if k != "areas"})
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


# ---------------------------------------------------------------------------------------------
# Pathways

PATHWAY_FIELDS = ("need", "area", "title_fr", "title_en", "description_fr", "description_en")
STEP_FIELDS = ("title_fr", "title_en", "detail_fr", "detail_en", "category", "urgency")


@transaction.atomic
def create_pathway(*, actor: Any, data: dict[str, Any]) -> Pathway:
    """Draw a referral pathway for a need and an area (no area: everywhere)."""
    require(actor, Perm.MANAGE_DIRECTORY)
    pathway = Pathway(**{k: data[k] for k in (*PATHWAY_FIELDS, "is_active") if k in data})
    pathway.full_clean()
    pathway.save()
    return pathway


@transaction.atomic
def update_pathway(
    *, actor: Any, pathway: Pathway, expected_version: int, data: dict[str, Any]
) -> Pathway:
    require(actor, Perm.MANAGE_DIRECTORY)
    fields = [k for k in (*PATHWAY_FIELDS, "is_active") if k in data]
    for name in fields:
        setattr(pathway, name, data[name])
    pathway.full_clean()
    return save_versioned(pathway, expected_version=expected_version, fields=fields)


def _renumber(pathway: Pathway, steps: list[PathwayStep]) -> None:
    """Number the steps 1…n in the given order. Orders are unique per pathway, so they are
    first moved out of the way (one UPDATE), then set one by one."""
    PathwayStep.objects.filter(pathway=pathway).update(order=F("order") + 1000)
    for position, step in enumerate(steps, start=1):
        step.order = position
        PathwayStep.objects.filter(pk=step.pk).update(order=position)


def _ordered(pathway: Pathway, exclude: Any = None) -> list[PathwayStep]:
    steps = PathwayStep.objects.select_for_update().filter(pathway=pathway).order_by("order")
    return [step for step in steps if step.pk != exclude]


def _place(steps: list[PathwayStep], step: PathwayStep, position: int | None) -> None:
    index = len(steps) if not position else max(0, min(position - 1, len(steps)))
    steps.insert(index, step)


@transaction.atomic
def add_step(
    *, actor: Any, pathway: Pathway, data: dict[str, Any], position: int | None = None
) -> PathwayStep:
    """Add a step (at `position`, 1 = first; at the end by default) and its services."""
    require(actor, Perm.MANAGE_DIRECTORY)
    Pathway.objects.select_for_update().get(pk=pathway.pk)
    steps = _ordered(pathway)
    step = PathwayStep(pathway=pathway, order=1000 + len(steps) + 1)
    for name in STEP_FIELDS:
        if name in data:
            setattr(step, name, data[name])
    step.full_clean(exclude=["order"])
    step.save()
    step.services.set(data.get("services") or [])
    _place(steps, step, position)
    _renumber(pathway, steps)
    return step


@transaction.atomic
def update_step(
    *, actor: Any, step: PathwayStep, data: dict[str, Any], position: int | None = None
) -> PathwayStep:
    require(actor, Perm.MANAGE_DIRECTORY)
    Pathway.objects.select_for_update().get(pk=step.pathway_id)
    for name in STEP_FIELDS:
        if name in data:
            setattr(step, name, data[name])
    step.full_clean(exclude=["order"], validate_unique=False)
    step.save(update_fields=[*[n for n in STEP_FIELDS if n in data], "updated_at"])
    if "services" in data:
        step.services.set(data["services"] or [])
    if position:
        steps = _ordered(step.pathway, exclude=step.pk)
        _place(steps, step, position)
        _renumber(step.pathway, steps)
    return step


@transaction.atomic
def remove_step(*, actor: Any, step: PathwayStep) -> None:
    require(actor, Perm.MANAGE_DIRECTORY)
    pathway = Pathway.objects.select_for_update().get(pk=step.pathway_id)
    step.delete()
    _renumber(pathway, _ordered(pathway))
