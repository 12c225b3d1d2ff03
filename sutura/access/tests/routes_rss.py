"""The sustainability survey in the URL × role matrix (records: `tests/world_parts/rss.py`).
A survey follows its case, for the case team (`sutura/access/rss.py`): roles without case work
get 403, everyone else who does not work on the case (the other organisation, A's second case
manager, the case's mentor) 404. The distribution is for whoever reads indicators (figures of
their own organisation's cases, never rows: no read to audit)."""

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
from sutura.rss.tests.examples import EXAMPLE_B
from tests.worlds import World


def _of(sides: tuple[str, ...] = ("a", "b")) -> Any:
    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        found = world.parts["rss"]
        return {
            f"baseline survey {side.upper()}": (
                {"pk": found[f"baseline_{side}"].pk},
                found[f"baseline_{side}"],
            )
            for side in sides
        }

    return records


def _on_case(user: Any, record: Any) -> bool:
    return works_on(user, record.case)


TEAM = gate(Perm.MANAGE_CASES, row=_on_case)
ROW = gate(row=_on_case)
LIST = gate(Perm.MANAGE_CASES)
both, baseline_a = _of(), _of(("a",))

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "rss:survey_new": a_form(
        page(CASE_TEAM, lambda w: {"case A": ({"case_id": w.a.case.pk}, w.a.case)})
    ),
    "rss:survey": page(TEAM, both),
    "rss:survey_edit": a_form(page(TEAM, baseline_a)),
    "rss:distribution": page(gate(Perm.VIEW_INDICATORS), audited=False),
    "api-rss-survey-list": (
        api(LIST),
        api_post(
            TEAM,
            about(baseline_a),
            data=with_record(
                lambda r: {
                    "case": str(r.case_id),
                    "kind": "follow_up",
                    "offset_months": 3,
                    "answers": EXAMPLE_B,
                }
            ),
        ),
    ),
    "api-rss-survey-detail": api(ROW, both),
    "api-rss-survey-correct": api_post(TEAM, baseline_a, data={"answers": EXAMPLE_B}),
}
