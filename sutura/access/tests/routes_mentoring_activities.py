"""The activity log's URLs in the URL × role matrix (records:
`tests/world_parts/mentoring_activities.py`).

Mentors (`record_mentoring`) log; an activity is read by whoever `visible()` gives it to (its
mentor, their focal point, a programme manager, the team of its case) and edited by its mentor
only; an idea's status is moved by the mentor's focal point; counts are for M&E officers and
focal points (counts only)."""

from __future__ import annotations

from typing import Any

from sutura.access.mentoring import DESK_PERMS, activity_standing
from sutura.access.tests.url_matrix import (
    Route,
    a_form,
    api,
    api_post,
    gate,
    in_view,
    page,
    post,
    row_then_gate,
    signed_in,
)
from sutura.accounts.roles import Perm
from sutura.mentoring.models import Activity
from tests.worlds import World


def _parts(world: World, *names: str) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["mentoring_activities"]
    return {name.replace("_", " "): ({"pk": found[name].pk}, found[name]) for name in names}


def activities(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return _parts(world, "session_a", "session_b", "event_a")


def ideas(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return _parts(world, "idea_a", "idea_b")


def _owns(user: Any, activity: Activity) -> bool:
    return activity_standing(user, activity).owns


def _moves_idea(user: Any, activity: Activity) -> bool:
    return activity_standing(user, activity).supervises


def _new_session(world: World, record: Any) -> dict[str, Any]:
    return {
        "kind": "session",
        "case": str(world.a.case.pk),
        "session_kind": "supportive",
        "occurred_on": "2026-02-03",
    }


MENTORS = gate(Perm.RECORD_MENTORING)
COUNTS = gate(Perm.VIEW_INDICATORS, Perm.SUPERVISE_MENTORS)
SEES = gate(row=in_view(Activity))
EDITS = row_then_gate(in_view(Activity), _owns)

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "mentoring:log": page(MENTORS, audited=False),
    "mentoring:log_session": a_form(page(MENTORS)),
    "mentoring:log_event": a_form(page(MENTORS, audited=False)),
    "mentoring:log_accompaniment": a_form(page(MENTORS)),
    "mentoring:log_idea": a_form(page(MENTORS, audited=False)),
    "mentoring:activities": page(gate(*DESK_PERMS)),
    "mentoring:activity_counts": page(COUNTS, audited=False),
    "mentoring:activity": page(SEES, activities),
    "mentoring:activity_edit": a_form(page(EDITS, activities)),
    "mentoring:idea_status": post(
        row_then_gate(in_view(Activity), _moves_idea),
        ideas,
        data={"idea_status": "adopted", "version": 1},
    ),
    "api-mentoring-activity-list": (
        api(signed_in),
        api_post(MENTORS, data=_new_session),
    ),
    "api-mentoring-activity-detail": (
        api(SEES, activities),
        Route(EDITS, activities, method="patch", api=True, data={"version": 1}),
    ),
    "api-mentoring-activity-counts": api(COUNTS, audited=False),
}
