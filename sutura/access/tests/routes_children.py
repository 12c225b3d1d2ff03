"""The children app's URLs in the URL × role matrix (records: `tests/world_parts/children.py`).

Every page and endpoint is the case team's (`access.children`: the records follow the case):
a role that keeps no case gets 403, anyone else who does not work on the child's case 404 —
the mentor of a case included (their minimal view stops at the case), and the other
organisation. One record per side for each kind of record (A's child is assigned to A's case
manager only: A's second case manager gets 404).
"""

from __future__ import annotations

from typing import Any

from sutura.access.cases import works_on
from sutura.access.tests.url_matrix import (
    CASE_TEAM,
    Route,
    a_form,
    api,
    api_post,
    gate,
    on_case,
    page,
    post,
)
from sutura.accounts.roles import Perm
from tests.worlds import World


def _per_side(name: str, kind: str, sides: tuple[str, ...] = ("A", "B")) -> Any:
    """`kind` of each side's child's case, as the URL argument `name`."""

    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        found = world.parts["children"]
        return {
            f"{kind} {side}": (
                {name: found[f"{kind}_{side.lower()}"].pk},
                found[f"{kind}_{side.lower()}"],
            )
            for side in sides
        }

    return records


def _about(kind: str) -> Any:
    """The same records for an API create: the record goes in the data."""

    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {label: ({}, row) for label, (_kw, row) in _on_a(kind)(world).items()}

    return records


def _child_case_team(user: Any, record: Any) -> bool:
    return works_on(user, record.case)


ON_CHILD = gate(Perm.MANAGE_CASES, row=_child_case_team)
READS = gate(row=_child_case_team)
# Asked about A's child only: every kind of standing is there (A's case manager works on it,
# A's second case manager does not, B is another organisation, A's mentor mentors the case);
# one read (the BIA's) is asked about both sides (B lets every case manager see every case).
CASES = _per_side("case_id", "child_case", ("A",))


def _on_a(kind: str) -> Any:
    return _per_side("pk", kind, ("A",))


def _input(**given: Any) -> Any:
    """A whole valid body about the record's case (the case decides the answer: 404 for
    another team; the case team's may be refused as input, 400, e.g. a second profile)."""
    return lambda world, record: {"case": str(record.case_id), **given}


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "children:profile": a_form(page(CASE_TEAM, CASES)),
    "children:arrangement_new": a_form(page(CASE_TEAM, CASES)),
    "children:assessment_new": a_form(page(CASE_TEAM, CASES)),
    "children:determination_new": a_form(page(CASE_TEAM, CASES)),
    "children:check_new": a_form(page(ON_CHILD, _on_a("arrangement"))),
    "children:assessment": page(ON_CHILD, _on_a("bia")),
    "children:determination": page(ON_CHILD, _on_a("bid")),
    "children:decide": post(ON_CHILD, _on_a("bid"), data={"decision": ""}),
    "api-child-profile-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(on_case(Perm.MANAGE_CASES), _about("profile"), data=_input(status="separated")),
    ),
    "api-child-profile-detail": api(READS, _on_a("profile")),
    "api-care-arrangement-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            on_case(Perm.MANAGE_CASES),
            _about("arrangement"),
            data=_input(kind="family", started_on="2026-02-01"),
        ),
    ),
    "api-care-arrangement-detail": api(READS, _on_a("arrangement")),
    "api-care-check-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            on_case(Perm.MANAGE_CASES),
            _about("check"),
            data=lambda w, r: {
                "arrangement": str(r.arrangement_id),
                "checked_on": "2026-02-01",
                "outcome": "suitable",
            },
        ),
    ),
    "api-care-check-detail": api(READS, _on_a("check")),
    "api-bia-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            on_case(Perm.MANAGE_CASES),
            _about("bia"),
            data=_input(assessed_on="2026-02-01", childs_views="Veut rentrer"),
        ),
    ),
    "api-bia-detail": api(READS, _per_side("pk", "bia")),
    "api-bid-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            on_case(Perm.MANAGE_CASES),
            _about("bid"),
            data=_input(question="other", panel_on="2026-02-01"),
        ),
    ),
    "api-bid-detail": api(READS, _on_a("bid")),
}
