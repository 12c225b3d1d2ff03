"""The programme reports' URLs in the URL × role matrix (records: world part `reports`).

A programme's reports are its organisation's programme managers' and M&E officers'
(`access.reports.reporter`: `manage_programmes`, or `view_indicators` with
`export_aggregates`); any other role gets 403, another organisation's report 404, and only a
programme manager submits (403 for the M&E officer). Reports hold no personal data: their
reads are not audited.
"""

from __future__ import annotations

from typing import Any

from sutura.access.reports import reads_reports, reporter, submits_reports
from sutura.access.tests.url_matrix import FORBIDDEN, MISSING, OK, Route, api, page, post
from tests.worlds import World


def works_on_reports(user: Any, world: World, record: Any) -> str:
    return OK if reporter(user) else FORBIDDEN


def reads(user: Any, world: World, report: Any) -> str:
    if not reporter(user):
        return FORBIDDEN
    return OK if reads_reports(user, report.organisation_id) else MISSING


def submits(user: Any, world: World, report: Any) -> str:
    found = reads(user, world, report)
    if found != OK:
        return found
    return OK if submits_reports(user, report.organisation_id) else FORBIDDEN


def reports(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["reports"]
    return {f"report {s}": ({"pk": found[f"report_{s}"].pk}, found[f"report_{s}"]) for s in "ab"}


def files(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["reports"]
    return {
        f"file {s}": (
            {"pk": found[f"report_{s}"].pk, "file_id": found[f"file_{s}"].pk},
            found[f"report_{s}"],
        )
        for s in "ab"
    }


def _new(world: World, record: Any) -> dict[str, Any]:
    return {
        "programme": str(world.parts["programmes"]["programme_a"].pk),
        "period": "2026-Q2",
        "language": "en",
    }


def _narrative(world: World, report: Any) -> dict[str, Any]:
    return {"language": "fr", "summary": "Révisé", "version": str(report.version)}


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "reports:list": (
        page(works_on_reports, audited=False),
        post(works_on_reports, data=_new),
    ),
    "reports:detail": (
        page(reads, reports, audited=False),
        post(reads, reports, data=_narrative),
    ),
    "reports:submit": post(submits, reports, data={"version": "1"}),
    "reports:correct": post(reads, reports),
    "reports:file_request": post(reads, reports, data={"format": "xlsx", "language": "en"}),
    "reports:file": page(reads, files, audited=False),
    "api-programme-report-list": api(works_on_reports, audited=False),
    "api-programme-report-detail": api(reads, reports, audited=False),
    "api-programme-report-snapshot": api(reads, reports, audited=False),
}
