"""Reads of risk analyses, assets and action plans, through the access layer: a user reaches
only the communities `access.community` lets them see (404 otherwise), and `standing` says
whether they edit them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q
from django.utils import timezone

from sutura.access import get_visible_or_404, visible
from sutura.access.community import CommunityStanding, community_standing
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    ActionPlan,
    AnalysisParticipantCount,
    Asset,
    AssetKind,
    Community,
    ProgressUpdate,
    Recommendation,
    RecommendationStatus,
    Risk,
    RiskAnalysis,
)
from sutura.community.services.plans import is_overdue, is_validated
from sutura.geo.models import Level, Location
from sutura.meetings.models import Meeting


def community_for(user: Any, pk: Any) -> Community:
    return get_visible_or_404(user, Community.objects.select_related("location"), pk=pk)


def standing(user: Any, community: Community) -> CommunityStanding:
    return community_standing(user, community)


# --- risk analyses ------------------------------------------------------------------------------


def analyses_of(user: Any, community: Community) -> list[RiskAnalysis]:
    """The community's analyses, newest first, each with its risks."""
    return list(
        visible(user, RiskAnalysis)
        .filter(community=community)
        .prefetch_related("risks")
        .order_by("-held_on", "-created_at")
    )


CARRIED_FIELDS = (
    "threat",
    "affected",
    "likelihood",
    "impact",
    "vulnerabilities",
    "capacities",
    "mitigations",
)


def earlier_risks(user: Any, analysis: RiskAnalysis) -> dict[str, Risk]:
    """The risks of the community's other analyses that this one does not have yet, one per
    key (the latest analysis's): what a new analysis may carry as "the same risk"."""
    found: dict[str, Risk] = {}
    for other in analyses_of(user, analysis.community):  # newest first
        if other.pk == analysis.pk:
            continue
        for risk in other.risks.all():
            risk.analysis = other  # already loaded: its date labels the choice
            found.setdefault(risk.key, risk)
    taken = {risk.key for risk in analysis.risks.all()}
    return {key: risk for key, risk in found.items() if key not in taken}


def carried_fields(risk: Risk) -> dict[str, Any]:
    """What a carried risk starts from: its threat, who is affected, ratings and the rest."""
    return {name: getattr(risk, name) for name in CARRIED_FIELDS}


def analysis_for(user: Any, pk: Any) -> RiskAnalysis:
    return get_visible_or_404(
        user,
        RiskAnalysis.objects.select_related("community", "meeting").prefetch_related(
            Prefetch("risks", queryset=Risk.objects.order_by("-priority", "key")),
            Prefetch(
                "participant_counts",
                queryset=AnalysisParticipantCount.objects.order_by("sex", "age_group"),
            ),
        ),
        pk=pk,
    )


def risk_for(user: Any, pk: Any) -> Risk:
    return get_visible_or_404(user, Risk.objects.select_related("analysis__community"), pk=pk)


def risks_of_community(user: Any, community: Community) -> list[Risk]:
    """Risks of the community's latest analysis first (what a recommendation answers)."""
    return list(
        visible(user, Risk)
        .filter(analysis__community=community)
        .select_related("analysis")
        .order_by("-analysis__held_on", "-priority", "key")
    )


def risks_to_answer(user: Any, community: Community, linked: Iterable[Risk] = ()) -> list[Risk]:
    """What a recommendation may answer: the risks of the community's latest analysis (an
    earlier analysis's risk is superseded by its version in the later one, so it is not
    offered twice), plus, on an edit, those it already answers."""
    latest = (
        visible(user, RiskAnalysis)
        .filter(community=community)
        .order_by("-held_on", "-created_at")
        .values("pk")[:1]
    )
    kept = [risk.pk for risk in linked]
    return list(
        visible(user, Risk)
        .filter(Q(analysis__in=latest) | Q(pk__in=kept), analysis__community=community)
        .select_related("analysis")
        .order_by("-analysis__held_on", "-priority", "key")
    )


def community_meetings(user: Any, community: Community) -> list[Meeting]:
    """The community's meetings the user sees (consultations first, then the most recent)."""
    found = list(
        visible(user, Meeting)
        .filter(context_kind=COMMUNITY_CONTEXT, context_id=community.pk)
        .select_related("kind")
        .order_by("-starts_at")[:100]
    )
    preferred = {"validation_meeting", "community_consultation"}
    return sorted(found, key=lambda meeting: meeting.kind.code not in preferred)


# --- assets -------------------------------------------------------------------------------------


def assets_of(user: Any, community: Community) -> list[Asset]:
    return list(
        visible(user, Asset)
        .filter(community=community)
        .select_related("location", "service")
        .order_by("kind", "name")
    )


def asset_for(user: Any, pk: Any) -> Asset:
    return get_visible_or_404(user, Asset.objects.select_related("community__location"), pk=pk)


# Rough centres of the countries the platform works in: where a community without a point or
# an outline is looked for on the map (zoomed on the country), else West Africa.
COUNTRY_CENTRES: dict[str, tuple[float, float]] = {
    "BF": (12.24, -1.56),
    "BJ": (9.31, 2.32),
    "CI": (7.54, -5.55),
    "CM": (7.37, 12.35),
    "GH": (7.95, -1.02),
    "GM": (13.44, -15.31),
    "GN": (9.95, -9.70),
    "GW": (11.80, -15.18),
    "LR": (6.43, -9.43),
    "ML": (17.57, -4.00),
    "MR": (21.01, -10.94),
    "NE": (17.61, 8.08),
    "NG": (9.08, 8.68),
    "SL": (8.46, -11.78),
    "SN": (14.50, -14.45),
    "TD": (15.45, 18.73),
    "TG": (8.62, 0.82),
}
WEST_AFRICA = ((13.5, -6.0), 4)


def map_frame(community: Community) -> dict[str, Any]:
    """Where a map of the community opens: on its GPS point, else on its outline (drawn on
    the map whenever it has one), else on its country, else on West Africa."""
    outline = community.outline or None
    if community.latitude is not None and community.longitude is not None:
        return {
            "center": [float(community.latitude), float(community.longitude)],
            "zoom": 14,
            "outline": outline,
        }
    if outline:
        return {"center": None, "zoom": None, "outline": outline}
    country = COUNTRY_CENTRES.get(community.location.country_code)
    if country:
        return {"center": list(country), "zoom": 6, "outline": None}
    return {"center": list(WEST_AFRICA[0]), "zoom": WEST_AFRICA[1], "outline": None}


def point_frame(community: Community | None = None, location_id: Any = None) -> dict[str, Any]:
    """Where the community form's map picker opens: as any map of the community when it
    exists; for a new one, on the country of the place chosen (after a refused submit), else
    on West Africa. `countries` lets the page move the map when a country is chosen."""
    countries = {
        str(pk): list(COUNTRY_CENTRES[code])
        for pk, code in Location.objects.filter(level=Level.COUNTRY).values_list(
            "pk", "country_code"
        )
        if code in COUNTRY_CENTRES
    }
    if community is not None:
        frame = map_frame(community)
    else:
        chosen = (
            Location.objects.filter(pk=location_id).only("country_code").first()
            if _is_uuid(location_id)
            else None
        )
        centre = COUNTRY_CENTRES.get(chosen.country_code) if chosen else None
        frame = (
            {"center": list(centre), "zoom": 6, "outline": None}
            if centre
            else {"center": list(WEST_AFRICA[0]), "zoom": WEST_AFRICA[1], "outline": None}
        )
    return frame | {"countries": countries, "fallback": list(WEST_AFRICA[0])}


def _is_uuid(value: Any) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return bool(value)


def kind_legend(assets: list[Asset]) -> list[tuple[str, str, int]]:
    """The map's legend: each kind of asset (code, label) with how many are on the map."""
    counts = Counter(a.kind for a in assets if a.latitude is not None)
    return [(code, str(label), counts[code]) for code, label in AssetKind.choices]


def asset_markers(assets: list[Asset], labels: dict[str, str]) -> dict[str, Any]:
    """GeoJSON of the assets with a point: only what a popup shows."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(asset.longitude), float(asset.latitude)],
                },
                "properties": {
                    "name": asset.name,
                    "kind": labels.get(asset.kind, asset.kind),
                    "code": asset.kind,
                },
            }
            for asset in assets
            if asset.latitude is not None and asset.longitude is not None
        ],
    }


# --- action plans -------------------------------------------------------------------------------


@dataclass
class Progress:
    """A plan's progress at a glance: recommendations by status, overdue, share done."""

    total: int = 0
    by_status: list[tuple[str, str, int]] = field(default_factory=list)  # code, label, count
    overdue: int = 0
    done_percent: int = 0
    segments: list[tuple[str, float, float]] = field(default_factory=list)  # code, x, width


def progress_of(recommendations: list[Recommendation], today: date | None = None) -> Progress:
    counts = Counter(r.status for r in recommendations)
    total = len(recommendations)
    active = total - counts[RecommendationStatus.DROPPED]
    found = Progress(
        total=total,
        by_status=[
            (code, str(label), counts[code])
            for code, label in RecommendationStatus.choices
            if counts[code]
        ],
        overdue=sum(1 for r in recommendations if is_overdue(r, today)),
        done_percent=round(100 * counts[RecommendationStatus.DONE] / active) if active else 0,
    )
    x = 0.0
    for code, _label, count in found.by_status:
        width = 100 * count / total
        found.segments.append((code, round(x, 2), round(width, 2)))
        x += width
    return found


@dataclass
class PlanView:
    plan: ActionPlan | None
    recommendations: list[Recommendation]
    progress: Progress
    validated_ids: set[Any]
    overdue_ids: set[Any]


def plan_view(user: Any, community: Community) -> PlanView:
    """The community's plan (None before its first recommendation), its recommendations with
    their risks and updates, and its progress."""
    plan = (
        visible(user, ActionPlan)
        .filter(community=community)
        .select_related("validated_at", "decision")
        .first()
    )
    recommendations: list[Recommendation] = []
    if plan is not None:
        recommendations = list(
            visible(user, Recommendation)
            .filter(plan=plan)
            .select_related("responsible_organisation")
            .prefetch_related(
                "risks",
                Prefetch(
                    "updates",
                    queryset=ProgressUpdate.objects.select_related("author").order_by(
                        "-noted_on", "-created_at"
                    ),
                ),
            )
            .order_by("order", "created_at")
        )
    today = timezone.localdate()
    return PlanView(
        plan=plan,
        recommendations=recommendations,
        progress=progress_of(recommendations, today),
        validated_ids={r.pk for r in recommendations if plan and is_validated(r, plan)},
        overdue_ids={r.pk for r in recommendations if is_overdue(r, today)},
    )


def recommendation_for(user: Any, pk: Any) -> Recommendation:
    return get_visible_or_404(
        user,
        Recommendation.objects.select_related("plan__community", "plan__decision"),
        pk=pk,
    )


@dataclass
class PlanRow:
    plan: ActionPlan
    progress: Progress
    overdue: list[Recommendation]


def plans_for(user: Any, *, editable_only: bool = False) -> list[PlanRow]:
    """The action plans of the communities the user sees, with progress and what is overdue."""
    plans = visible(user, ActionPlan).select_related("community", "validated_at")
    if editable_only:
        plans = plans.filter(community__organisation_id=user.organisation_id)
    rows: dict[Any, list[Recommendation]] = {}
    for recommendation in visible(user, Recommendation).filter(plan__in=plans):
        rows.setdefault(recommendation.plan_id, []).append(recommendation)
    today = timezone.localdate()
    return [
        PlanRow(
            plan=plan,
            progress=progress_of(rows.get(plan.pk, []), today),
            overdue=sorted(
                (r for r in rows.get(plan.pk, []) if is_overdue(r, today)),
                key=lambda r: r.ends_on or today,
            ),
        )
        for plan in plans.order_by("community__name")[:200]
    ]


# --- sections of the community page -------------------------------------------------------------


def risks_section(user: Any, community: Community) -> dict[str, Any]:
    analyses = analyses_of(user, community)
    return {
        "analyses": analyses,
        "edits": standing(user, community).edits,
        "community": community,
    }


def assets_section(user: Any, community: Community) -> dict[str, Any]:
    assets = assets_of(user, community)
    return {
        "assets": assets,
        "edits": standing(user, community).edits,
        "community": community,
    }


def plan_section(user: Any, community: Community) -> dict[str, Any]:
    return {
        "view": plan_view(user, community),
        "edits": standing(user, community).edits,
        "community": community,
    }
