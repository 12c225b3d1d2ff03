"""Risk analyses, assets and action plans in the URL × role matrix (records:
`tests/world_parts/community.py` and `community_risks.py`).

Whoever sees a community (`access.community.community_standing(...).sees`: the owner's
officers, programme managers and M&E officers, a partner's community-role staff) reads its
analyses, comparison, assets and plan; its protection officers edit them (403 for the others
who see it); everyone else gets 404 — mentors and provider agents included, on the lists too
(`has_community_role`)."""

from __future__ import annotations

from typing import Any

from sutura.access.community import community_standing, has_community_role, record_community
from sutura.access.tests.url_matrix import (
    MISSING,
    OK,
    Records,
    Route,
    a_form,
    about,
    api,
    api_post,
    gate,
    page,
    post,
    row_then_gate,
)
from tests.worlds import World


def _sees(user: Any, record: Any) -> bool:
    community = record if hasattr(record, "organisation_id") else record_community(record)
    return community_standing(user, community).sees


def _edits(user: Any, record: Any) -> bool:
    community = record if hasattr(record, "organisation_id") else record_community(record)
    return community_standing(user, community).edits


def _role(user: Any, world: World, record: Any) -> str:
    return OK if has_community_role(user) else MISSING


def _sees_then_role(user: Any, world: World, record: Any) -> str:
    return OK if has_community_role(user) and _sees(user, record) else MISSING


SEES = gate(row=_sees)
EDITS = row_then_gate(_sees, _edits)


def _of(part: str, name: str) -> Records:
    def found(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        rows = {}
        for side in ("a", "b"):
            record = world.parts[part][side][name]
            rows[f"{name} {side.upper()}"] = ({"pk": record.pk}, record)
        return rows

    return found


communities = _of("community", "community")
analyses = _of("community", "analysis")
risks = _of("community", "risk")
assets = _of("community_risks", "asset")
plans = _of("community_risks", "plan")
recommendations = _of("community_risks", "recommendation")


def about_communities(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {label: ({}, record) for label, (_kw, record) in communities(world).items()}


def _consultation(world: World, record: Any) -> dict[str, Any]:
    side = "a" if record.pk == world.parts["community_risks"]["a"]["plan"].pk else "b"
    return {"meeting": str(world.parts["community_risks"][side]["consultation"].pk)}


def _compare(world: World, analysis: Any) -> dict[str, Any]:
    return {"before": str(analysis.pk), "after": str(analysis.pk)}


RISK = {"threat": "Vols de bétail", "affected": "Éleveurs", "likelihood": 3, "impact": 3}
ASSET = {"kind": "association", "name": "Association des femmes"}
RECOMMENDATION = {"action": "Patrouilles", "responsible_text": "Comité"}
PROGRESS = {"status": "done", "text": "Terminé"}

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "community:analyses": page(SEES, communities, audited=False),
    "community:analysis_new": a_form(page(EDITS, communities, audited=False)),
    "community:analysis_compare": page(SEES, communities, audited=False),
    "community:analysis": page(SEES, analyses, audited=False),
    "community:analysis_edit": a_form(page(EDITS, analyses, audited=False)),
    "community:risk_new": a_form(page(EDITS, analyses, audited=False)),
    "community:risk_edit": a_form(page(EDITS, risks, audited=False)),
    "community:assets": page(SEES, communities, audited=False),
    "community:asset_new": a_form(page(EDITS, communities, audited=False)),
    "community:asset_edit": a_form(page(EDITS, assets, audited=False)),
    "community:plans": page(_role, audited=False),
    "community:plan": page(SEES, communities, audited=False),
    "community:recommendation_new": a_form(page(EDITS, communities, audited=False)),
    "community:plan_validate": (
        *a_form(page(EDITS, communities, audited=False)),
        post(EDITS, communities, data=lambda world, community: _consultation_of(world, community)),
    ),
    "community:recommendation_edit": a_form(page(EDITS, recommendations, audited=False)),
    "community:progress_new": (
        *a_form(page(EDITS, recommendations, audited=False)),
        post(EDITS, recommendations, data=PROGRESS),
    ),
    "api-community-analysis-list": (
        api(_role),
        api_post(
            row_then_gate(_sees, _edits),
            about_communities,
            data=lambda world, community: {"community": str(community.pk), "held_on": "2026-04-01"},
        ),
    ),
    "api-community-analysis-detail": api(SEES, analyses, audited=False),
    "api-community-analysis-risks": api_post(EDITS, analyses, data=RISK),
    "api-community-analysis-compare": api(
        _sees_then_role, about(analyses), query=_compare, audited=False
    ),
    "api-community-asset-list": (
        api(_role),
        api_post(
            row_then_gate(_sees, _edits),
            about_communities,
            data=lambda world, community: {"community": str(community.pk), **ASSET},
        ),
    ),
    "api-community-asset-detail": (
        api(SEES, assets, audited=False),
        Route(EDITS, assets, method="patch", api=True, data={"version": 1, "name": "Chef"}),
    ),
    "api-community-plan-list": api(_role),
    "api-community-plan-detail": api(SEES, plans, audited=False),
    "api-community-plan-validate": api_post(EDITS, plans, data=_consultation),
    "api-community-recommendation-list": api_post(
        row_then_gate(_sees, _edits),
        about_communities,
        data=lambda world, community: {"community": str(community.pk), **RECOMMENDATION},
    ),
    "api-community-recommendation-detail": (
        api(SEES, recommendations, audited=False),
        Route(
            EDITS, recommendations, method="patch", api=True, data={"version": 2, "status": "done"}
        ),
    ),
    "api-community-recommendation-progress": api_post(EDITS, recommendations, data=PROGRESS),
}


def _consultation_of(world: World, community: Any) -> dict[str, Any]:
    side = "a" if community.pk == world.parts["community"]["a"]["community"].pk else "b"
    return {"meeting": str(world.parts["community_risks"][side]["consultation"].pk)}
