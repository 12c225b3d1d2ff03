"""The case export's URLs in the URL × role matrix (records: the world's cases, no part of its
own). The case team only (`access.caseexport.exports_case` = `access.cases.works_on`): 404 for
everyone else, a mentor and a provider included. The choice page is an audited read of the
case, each download an audited export. Asked on A's case (its case manager's), A's other case
(a colleague's: A's case managers see only their own) and B's case."""

from __future__ import annotations

from typing import Any

from sutura.access.caseexport import exports_case
from sutura.access.tests.url_matrix import Route, api, gate, page
from tests.worlds import World

DEFAULT = {"mapping": "sutura-central-case"}


def _cases(name: str) -> Any:
    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {
            "case A": ({name: world.a.case.pk}, world.a.case),
            "case B": ({name: world.b.case.pk}, world.b.case),
        }

    return records


TEAM = gate(row=exports_case)

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "caseexport:case": page(TEAM, _cases("case_id")),
    "caseexport:download": page(TEAM, _cases("case_id"), query={**DEFAULT, "format": "csv"}),
    "api-case-export-detail": api(TEAM, _cases("pk"), query={**DEFAULT, "format": "json"}),
}
