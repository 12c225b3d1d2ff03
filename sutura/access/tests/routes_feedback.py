"""The feedback desk's URLs in the URL × role matrix (records: `tests/world_parts/feedback.py`).

An item is read by whoever `access.feedback.item_standing` says sees it: the handlers and focal
points of its organisation (and of the organisation it was referred to) for a normal item, the
designated PSEA focal points only for a sensitive one, never anyone it implicates (404 for
everyone else, as for a record that does not exist).
"""

from __future__ import annotations

from typing import Any

from sutura.access.feedback import sees_item
from sutura.access.tests.url_matrix import Route, gate, page
from tests.worlds import World

ITEMS = ("item_a", "sea_a", "item_b", "sea_b", "referred_ab")


def items(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["feedback"]
    return {name.replace("_", " "): ({"pk": found[name].pk}, found[name]) for name in ITEMS}


SEES_ITEM = gate(row=sees_item)

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "feedback:item": page(SEES_ITEM, items),
}
