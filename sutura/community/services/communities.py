"""Communities: their profile, their partners, and their selection for intervention (the
criteria scored as data, the rationale, who decided and when)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.access.community import community_standing
from sutura.accounts.roles import Perm
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    Community,
    CommunityPartner,
    CriterionScore,
    SelectionCriterion,
    SelectionStatus,
)
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked

PROFILE_FIELDS = (
    "name",
    "location",
    "latitude",
    "longitude",
    "outline",
    "population_estimate",
    "population_source",
    "population_on",
    "languages",
    "host_count",
    "returnee_count",
    "displaced_count",
    "transit_count",
)


def _check_fields(data: dict[str, Any]) -> None:
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown community fields: {sorted(unknown)}")
    if data.get("outline") is not None:
        data["outline"] = clean_outline(data["outline"])
    for name in ("latitude", "longitude"):
        # A GPS reading kept to six decimals (about 10 cm), whatever precision it came with.
        if isinstance(data.get(name), float | int | Decimal):
            data[name] = Decimal(str(data[name])).quantize(Decimal("0.000001"))


COMPOSITION_FIELDS = ("host_count", "returnee_count", "displaced_count", "transit_count")


def _check_composition(community: Community) -> None:
    """The host population, returnees, displaced people and migrants in transit are parts of
    the population: together they cannot be more than its estimate (a typing error, or an
    estimate to update)."""
    if community.population_estimate is None:
        return
    parts = [getattr(community, name) for name in COMPOSITION_FIELDS]
    total = sum(part for part in parts if part is not None)
    if total > community.population_estimate:
        raise ValidationError(
            {
                "population_estimate": _(
                    "The composition adds up to %(total)s people, more than the population "
                    "estimate of %(estimate)s: correct the counts or the estimate."
                )
                % {
                    "total": number_format(total, force_grouping=True),
                    "estimate": number_format(community.population_estimate, force_grouping=True),
                }
            }
        )


def _ring(ring: Any) -> list[list[float]]:
    bad = ValidationError({"outline": _("The outline's coordinates are not valid.")})
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValidationError(
            {"outline": _("Each ring of the outline needs at least four points.")}
        )
    points = []
    for point in ring:
        if not isinstance(point, list | tuple) or len(point) < 2:
            raise bad
        try:
            lon, lat = float(point[0]), float(point[1])
        except (TypeError, ValueError):
            raise bad from None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError(
                {"outline": _("A point of the outline is outside longitude/latitude bounds.")}
            )
        points.append([lon, lat])
    if points[0] != points[-1]:
        raise ValidationError(
            {"outline": _("Each ring of the outline must end on its first point.")}
        )
    return points


def clean_outline(value: Any) -> dict[str, Any] | None:
    """A community's outline as a GeoJSON geometry (Polygon or MultiPolygon), from a geometry,
    a Feature or a FeatureCollection of one polygon, as text or already parsed; refused with
    a clear message when it is not one."""
    if value in (None, "", {}):
        return None
    if isinstance(value, bytes | str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValidationError({"outline": _("The outline is not valid GeoJSON.")}) from None
    if isinstance(value, dict) and value.get("type") == "FeatureCollection":
        features = value.get("features") or []
        if len(features) != 1:
            raise ValidationError({"outline": _("Give one polygon: the community's outline.")})
        value = features[0]
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    kind = value.get("type") if isinstance(value, dict) else None
    coordinates = value.get("coordinates") if isinstance(value, dict) else None
    if kind == "Polygon" and isinstance(coordinates, list) and coordinates:
        return {"type": "Polygon", "coordinates": [_ring(ring) for ring in coordinates]}
    if kind == "MultiPolygon" and isinstance(coordinates, list) and coordinates:
        polygons = []
        for polygon in coordinates:
            if not isinstance(polygon, list) or not polygon:
                raise ValidationError({"outline": _("The outline's coordinates are not valid.")})
            polygons.append([_ring(ring) for ring in polygon])
        return {"type": "MultiPolygon", "coordinates": polygons}
    raise ValidationError({"outline": _("The outline must be a GeoJSON polygon.")})


def _check_programmes(organisation_id: Any, programmes: Iterable[Any]) -> list[Any]:
    programmes = list(programmes)
    if any(programme.organisation_id != organisation_id for programme in programmes):
        raise ValidationError({"programmes": _("Choose programmes of your organisation.")})
    return programmes


def _require_edits(actor: Any, community: Community) -> None:
    if not community_standing(actor, community).edits:
        raise PermissionDenied


@transaction.atomic
def create_community(*, actor: Any, programmes: Iterable[Any] = (), **data: Any) -> Community:
    """Open a community of the actor's organisation (a community protection officer); it
    starts as proposed for intervention."""
    require(actor, Perm.MANAGE_COMMUNITIES)
    if actor.organisation_id is None:
        raise PermissionDenied
    data = dict(data)
    _check_fields(data)
    chosen = _check_programmes(actor.organisation_id, programmes)
    community = Community(organisation_id=actor.organisation_id, **data)
    community.full_clean()
    _check_composition(community)
    community.save()
    if chosen:
        community.programmes.set(chosen)
    return community


@transaction.atomic
def update_community(
    *,
    actor: Any,
    community: Community,
    expected_version: int,
    programmes: Iterable[Any] | None = None,
    **data: Any,
) -> Community:
    """Change a community's profile; refused if it changed since it was opened."""
    _require_edits(actor, community)
    data = dict(data)
    _check_fields(data)
    for name, value in data.items():
        setattr(community, name, value)
    community.full_clean()
    _check_composition(community)
    community = save_versioned(community, expected_version=expected_version, fields=list(data))
    if programmes is not None:
        community.programmes.set(_check_programmes(community.organisation_id, programmes))
    return community


@transaction.atomic
def set_selection(
    *,
    actor: Any,
    community: Community,
    status: str,
    rationale: str = "",
    decided_on: date | None = None,
    scores: Mapping[SelectionCriterion, int] | None = None,
) -> Community:
    """Score the community on the selection criteria and record the decision (selected or not
    selected, with its rationale, date and decider), or put it back to proposed."""
    _require_edits(actor, community)
    community = locked(community)
    status = SelectionStatus(status)
    if status == SelectionStatus.PROPOSED:
        community.decided_on, community.decided_by = None, None
    else:
        if not rationale.strip():
            raise ValidationError({"selection_rationale": _("Say why the community was chosen.")})
        _check_scored(community, scores or {})
        community.decided_on = decided_on or timezone.localdate()
        community.decided_by = actor
    community.selection_status = status
    community.selection_rationale = rationale
    for criterion, score in (scores or {}).items():
        row = CriterionScore(community=community, criterion=criterion, score=score)
        row.clean_fields(exclude=["community", "criterion"])
        CriterionScore.objects.update_or_create(
            community=community, criterion=criterion, defaults={"score": score}
        )
    community.version += 1
    community.full_clean()
    community.save(
        update_fields=[
            "selection_status",
            "selection_rationale",
            "decided_on",
            "decided_by",
            "version",
            "updated_at",
        ]
    )
    return community


def _check_scored(community: Community, scores: Mapping[SelectionCriterion, int]) -> None:
    """A decision (selected or not selected) rests on the scores: every active criterion is
    scored, now or before, first."""
    scored = {criterion.pk for criterion in scores} | set(
        community.scores.values_list("criterion_id", flat=True)
    )
    missing = [c for c in SelectionCriterion.objects.filter(is_active=True) if c.pk not in scored]
    if missing:
        raise ValidationError(
            {
                "scores": _(
                    "Score every criterion before deciding on the selection; not scored yet: "
                    "%(criteria)s."
                )
                % {"criteria": "; ".join(c.name for c in missing)}
            }
        )


def weighted_score(community: Community) -> tuple[int, int]:
    """The community's weighted score and the highest it could have had (active criteria)."""
    got = sum(
        row.score * row.criterion.weight
        for row in community.scores.select_related("criterion").filter(criterion__is_active=True)
    )
    best = sum(5 * c.weight for c in SelectionCriterion.objects.filter(is_active=True))
    return got, best


@transaction.atomic
def add_partner(
    *, actor: Any, community: Community, organisation: Any, role: str, since: date | None = None
) -> CommunityPartner:
    """Name a partner organisation (a CBO…) working on the community: its staff with a
    community role then see the community (`access.community`)."""
    _require_edits(actor, community)
    if organisation.pk == community.organisation_id:
        raise ValidationError(
            {"organisation": _("The community's own organisation is no partner.")}
        )
    partner = CommunityPartner(
        community=community, organisation=organisation, role=role, since=since
    )
    partner.full_clean()
    partner.save()
    return partner


# The kinds of meeting a community holds (codes of `meetings.MeetingKind`).
COMMUNITY_MEETING_KINDS = (
    "community_consultation",
    "validation_meeting",
    "community_dialogue",
    "awareness_session",
    "training",
)


def record_meeting(
    *, actor: Any, community: Community, kind: Any, title: str, starts_at: Any, **fields: Any
) -> Any:
    """Record a consultation, validation meeting, dialogue, awareness session or training of
    the community: a meeting of the community's context, kept by the meetings app."""
    from sutura.meetings.services import create_meeting

    _require_edits(actor, community)
    if kind.code not in COMMUNITY_MEETING_KINDS:
        raise ValidationError({"kind": _("Choose a kind of community meeting.")})
    return create_meeting(
        actor,
        kind=kind,
        title=title,
        starts_at=starts_at,
        organisation=community.organisation,
        context_kind=COMMUNITY_CONTEXT,
        context_id=community.pk,
        **fields,
    )
