"""The exports URLs in the URL × role matrix (records: world part `exports`).

"My exports" is every signed-in user's page; an export is its owner's alone (404 for anyone
else, whatever their role). Asking for an export of the referrals list needs a referral
permission (403 otherwise, and for an account without an organisation).
"""

from __future__ import annotations

from typing import Any

from sutura.access.exports import owns, refusal
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    OK,
    Route,
    about,
    api,
    api_post,
    gate,
    page,
    post,
    signed_in,
)
from sutura.exports import registry
from tests.worlds import World

OWNER = gate(row=lambda user, export: owns(user, export))


def _exports(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["exports"]
    return {f"export {s}": ({"pk": found[f"export_{s}"].pk}, found[f"export_{s}"]) for s in "ab"}


def _may_export_referrals(user: Any, world: World, record: Any) -> str:
    export_list = registry.get("referrals")
    return FORBIDDEN if export_list is None or refusal(user, export_list) else OK


REFERRALS = {"list": "referrals", "format": "csv"}

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "exports:list": page(signed_in, audited=False),
    "exports:start": post(_may_export_referrals, data=REFERRALS),
    "exports:detail": page(OWNER, _exports, audited=False),
    "exports:progress": page(OWNER, _exports, audited=False),
    "exports:download": page(OWNER, _exports),
    "api-export-list": (
        api(signed_in),
        api_post(_may_export_referrals, about(_exports), data=REFERRALS),
    ),
    "api-export-detail": api(OWNER, _exports, audited=False),
    "api-export-password": api_post(OWNER, _exports, data={"reveal_key": "not-the-key"}),
    "api-export-download": api(OWNER, _exports),
}
