"""Writes to the referral pathways: a pathway for a need and an area, and its ordered steps,
each naming the services to refer to. Coordinators only."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F

from sutura.access import require
from sutura.accounts.roles import Perm
from sutura.core.concurrency import save_versioned
from sutura.directory.models import Pathway, PathwayStep

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
    """Change a pathway's need, area, texts or use; refused if someone saved it meanwhile."""
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
    *,
    actor: Any,
    step: PathwayStep,
    data: dict[str, Any],
    expected_version: int,
    position: int | None = None,
) -> PathwayStep:
    """Change a step's texts and services, and move it to `position` when one is given;
    refused if someone saved the step since it was opened (moving other steps around it does
    not count: the order is the pathway's)."""
    require(actor, Perm.MANAGE_DIRECTORY)
    Pathway.objects.select_for_update().get(pk=step.pathway_id)
    for name in STEP_FIELDS:
        if name in data:
            setattr(step, name, data[name])
    step.full_clean(exclude=["order"], validate_unique=False)
    fields = [n for n in STEP_FIELDS if n in data]
    save_versioned(step, expected_version=expected_version, fields=fields)
    if "services" in data:
        step.services.set(data["services"] or [])
    if position:
        steps = _ordered(step.pathway, exclude=step.pk)
        _place(steps, step, position)
        _renumber(step.pathway, steps)
    return step


@transaction.atomic
def remove_step(*, actor: Any, step: PathwayStep) -> None:
    """Take a step out of its pathway; the steps after it move up one place."""
    require(actor, Perm.MANAGE_DIRECTORY)
    pathway = Pathway.objects.select_for_update().get(pk=step.pathway_id)
    step.delete()
    _renumber(pathway, _ordered(pathway))
