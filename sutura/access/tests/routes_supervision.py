"""The supervision URLs in the URL × role matrix (records: `tests/world_parts/supervision.py`).

The caseload pages, the reassignment (page and API) and the caseload API are for the
organisation's supervisors (`Perm.SUPERVISE_CASELOADS`: 403 for everyone else); another
organisation's case manager or case is not found (404). A supervision note is read by the
organisation's supervisors and the case's own case manager (`access.supervision.reads_notes`),
404 for anyone else; the supervisors write them on the cases of their organisation. A case
conference's context page is the case, for its team.
"""

from __future__ import annotations

from typing import Any

from sutura.access.cases import works_on
from sutura.access.supervision import case_managers, reads_notes
from sutura.access.tests.url_matrix import (
    Route,
    about,
    api,
    api_post,
    each_case,
    gate,
    page,
    per_side,
    post,
)
from sutura.accounts.roles import Perm, Role
from sutura.cases.models import Case
from tests.worlds import World

SUPERVISES = gate(Perm.SUPERVISE_CASELOADS)


def _manages(user: Any, manager: Any) -> bool:
    return case_managers(user).filter(pk=manager.pk).exists()


def _case_managers(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        f"case manager {name}": (
            {"user_id": side.users[Role.CASE_MANAGER].pk},
            side.users[Role.CASE_MANAGER],
        )
        for name, side in (("A", world.a), ("B", world.b))
    }


def _colleague_cases(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    """Each side's second case (its colleague's): the one a reassignment moves."""
    return {
        f"other_case {name}": ({}, side.other_case)
        for name, side in (("A", world.a), ("B", world.b))
    }


def _conference_cases(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = each_case("pk")(world)
    return {label: found[label] for label in ("case A", "other_case A", "case B")}


def _reassign_page(world: World, case: Any) -> dict[str, Any]:
    current = Case.objects.get(pk=case.pk)
    side = world.a if case.organisation_id == world.a.organisation.pk else world.b
    return {
        "source": current.case_manager_id,
        "cases": f"{current.pk}:{current.version}",
        "case_manager": side.users[Role.CASE_MANAGER].pk,
    }


def _reassign_api(world: World, case: Any) -> dict[str, Any]:
    current = Case.objects.get(pk=case.pk)
    side = world.a if case.organisation_id == world.a.organisation.pk else world.b
    return {
        "cases": [{"id": str(current.pk), "version": current.version}],
        "case_manager": side.users[Role.CASE_MANAGER].pk,
    }


def _supervises_case(user: Any, world: World, case: Any) -> str:
    return gate(Perm.SUPERVISE_CASELOADS, row=works_on)(user, world, case)


def _notes(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["supervision"]
    return {name: ({"pk": found[name].pk}, found[name]) for name in ("note_a", "note_b")}


def _note(world: World, case: Any) -> dict[str, Any]:
    return {"noted_on": "2026-02-01", "text": "Point fait en supervision."}


def _api_note(world: World, case: Any) -> dict[str, Any]:
    return {"case": str(case.pk), "text": "Point fait en supervision."}


def _reads(user: Any, world: World, note: Any) -> str:
    return "ok" if reads_notes(user, note.case) else "404"


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "supervision:caseload": page(SUPERVISES),
    "supervision:caseload_cases": page(
        gate(Perm.SUPERVISE_CASELOADS, row=_manages), _case_managers
    ),
    "supervision:reassign": (
        # without a case manager chosen, the page lists colleagues only: no one's file
        page(SUPERVISES, audited=False),
        post(_supervises_case, _colleague_cases, data=_reassign_page),
    ),
    # One case per side: a supervisor stands the same on every case of their organisation.
    "supervision:note_add": (
        page(gate(Perm.SUPERVISE_CASELOADS, row=works_on), per_side("case_id", "case")),
        post(gate(Perm.SUPERVISE_CASELOADS, row=works_on), per_side("case_id", "case"), data=_note),
    ),
    # A's two cases (A shows its case managers only their own) and one of B's.
    "supervision:conference_case": page(gate(row=works_on), _conference_cases),
    "api-supervision-caseload-list": api(SUPERVISES),
    "api-supervision-reassignment-list": api_post(
        _supervises_case, _colleague_cases, data=_reassign_api
    ),
    "api-supervision-note-list": (
        api(gate(Perm.MANAGE_CASES)),
        api_post(
            gate(Perm.SUPERVISE_CASELOADS, row=works_on),
            about(per_side("case_id", "case")),
            data=_api_note,
        ),
    ),
    "api-supervision-note-detail": api(_reads, _notes),
}
