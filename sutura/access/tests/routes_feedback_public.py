"""The public form's URLs (no account) and the intake points' pages in the URL × role matrix
(records: `tests/world_parts/feedback.py`, `point_a` and `point_b`).

The public form, its status check and the public API answer everyone, a visitor without an
account too (`public=True`): a complaint filed, a status told, no personal data shown (so no
read in the audit log). The intake points' pages are for those who keep them
(`access.feedback.manages_intake_points`: the organisation's feedback handlers and PSEA focal
points; 403 for the others), on their own organisation's points (404 for another's).
"""

from __future__ import annotations

import time
from typing import Any

from sutura.access.feedback import manages_intake_points
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Route,
    a_form,
    api_post,
    page,
    post,
    signed_in,
)
from sutura.feedback import public_guard
from tests.worlds import World


def intake_points(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["feedback"]
    return {
        f"point {side}": (
            {"code": found[f"point_{side.lower()}"].code},
            found[f"point_{side.lower()}"],
        )
        for side in ("A", "B")
    }


def intake_points_by_pk(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        label: ({"pk": point.pk}, point) for label, (_kw, point) in intake_points(world).items()
    }


def about_point_b(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {"point B": ({}, world.parts["feedback"]["point_b"])}


def complaint(world: World, point: Any) -> dict[str, Any]:
    """What the public form posts: a stamp shown a minute ago, an anonymous complaint."""
    return {
        "stamp": public_guard.new_stamp(point.code, shown_at=time.time() - 60),
        "category": "service_quality",
        "description": "L'attente est trop longue.",
        "contact_method": "none",
    }


def api_complaint(world: World, point: Any) -> dict[str, Any]:
    return {
        "intake_point": point.code,
        "category": "service_quality",
        "description": "L'attente est trop longue.",
    }


def tracking_code(world: World, point: Any) -> dict[str, Any]:
    return {"tracking_code": world.parts["feedback"]["item_b"].tracking_code.lower()}


def keeps_points(user: Any, world: World, record: Any) -> str:
    return OK if manages_intake_points(user) else FORBIDDEN


def keeps_this_point(user: Any, world: World, point: Any) -> str:
    if not manages_intake_points(user):
        return FORBIDDEN
    return OK if point.organisation_id == user.organisation_id else MISSING


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    # --- the public form: everyone, without an account
    "feedback_public:landing": page(signed_in, intake_points, public=True, audited=False),
    "feedback_public:new": (
        page(signed_in, intake_points, public=True, audited=False),
        post(signed_in, intake_points, public=True, data=complaint),
        post(signed_in, intake_points, public=True),  # no stamp: refused, 400
    ),
    "feedback_public:status": (
        page(signed_in, public=True, audited=False),
        post(signed_in, about_point_b, public=True, data=tracking_code),
    ),
    "feedback_public:point_status": (
        page(signed_in, intake_points, public=True, audited=False),
        post(signed_in, intake_points, public=True, data=tracking_code),
    ),
    "api-feedback-public": api_post(signed_in, about_point_b, public=True, data=api_complaint),
    "api-feedback-public-status": api_post(
        signed_in, about_point_b, public=True, data=tracking_code
    ),
    # --- the intake points: those who keep them
    "feedback:points": page(keeps_points, audited=False),
    "feedback:point_new": a_form(page(keeps_points, audited=False)),
    "feedback:point_edit": a_form(page(keeps_this_point, intake_points_by_pk, audited=False)),
    "feedback:point_poster": page(keeps_this_point, intake_points_by_pk, audited=False),
}
