"""Reads of the roadmap, through the access layer: the roadmaps, one version with its
priorities, actions and progress notes, and the meetings a draft may be validated at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404

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


@dataclass(frozen=True)
class ActionChange:
    """One action in two versions of a roadmap (matched by priority and title)."""

    priority: str
    title: str
    before: RoadmapAction | None
    after: RoadmapAction | None

    @property
    def change(self) -> str:
        """added, removed, changed (status, dates or responsible) or same."""
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        fields = ("status", "starts_on", "ends_on", "responsible_id")
        if any(getattr(self.before, f) != getattr(self.after, f) for f in fields):
            return "changed"
        return "same"


def compare_versions(
    user: Any, roadmap: Roadmap, first_id: Any, second_id: Any
) -> tuple[RoadmapVersion, RoadmapVersion, list[ActionChange]]:
    """Two versions of one roadmap, the earlier first, and each action's change."""
    one, two = version_for(user, first_id), version_for(user, second_id)
    if one.roadmap_id != roadmap.pk or two.roadmap_id != roadmap.pk or one.pk == two.pk:
        raise Http404
    before, after = sorted((one, two), key=lambda v: v.number)

    def actions(version: RoadmapVersion) -> dict[tuple[str, str], RoadmapAction]:
        return {
            (priority.title, action.title): action
            for priority in priorities_of(user, version)
            for action in priority.actions.all()
        }

    old, new = actions(before), actions(after)
    keys = [*new, *(key for key in old if key not in new)]
    return before, after, [ActionChange(p, t, old.get((p, t)), new.get((p, t))) for p, t in keys]


def priority_for(user: Any, priority_id: Any) -> Priority:
    priorities = visible(user, Priority).select_related("roadmap_version")
    return get_visible_or_404(user, priorities, pk=priority_id)


def action_for(user: Any, action_id: Any) -> RoadmapAction:
    actions = visible(user, RoadmapAction).select_related("priority", "priority__roadmap_version")
    return get_visible_or_404(user, actions, pk=action_id)
