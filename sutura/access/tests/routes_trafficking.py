"""The trafficking URLs in the URL × role matrix (records: `tests/world_parts/trafficking.py`).

The forms on a case are for its team (`works_on`: other roles 403, other cases 404). A record
is read by whoever `access.trafficking.reads` says: the case team for a record opened to it,
only the case's manager and the programme managers for a restricted one (404 for everyone
else, as for a record that does not exist); changing who reads it is for those two (403 for the
rest of the team). One record per kind of standing: restricted and case team, on each side.
"""

from __future__ import annotations

from typing import Any

from sutura.access.tests.url_matrix import (
    CASE_TEAM,
    Route,
    a_form,
    about,
    api,
    api_post,
    gate,
    on_case,
    page,
    per_side,
    post,
    row_then_gate,
    signed_in,
)
from sutura.access.trafficking import may_keep_restricted, reads
from sutura.accounts.roles import Perm
from tests.worlds import World


# A's case (its manager's), A's second case (not A's case manager's: A restricts them to
# their own), B's case.
def three_cases(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        "case A": ({"case_id": world.a.case.pk}, world.a.case),
        "other case A": ({"case_id": world.a.other_case.pk}, world.a.other_case),
        "case B": ({"case_id": world.b.case.pk}, world.b.case),
    }


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
# restricted and case team, on each side
PAGE_RECORDS = records("identification_a", "risk_a", "identification_b", "risk_b")


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

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "trafficking:identify": a_form(page(CASE_TEAM, three_cases)),
    "trafficking:assess": page(CASE_TEAM, per_side("case_id", "case")),
    "trafficking:cooperation": page(CASE_TEAM, per_side("case_id", "case")),
    "trafficking:record": page(READS, PAGE_RECORDS),
    "trafficking:confidentiality": post(
        row_then_gate(reads, _keeps),
        records("identification_a", "identification_b"),
        data=_confidentiality,
    ),
    "api-trafficking-identification-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            TEAM_ON_RECORD,
            about(api_records("identification_a", "identification_b")),
            data=_identification,
        ),
    ),
    "api-trafficking-identification-detail": api(
        READS, api_records("identification_a", "identification_b")
    ),
    "api-trafficking-risk-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(TEAM_ON_RECORD, about(api_records("risk_a")), data=_risk),
    ),
    "api-trafficking-risk-detail": api(READS, api_records("risk_a", "risk_b")),
    "api-trafficking-cooperation-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(TEAM_ON_RECORD, about(api_records("cooperation_b")), data=_cooperation),
    ),
    "api-trafficking-cooperation-detail": api(READS, api_records("cooperation_a", "cooperation_b")),
    "api-trafficking-checklist-list": api(signed_in, audited=False),
}
