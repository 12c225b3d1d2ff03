"""Family tracing and reunification in the URL × role matrix (records:
`tests/world_parts/tracing.py`). Every record follows its case, for the case team
(`sutura/access/tracing.py`): roles without case work get 403, everyone else who does not work
on the case (the other organisation, A's second case manager, the case's mentor) 404."""

from __future__ import annotations

from typing import Any

from sutura.access.cases import works_on
from sutura.access.tests.url_matrix import (
    CASE_TEAM,
    Route,
    a_form,
    about,
    api,
    api_post,
    gate,
    page,
    with_record,
)
from sutura.accounts.roles import Perm
from tests.worlds import World


def _of(name: str, sides: tuple[str, ...] = ("a", "b")) -> Any:
    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        found = world.parts["tracing"]
        return {
            f"{name.replace('_', ' ')} {side.upper()}": (
                {"pk": found[f"{name}_{side}"].pk},
                found[f"{name}_{side}"],
            )
            for side in sides
        }

    return records


def _on_case(user: Any, record: Any) -> bool:
    return works_on(user, record.case)


TEAM = gate(Perm.MANAGE_CASES, row=_on_case)  # pages and steps: the role, then the case
ROW = gate(row=_on_case)  # an API record: 404 for whoever is not on the case team
LIST = gate(Perm.MANAGE_CASES)
# A record of each side where the rule is read (the request's page and API detail: A shows its
# case managers only their own cases, B all of them); the steps ask the same rule on the
# record's case, each on A's record (every other kind of standing stands on it: the team, A's
# second case manager, the case's mentor, B's staff).
found, found_a = _of("found"), _of("found", ("a",))
open_a, assessment_a, visit_a = _of("open", ("a",)), _of("assessment", ("a",)), _of("visit", ("a",))
reunification_a = _of("reunification", ("a",))

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "tracing:request_new": a_form(
        page(CASE_TEAM, lambda w: {"case A": ({"case_id": w.a.case.pk}, w.a.case)})
    ),
    "tracing:request": page(TEAM, found),
    "tracing:outcome": a_form(page(TEAM, open_a)),
    "tracing:assess": a_form(page(TEAM, found_a)),
    "tracing:reunify": a_form(page(TEAM, assessment_a)),
    "tracing:visit": a_form(page(TEAM, visit_a)),
    "api-tracing-request-list": (
        api(LIST),
        api_post(
            TEAM,
            about(open_a),
            data=with_record(
                lambda r: {"case": str(r.case_id), "sought_name": "Awa", "relationship": "mother"}
            ),
        ),
    ),
    "api-tracing-request-detail": api(ROW, found),
    "api-tracing-request-outcome": api_post(
        TEAM, open_a, data={"status": "not_found", "outcome_on": "2026-03-02"}
    ),
    "api-tracing-assessment-list": (
        api(LIST),
        api_post(
            TEAM,
            about(found_a),
            data=with_record(
                lambda r: {
                    "tracing_request": str(r.pk),
                    "assessed_on": "2026-02-06",
                    "findings": "Accueil possible",
                    "recommendation": "suitable",
                }
            ),
        ),
    ),
    "api-tracing-assessment-detail": api(ROW, assessment_a),
    "api-tracing-reunification-list": (
        api(LIST),
        api_post(
            TEAM,
            about(assessment_a),
            data=with_record(lambda r: {"assessment": str(r.pk), "reunified_on": "2026-02-11"}),
        ),
    ),
    "api-tracing-reunification-detail": api(ROW, reunification_a),
    "api-tracing-visit-list": api(LIST),
    "api-tracing-visit-detail": api(ROW, visit_a),
    "api-tracing-visit-record": api_post(
        TEAM, visit_a, data={"done_on": "2026-03-20", "well_being": "fair", "placement": "stable"}
    ),
}
