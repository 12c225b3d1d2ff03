"""The feedback desk's URLs in the URL × role matrix (records: `tests/world_parts/feedback.py`).

- intake (`feedback:new`): whoever records feedback (most staff roles and volunteers: 403 for
  the others); the confirmation after saving (`feedback:recorded_item`) is its recorder's only
  (404 for anyone else, whatever their role or designation); their list of what they recorded
  (`feedback:recorded`), status only;
- the desk list and its export: the handlers and the designated PSEA focal points (403 for
  everyone else); which rows each sees is `visible()`'s (tests/test_desk_lists.py);
- the PSEA focal points page: every member of an organisation (403 without one); designating
  and ending a designation: whoever designates (403), a designation of their organisation
  (404 for another's).
"""

from __future__ import annotations

from typing import Any

from sutura.access.feedback import may_handle_items, records_feedback
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Route,
    a_form,
    about,
    gate,
    in_view,
    page,
    post,
)
from sutura.accounts.roles import Perm, Role
from sutura.feedback.models import Category, PseaDesignation
from tests.worlds import World

ITEMS = ("item_a", "sea_a", "item_b", "sea_b", "referred_ab")


def _parts(world: World, *names: str) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["feedback"]
    return {name.replace("_", " "): ({"pk": found[name].pk}, found[name]) for name in names}


def items(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return _parts(world, *ITEMS)


def designations(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return _parts(world, "designation_a", "designation_b")


def desk(user: Any, world: World, record: Any) -> str:
    return OK if may_handle_items(user) else FORBIDDEN


def member(user: Any, world: World, record: Any) -> str:
    return OK if user.organisation_id is not None else FORBIDDEN


def recorder(user: Any, world: World, record: Any) -> str:
    return OK if records_feedback(user) else FORBIDDEN


def recorded_it(user: Any, world: World, item: Any) -> str:
    """The recorder's confirmation: 403 to whoever may not record, then 404 but to its own
    recorder."""
    if not records_feedback(user):
        return FORBIDDEN
    return OK if item.recorded_by_id == user.pk else MISSING


def _searched(world: World, item: Any) -> dict[str, Any]:
    return {"q": item.number}


def _new_item(world: World, record: Any) -> dict[str, Any]:
    """A complete item (a hotline call implicating A's case manager): recorded by whoever may
    record; the colleague is refused (the form says why) to anyone outside organisation A."""
    return {
        "channel": "hotline",
        "category": str(Category.objects.get(code="service_quality").pk),
        "received_at": "2026-01-15T10:30",
        "description": "On nous a fait attendre toute la journée.",
        "sex": "female",
        "age_group": "25_59",
        "contact_method": "phone",
        "contact_phone": "+221 77 000 00 03",
        "implicated-TOTAL_FORMS": "3",
        "implicated-INITIAL_FORMS": "0",
        "implicated-0-kind": "staff",
        "implicated-0-user": str(world.a.users[Role.CASE_MANAGER].pk),
    }


def _designate(world: World, record: Any) -> dict[str, Any]:
    return {"user": str(world.a.users[Role.CASE_MANAGER].pk), "starts_on": "2026-02-01"}


def labelled(label: str) -> Any:
    """No record: one request, named in the table."""
    return lambda world: {label: ({}, None)}


DESIGNATES = gate(Perm.DESIGNATE_PSEA)

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "feedback:new": a_form(
        page(recorder, audited=False),
        post(recorder, labelled("a complete item"), data=_new_item),
    ),
    "feedback:recorded": page(recorder),
    "feedback:recorded_item": page(recorded_it, items),
    "feedback:desk": (
        page(desk),
        page(desk, about(items), query=_searched),
    ),
    "feedback:export": (
        page(desk),
        page(desk, about(items), query=_searched),
    ),
    "feedback:focal_points": (
        page(member, audited=False),
        post(DESIGNATES),
        post(DESIGNATES, labelled("A's case manager"), data=_designate),
    ),
    "feedback:end_designation": post(
        gate(Perm.DESIGNATE_PSEA, row=in_view(PseaDesignation)), designations
    ),
}
