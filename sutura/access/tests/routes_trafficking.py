"""The trafficking URLs in the URL × role matrix (records: `tests/world_parts/trafficking.py`).

The forms on a case are for its team (`works_on`: other roles 403, other cases 404). A record
is read by whoever `access.trafficking.reads` says: the case team for a record opened to it,
only the case's manager and the programme managers for a restricted one (404 for everyone
else, as for a record that does not exist); changing who reads it is for those two (403 for the
rest of the team).
"""

from __future__ import annotations

from typing import Any

from sutura.access.tests.url_matrix import (
    CASE_TEAM,
    Route,
    about,
    api,
    api_post,
    gate,
    on_case,
    page,
    post,
    row_then_gate,
    signed_in,
)
from sutura.access.trafficking import may_keep_restricted, reads
from sutura.accounts.roles import Perm
from tests.worlds import World


def cases(*names: str) -> Any:
    """Cases of the world by name: "case B" (B's case manager's; B's colleague works on it
    too), "other case A" (A's colleague's: A's case manager may not work on it), "case A"."""

    def found(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        known = {
            "case A": world.a.case,
            "other case A": world.a.other_case,
            "case B": world.b.case,
        }
        return {name: ({"case_id": known[name].pk}, known[name]) for name in names}

    return found


def _part(world: World, name: str) -> Any:
    return world.parts["trafficking"][name]


def records(*names: str) -> Any:
    """Records of the world part by name, as the page's address (kind and pk)."""

    def found(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {
            name.replace("_", " "): (
                {"kind": name.rsplit("_", 1)[0], "pk": _part(world, name).pk},
                _part(world, name),
            )
            for name in names
        }

    return found


def api_records(*names: str) -> Any:
    def found(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {
            name.replace("_", " "): ({"pk": _part(world, name).pk}, _part(world, name))
            for name in names
        }

    return found


def _keeps(user: Any, record: Any) -> bool:
    return may_keep_restricted(user, record.case)


READS = gate(row=reads)


def _confidentiality(world: World, record: Any) -> dict[str, Any]:
    return {"confidentiality": record.confidentiality, "version": record.version}


def _identification(world: World, record: Any) -> dict[str, Any]:
    return {
        "case": str(record.case.pk),
        "answers": {"deceived_job": "yes"},
        "status": "presumed",
        "confidentiality": "case_team",
    }


def _risk(world: World, record: Any) -> dict[str, Any]:
    return {
        "case": str(record.case.pk),
        "re_trafficking": "low",
        "trafficker_threats": "low",
        "family_risk": "low",
        "confidentiality": "case_team",
    }


def _cooperation(world: World, record: Any) -> dict[str, Any]:
    return {
        "case": str(record.case.pk),
        "decision": "does_not_wish",
        "confidentiality": "case_team",
    }


TEAM_ON_RECORD = on_case(Perm.MANAGE_CASES)

# One record per kind of standing, each asked of every user (a request costs ~60 ms): the
# forms' rule is the case team's, as for every case form; the records' rule is told apart by
# B's records (the colleague reads the team's, not the restricted one; A reads nothing of B).
ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "trafficking:identify": page(CASE_TEAM, cases("case B", "other case A")),
    "trafficking:assess": page(CASE_TEAM, cases("case A")),
    "trafficking:cooperation": Route(CASE_TEAM, cases("case B"), method="post", audited=False),
    "trafficking:record": page(READS, records("identification_b", "risk_b")),
    "trafficking:confidentiality": post(
        row_then_gate(reads, _keeps), records("identification_b"), data=_confidentiality
    ),
    "api-trafficking-identification-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(TEAM_ON_RECORD, about(api_records("identification_b")), data=_identification),
    ),
    "api-trafficking-identification-detail": api(READS, api_records("identification_b")),
    "api-trafficking-risk-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(TEAM_ON_RECORD, about(api_records("risk_a")), data=_risk),
    ),
    "api-trafficking-risk-detail": api(READS, api_records("risk_b")),
    "api-trafficking-cooperation-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(TEAM_ON_RECORD, about(api_records("cooperation_b")), data=_cooperation),
    ),
    "api-trafficking-cooperation-detail": api(READS, api_records("cooperation_a")),
    "api-trafficking-checklist-list": api(signed_in, audited=False),
}
