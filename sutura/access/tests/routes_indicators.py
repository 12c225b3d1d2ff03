"""The indicators API in the URL × role matrix (no records of its own: the world's).

The registry and the values answer whoever counts (`view_indicators`: programme managers, M&E
and protection officers; `view_nrm_dashboard`: NRM coordinators), 403 for everyone else; an
unknown code is not found. Aggregates name no one: no read of personal data to log.
"""

from __future__ import annotations

from typing import Any

from sutura.access.tests.url_matrix import Route, api, gate
from sutura.accounts.roles import Perm
from tests.worlds import World

COUNTS = gate(Perm.VIEW_INDICATORS, Perm.VIEW_NRM_DASHBOARD)


def _codes(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        code: ({"code": code}, None)
        for code in ("cases.registered", "referrals.made", "cases.assistance_disbursed")
    }


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "api-indicator-list": api(COUNTS, audited=False),
    "api-indicator-values": api(
        COUNTS, _codes, audited=False, query={"period": "2026", "by": "sex"}
    ),
}
