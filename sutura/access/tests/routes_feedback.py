"""The feedback desk's URLs in the URL × role matrix (records: `tests/world_parts/feedback.py`).

An item is read by whoever `access.feedback.item_standing` says sees it: the handlers and focal
points of its organisation (and of the organisation it was referred to) for a normal item, the
designated PSEA focal points only for a sensitive one, never anyone it implicates (404 for
everyone else, as for a record that does not exist). Its steps (page and API) are taken by the
side that holds it (`handles`): the side it was referred to reads it and gets 403 on a step.
The API's list answers 403 to whoever could handle no item at all; intake is for whoever
records feedback (`records_feedback`).
"""

from __future__ import annotations

from typing import Any

from sutura.access.feedback import item_standing, may_handle_items, records_feedback, sees_item
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    OK,
    Route,
    api,
    api_post,
    gate,
    page,
    post,
    row_then_gate,
    signed_in,
)
from tests.worlds import World

ITEMS = ("item_a", "sea_a", "item_b", "sea_b", "referred_ab")
STEPS = ("acknowledge", "assign", "respond", "refer", "close", "reopen", "reclassify")
# Every step asks the same standing (`handles`) before anything else: the page's one route is
# asked with three steps (a plain one, the one that lists handlers, the one that may take the
# item out of sight) on every item; each API step, its own route, on one item of each kind of
# standing (A's sensitive item, B's item, the item A referred to B). The steps' behaviour is
# tested in sutura/feedback/tests/test_items_steps.py and test_api_items.py.
PAGE_STEPS = ("acknowledge", "assign", "reclassify")
API_STEP_ITEMS = ("sea_a", "item_b", "referred_ab")


def items(world: World, names: tuple[str, ...] = ITEMS) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["feedback"]
    return {name.replace("_", " "): ({"pk": found[name].pk}, found[name]) for name in names}


def some_items(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return items(world, API_STEP_ITEMS)


def items_with(step: str) -> Any:
    """Every item, each as the address of one step of it."""

    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {
            f"{label} {step}": ({**kwargs, "step": step}, item)
            for label, (kwargs, item) in items(world).items()
        }

    return records


def _handles(user: Any, item: Any) -> bool:
    return item_standing(user, item).handles


def _desk(user: Any, world: World, record: Any) -> str:
    return OK if may_handle_items(user) else FORBIDDEN


def _records(user: Any, world: World, record: Any) -> str:
    return OK if records_feedback(user) else FORBIDDEN


# What each step sends (the side decides the answer, not the input: a refused input or a step
# the status does not allow is still "answered").
def _step_data(world: World, item: Any, step: str) -> dict[str, Any]:
    a, b = world.a, world.b
    other = b.organisation if item.organisation_id == a.organisation.pk else a.organisation
    return {
        "acknowledge": {"note": "Reçu"},
        "assign": {"handler": item.handler_id or ""},
        "respond": {"response": "Réponse donnée"},
        "refer": {"organisation": str(other.pk), "note": "Relève de l'autre organisation"},
        "close": {"closure": "informed", "note": "Informée"},
        "reopen": {"note": "Rappel"},
        "reclassify": {"category": "information_request", "note": "Une question"},
    }[step] | {"version": item.version}


def _page_data(step: str) -> Any:
    def data(world: World, item: Any) -> dict[str, Any]:
        given = _step_data(world, item, step)
        if step == "reclassify":  # the page names a category by its id
            from sutura.feedback.models import Category

            given["category"] = str(Category.objects.get(code="information_request").pk)
        return {f"{step}-{name}": value for name, value in given.items()}

    return data


def _api_data(step: str) -> Any:
    return lambda world, item: _step_data(world, item, step)


def _new_item(world: World, record: Any) -> dict[str, Any]:
    return {"category": "service_quality", "channel": "hotline", "description": "Trop d'attente."}


SEES_ITEM = gate(row=sees_item)
HANDLES = row_then_gate(sees_item, _handles)

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "feedback:item": page(SEES_ITEM, items),
    "feedback:item_step": tuple(
        post(HANDLES, items_with(step), data=_page_data(step)) for step in PAGE_STEPS
    ),
    "api-feedback-item-list": (api(_desk), api_post(_records, data=_new_item)),
    "api-feedback-item-detail": api(SEES_ITEM, items),
    **{
        f"api-feedback-item-{step}": api_post(HANDLES, some_items, data=_api_data(step))
        for step in STEPS
    },
    "api-feedback-category-list": api(signed_in, audited=False),
}
