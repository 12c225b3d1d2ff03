"""The partners part of the community URLs in the URL × role matrix (records:
`tests/world_parts/community.py` and `community_partners.py`).

Users without a community role (mentors, provider agents, case managers…) get 404 on every
page and record. Workplans are seen by the community-role staff of their organisation and of
their partner; the owner's protection officer edits them, the partner's staff and the officer
report progress. Visits follow their community or workplan; the officer records them, the
partner's staff follow up the recommendations of a visit of their workplan. Case trends follow
the community. Report pages and files: any community role.
"""

from __future__ import annotations

from typing import Any

from sutura.access.community import (
    community_standing,
    edits_visit,
    follows_up_visit,
    has_community_role,
    manages_communities,
    workplan_standing,
)
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Route,
    a_form,
    api,
    api_post,
    in_view,
    page,
    post,
    row_then_gate,
)
from sutura.community.models import (
    Community,
    MonitoringVisit,
    PlannedActivity,
    VisitRecommendation,
    Workplan,
)
from tests.worlds import World

Records = dict[str, tuple[dict[str, Any], Any]]


def _role(user: Any, world: World, record: Any) -> str:
    return OK if has_community_role(user) else MISSING


def _officer(user: Any, world: World, record: Any) -> str:
    return OK if manages_communities(user) else MISSING


def _sees(model: Any) -> Any:
    def expect(user: Any, world: World, record: Any) -> str:
        return OK if in_view(model)(user, record) else MISSING

    return expect


def _records(world: World, key: str, *names: str) -> Records:
    base, mine = world.parts["community"], world.parts["community_partners"]
    found: Records = {}
    for label in names:
        record = mine[label] if label in mine else base[label]
        found[label.replace("_", " ")] = ({key: record.pk}, record)
    return found


def workplans(key: str) -> Any:
    return lambda world: _records(world, key, "workplan_a", "workplan_b")


def activities(world: World) -> Records:
    return _records(world, "activity_id", "activity_a", "activity_b")


def visits(key: str) -> Any:
    return lambda world: _records(world, key, "visit_a", "visit_b")


def recommendations(key: str) -> Any:
    def found(world: World) -> Records:
        mine = world.parts["community_partners"]["recommendation_a"]
        theirs = VisitRecommendation.objects.get(visit=world.parts["community"]["visit_b"])
        return {
            "recommendation a": ({key: mine.pk}, mine),
            "recommendation b": ({key: theirs.pk}, theirs),
        }

    return found


def communities(key: str) -> Any:
    def found(world: World) -> Records:
        base = world.parts["community"]
        return {
            f"community {side}": ({key: base[side]["community"].pk}, base[side]["community"])
            for side in ("a", "b")
        }

    return found


def files(world: World) -> Records:
    return {fmt: ({"fmt": fmt}, None) for fmt in ("pdf", "xlsx")}


def _edits(user: Any, workplan: Workplan) -> bool:
    return workplan_standing(user, workplan).edits


def _reports(user: Any, activity: PlannedActivity) -> bool:
    return workplan_standing(user, activity.workplan).records_progress


def _follows_up(user: Any, recommendation: VisitRecommendation) -> bool:
    return follows_up_visit(user, recommendation.visit)


def _posts_workplan(user: Any, world: World, record: Any) -> str:
    if not has_community_role(user):
        return MISSING
    return OK if manages_communities(user) else FORBIDDEN


def _new_workplan(world: World, record: Any) -> dict[str, Any]:
    return {
        "partner": str(world.b.organisation.pk),
        "title": "Plan",
        "starts_on": "2026-01-01",
        "ends_on": "2026-06-30",
    }


def _posts_progress(user: Any, world: World, activity: PlannedActivity) -> str:
    if not in_view(PlannedActivity)(user, activity):
        return MISSING
    return OK if _reports(user, activity) else FORBIDDEN


def _progress_of(world: World, activity: PlannedActivity) -> dict[str, Any]:
    return {
        "activity": str(activity.pk),
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
        "achieved": 2,
        "participants": [{"sex": "female", "age_group": "25_59", "count": 9}],
    }


def _posts_visit(user: Any, world: World, community: Community) -> str:
    """No community role: 404; then the community: one the user edits is visited, one they
    only see is refused (403), one they do not see is refused as input (400)."""
    if not has_community_role(user):
        return MISSING
    standing = community_standing(user, community)
    return FORBIDDEN if standing.sees and not standing.edits else OK


def _visit_of(world: World, community: Community) -> dict[str, Any]:
    return {"visited_on": "2026-03-10", "community": str(community.pk), "findings": "RAS"}


def _activities_about(world: World) -> Records:
    return {label: ({}, record) for label, (_kw, record) in activities(world).items()}


def _communities_about(world: World) -> Records:
    return {label: ({}, record) for label, (_kw, record) in communities("pk")(world).items()}


ACTIVITY = {"community": "", "description": "Dialogue", "target": 4, "unit": "séances"}
PROGRESS = {"period_start": "2026-03-01", "period_end": "2026-03-31", "achieved": 3}
FOLLOW_UP = {"follow_up_status": "in_progress", "follow_up_note": "En cours"}


def _owns_trends(user: Any, world: Any, community: Any) -> str:
    """Case figures are the owning organisation's: a partner gets 404 like anyone else."""
    standing = community_standing(user, community)
    return OK if standing.manages or standing.oversees or standing.counts else MISSING


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "community:workplans": page(_role, audited=False),
    "community:workplan_new": a_form(page(_officer, audited=False)),
    "community:workplan": page(_sees(Workplan), workplans("workplan_id"), audited=False),
    "community:activity_new": a_form(
        page(row_then_gate(in_view(Workplan), _edits), workplans("workplan_id"), audited=False)
    ),
    "community:workplan_progress_new": a_form(
        page(row_then_gate(in_view(PlannedActivity), _reports), activities, audited=False)
    ),
    "community:visits": page(_role, audited=False),
    "community:visit_new": a_form(page(_officer, audited=False)),
    "community:visit": page(_sees(MonitoringVisit), visits("visit_id"), audited=False),
    "community:visit_answers": (
        page(
            row_then_gate(in_view(MonitoringVisit), edits_visit), visits("visit_id"), audited=False
        ),
        post(
            row_then_gate(in_view(MonitoringVisit), edits_visit), visits("visit_id"), audited=False
        ),
    ),
    "community:visit_recommendation_new": a_form(
        page(
            row_then_gate(in_view(MonitoringVisit), edits_visit), visits("visit_id"), audited=False
        )
    ),
    "community:recommendation_follow_up": (
        page(
            row_then_gate(in_view(VisitRecommendation), _follows_up),
            recommendations("recommendation_id"),
            audited=False,
        ),
        post(
            row_then_gate(in_view(VisitRecommendation), _follows_up),
            recommendations("recommendation_id"),
            data=FOLLOW_UP,
            audited=False,
        ),
    ),
    "community:case_trends": page(_owns_trends, communities("community_id"), audited=False),
    "community:reports": page(_role, audited=False),
    "community:report_file": page(_role, files),
    "api-community-workplan-list": (
        api(_role),
        api_post(_posts_workplan, data=_new_workplan),
    ),
    "api-community-workplan-detail": (
        api(_sees(Workplan), workplans("pk"), audited=False),
        Route(
            lambda u, w, r: (
                MISSING if not in_view(Workplan)(u, r) else (OK if _edits(u, r) else FORBIDDEN)
            ),
            workplans("pk"),
            method="patch",
            api=True,
            data={"version": 1},
        ),
    ),
    "api-community-workplan-activities": api_post(
        row_then_gate(in_view(Workplan), _edits), workplans("pk"), data=ACTIVITY
    ),
    "api-community-progress-list": (
        api(_role),
        api_post(_posts_progress, _activities_about, data=_progress_of),
    ),
    "api-community-progress-detail": api(
        _sees(Workplan),
        lambda world: {
            "progress a": (
                {"pk": world.parts["community_partners"]["progress_a"].pk},
                world.parts["community_partners"]["workplan_a"],
            )
        },
        audited=False,
    ),
    "api-community-visit-list": (
        api(_role),
        api_post(_posts_visit, _communities_about, data=_visit_of),
    ),
    "api-community-visit-detail": api(_sees(MonitoringVisit), visits("pk"), audited=False),
    "api-community-visit-recommendations": api_post(
        row_then_gate(in_view(MonitoringVisit), edits_visit), visits("pk"), data={"text": "Faire"}
    ),
    "api-community-visit-recommendation-list": api(_role),
    "api-community-visit-recommendation-detail": api(
        _sees(VisitRecommendation), recommendations("pk"), audited=False
    ),
    "api-community-visit-recommendation-follow-up": api_post(
        row_then_gate(in_view(VisitRecommendation), _follows_up),
        recommendations("pk"),
        data={"version": 1, **FOLLOW_UP},
    ),
    "api-community-case-trend-detail": api(_owns_trends, communities("pk"), audited=False),
    "api-community-report-list": api(_role, audited=False),
}
