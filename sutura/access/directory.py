"""The service directory and the referral pathways: not personal data.

Every signed-in user reads the active services and pathways; withdrawn entries (or entries of
a provider no longer active) only the coordinators who keep the directory. `public_services()`
and `public_pathways()` are what anyone may read, signed in or not (the public API, maps).
Proposals are seen by their author and by the coordinators who review them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from sutura.access.permissions import can
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.directory.models import ChangeStatus, Pathway, PathwayStep, Service, ServiceChange


@register_scope(Service)
def _services(user: Any, queryset: models.QuerySet[Service]) -> models.QuerySet[Service]:
    if can(user, Perm.MANAGE_DIRECTORY):
        return queryset
    return queryset.filter(is_active=True, provider__is_active=True)


def public_services() -> models.QuerySet[Service]:
    """The directory as published to anyone (the public API, other tools' maps)."""
    return Service.objects.filter(is_active=True, provider__is_active=True)


def public_pathways() -> models.QuerySet[Pathway]:
    """Pathways in use, as published to anyone, each step naming only published services."""
    steps = PathwayStep.objects.order_by("order").prefetch_related(
        models.Prefetch("services", queryset=public_services().order_by("name_fr"))
    )
    return (
        Pathway.objects.filter(is_active=True)
        .select_related("area")
        .prefetch_related(models.Prefetch("steps", queryset=steps))
        .order_by("need", "title_fr")
    )


@register_scope(ServiceChange)
def _service_changes(user: Any, queryset: models.QuerySet[ServiceChange]) -> models.QuerySet[Any]:
    """Coordinators review every proposal; others see the ones they made and every approved
    change (an entry's history is public to its readers; pending and rejected ones are not)."""
    if can(user, Perm.MANAGE_DIRECTORY):
        return queryset
    return queryset.filter(Q(proposed_by_id=user.pk) | Q(status=ChangeStatus.APPROVED))


@register_scope(Pathway)
def _pathways(user: Any, queryset: models.QuerySet[Pathway]) -> models.QuerySet[Pathway]:
    return queryset if can(user, Perm.MANAGE_DIRECTORY) else queryset.filter(is_active=True)


@register_scope(PathwayStep)
def _pathway_steps(user: Any, queryset: models.QuerySet[PathwayStep]) -> models.QuerySet[Any]:
    return queryset.filter(pathway__in=_pathways(user, Pathway.objects.all()))
