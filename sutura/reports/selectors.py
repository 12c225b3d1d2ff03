"""Report reads, through `access.reports`: the reports a user may read, one report (404
otherwise), its files, and its figures (the snapshot once submitted, computed now for a
draft)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from sutura.access import visible
from sutura.access.reports import reporter
from sutura.cases.models import Programme
from sutura.reports import figures
from sutura.reports.models import ProgrammeReport, ReportFile


def reports_for(user: Any) -> Any:
    return (
        visible(user, ProgrammeReport)
        .select_related("programme")
        .order_by("-starts_on", "programme__name", "-number")
    )


def report_for(user: Any, pk: Any) -> ProgrammeReport:
    found = (
        visible(user, ProgrammeReport)
        .select_related("programme", "programme__organisation", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def programmes_reported(user: Any) -> Any:
    """The programmes the user may draft reports for: their organisation's."""
    if not reporter(user):
        return Programme.objects.none()
    return visible(user, Programme).filter(organisation_id=user.organisation_id).order_by("name")


def files_of(user: Any, report: ProgrammeReport) -> list[ReportFile]:
    return list(
        visible(user, ReportFile)
        .filter(report=report)
        .defer("content")
        .order_by("language", "format")
    )


def file_for(user: Any, report: ProgrammeReport, pk: Any) -> ReportFile:
    found = visible(user, ReportFile).filter(report=report, pk=pk).first()
    if found is None:
        raise Http404
    return found


def figures_of(user: Any, report: ProgrammeReport) -> dict[str, Any]:
    """What the report shows: its snapshot once submitted; a draft's figures of now."""
    if report.snapshot is not None:
        return report.snapshot
    return figures.compute(
        user,
        report.programme,
        report.starts_on,
        report.ends_on,
        kind="month" if report.kind == "monthly" else "quarter",
    )
