"""The return journey's URLs in the URL × role matrix (records: `tests/world_parts/returns.py`).

A return is read by the team of its departure case and, once handed over, by the case staff of
the receiving organisation (`access.returns.return_standing`); 404 for everyone else (B's staff
on A's return still in counselling). Departure steps are the departure team's, arrival steps
the receiving side's (403 for the other side); counselling belongs to whichever side the user
stands on. The steps' behaviour is tested in sutura/returns/tests/.
"""

from __future__ import annotations

from typing import Any

from sutura.access import can
from sutura.access.cases import works_on
from sutura.access.returns import return_standing
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Route,
    a_form,
    api,
    api_post,
    gate,
    page,
    post,
)
from sutura.accounts.roles import Perm
from tests.worlds import World

RETURNS = ("arrived_ba", "counselling_ab")
DEPARTURE_STEPS = {"facts", "document", "movement", "ready", "hand_over", "cancel"}
RECEIVING_STEPS = {"arrival", "open_case"}
# Each step asks the same two questions (the side, then the form): a receiving step on the
# return handed over, a departure step on the one in counselling (every kind of standing).
PAGE_STEPS = {"arrived_ba": ("arrival",), "counselling_ab": ("hand_over",)}


def returns(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["returns"]
    return {name.replace("_", " "): ({"pk": found[name].pk}, found[name]) for name in RETURNS}


def departure_cases(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    """A's departure case (its team, A's colleague who is not on it, B's staff)."""
    found = world.parts["returns"]["counselling_ab"]
    return {"case of counselling ab": ({"case_pk": found.departure_case_id}, found.departure_case)}


def arrived(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["returns"]["arrived_ba"]
    return {"arrived ba": ({"pk": found.pk}, found)}


def about_departure_cases(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {label: ({}, case) for label, (_kw, case) in departure_cases(world).items()}


def steps(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["returns"]
    return {
        f"{name.replace('_', ' ')} {step}": (
            {"pk": found[name].pk, "name": step},
            (found[name], step),
        )
        for name, names in PAGE_STEPS.items()
        for step in names
    }


def sees(user: Any, record: Any) -> bool:
    return return_standing(user, record).sees


def takes_step(user: Any, world: World, record: Any) -> str:
    """The role (403), the return (404), then the side the step belongs to (403)."""
    found, step = record
    if not can(user, Perm.MANAGE_CASES):
        return FORBIDDEN
    standing = return_standing(user, found)
    if not standing.sees:
        return MISSING
    if step in DEPARTURE_STEPS and not standing.departure:
        return FORBIDDEN
    if step in RECEIVING_STEPS and not standing.receiving:
        return FORBIDDEN
    return OK


def api_step(step: str) -> Any:
    def expect(user: Any, world: World, record: Any) -> str:
        return takes_step(user, world, (record, step))

    return expect


def _create(world: World, case: Any) -> dict[str, Any]:
    other = world.a if case.organisation_id == world.b.organisation.pk else world.b
    return {"case": str(case.pk), "receiving_organisation": str(other.organisation.pk)}


STAFF = gate(Perm.MANAGE_CASES)
SEES = gate(Perm.MANAGE_CASES, row=sees)
ON_CASE = gate(Perm.MANAGE_CASES, row=works_on)
COUNSELLING = {"step": "counselling", "held_on": "2026-12-01", "topics": ["rights"]}
ARRIVAL = {"step": "arrival", "arrived_on": "2026-12-01", "met_by": "Agent"}

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "returns:list": page(STAFF),
    "returns:open": a_form(page(ON_CASE, departure_cases)),
    "returns:detail": page(SEES, returns),
    "returns:step": (page(takes_step, steps), post(takes_step, steps)),
    "api-return-list": (api(STAFF), api_post(ON_CASE, about_departure_cases, data=_create)),
    "api-return-detail": api(SEES, returns),
    "api-return-steps": (
        api_post(api_step("counselling"), returns, data=COUNSELLING),
        api_post(api_step("arrival"), arrived, data=ARRIVAL),
    ),
}
