"""Reads of the roadmap, through the access layer: the roadmaps, one version with its
priorities, actions and progress notes, and the meetings a draft may be validated at."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from sutura.access import get_visible_or_404, visible
from sutura.governance.models.roadmap import (
    Priority,
    ProgressNote,
    Roadmap,
    RoadmapAction,
    RoadmapVersion,
)


def roadmaps_for(user: Any) -> list[Roadmap]:
    versions = visible(user, RoadmapVersion).order_by("-number")
    return list(
        visible(user, Roadmap)
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="readable_versions"))
        .order_by("-starts_on", "title")
    )


def roadmap_for(user: Any, roadmap_id: Any) -> Roadmap:
    return get_visible_or_404(user, Roadmap, pk=roadmap_id)


def versions_of(user: Any, roadmap: Roadmap) -> list[RoadmapVersion]:
    return list(
        visible(user, RoadmapVersion)
        .filter(roadmap=roadmap)
        .select_related("validated_at")
        .order_by("-number")
    )


def version_for(user: Any, version_id: Any) -> RoadmapVersion:
    versions = visible(user, RoadmapVersion).select_related("roadmap", "validated_at")
    return get_visible_or_404(user, versions, pk=version_id)


def priorities_of(user: Any, version: RoadmapVersion) -> list[Priority]:
    """The version's priorities in order, each with its actions and their notes."""
    notes = visible(user, ProgressNote).select_related("author").order_by("written_on")
    actions = (
        visible(user, RoadmapAction)
        .select_related("responsible")
        .prefetch_related(Prefetch("notes", queryset=notes, to_attr="progress"))
        .order_by("order", "starts_on")
    )
    return list(
        visible(user, Priority)
        .filter(roadmap_version=version)
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("order")
    )


def priority_for(user: Any, priority_id: Any) -> Priority:
    priorities = visible(user, Priority).select_related("roadmap_version")
    return get_visible_or_404(user, priorities, pk=priority_id)


def action_for(user: Any, action_id: Any) -> RoadmapAction:
    actions = visible(user, RoadmapAction).select_related("priority", "priority__roadmap_version")
    return get_visible_or_404(user, actions, pk=action_id)
