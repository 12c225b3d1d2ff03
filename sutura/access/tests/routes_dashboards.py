"""The dashboards page in the URL × role matrix (no records of its own: the world's figures).

Whoever counts (`view_indicators`: programme managers, M&E and protection officers;
`view_nrm_dashboard`: NRM coordinators) has a dashboard (`dashboards.sets.SETS`); everyone
else 403, on the page and on "count again now" (a POST). The figures are aggregates that name no
one: no read of personal data to log. A snapshot's figures (the fragment a page polls while they
are counted; records: world part `dashboards`) are their owner's alone: 404 for anyone else.
"""

from __future__ import annotations

from typing import Any

from sutura.access.tests.url_matrix import Route, gate, page, post
from sutura.accounts.roles import Perm
from tests.worlds import World

HAS_A_DASHBOARD = gate(Perm.VIEW_INDICATORS, Perm.VIEW_NRM_DASHBOARD)
OWNER = gate(
    Perm.VIEW_INDICATORS,
    Perm.VIEW_NRM_DASHBOARD,
    row=lambda user, snapshot: snapshot.user_id == user.pk,
)


def _snapshots(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["dashboards"]
    return {
        f"snapshot {s}": ({"pk": found[f"snapshot_{s}"].pk}, found[f"snapshot_{s}"]) for s in "ab"
    }


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "dashboards:dashboard": page(HAS_A_DASHBOARD, audited=False, query={"period": "2026"}),
    # "Count again now": the user's own figures of their first dashboard (a set that is not
    # theirs: 404, tested in dashboards/tests/test_snapshots.py).
    "dashboards:recount": post(HAS_A_DASHBOARD, data={"period": "2026"}),
    "dashboards:figures": page(OWNER, _snapshots, audited=False),
}
