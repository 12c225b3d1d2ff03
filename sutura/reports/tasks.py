"""The background job that builds a report's file (PDF or XLSX) on the `long` queue.

A submitted report's file is built from its snapshot; a draft's from the figures computed now,
as the user who asked for it (they see no more than they could count). Progress on the file's
row; on error a code, never a message."""

from __future__ import annotations

import logging
from typing import Any

from django.utils import translation
from django_tasks import task

from sutura.core.tasks import LONG, JobFailed, Progress, failure_recorded
from sutura.reports import figures, render
from sutura.reports.models import FileStatus, ProgrammeReport, ReportFile

logger = logging.getLogger(__name__)
STAGES = (("figures", 80.0), ("writing", 20.0))


@task(queue_name=LONG)
def build_report_file(file_id: str) -> dict[str, Any]:
    return build(file_id)


def _save(file_id: Any) -> Any:
    def save(done: int, total: int, stage: str) -> None:
        ReportFile.objects.filter(pk=file_id).update(done=done, total=total, stage=stage)

    return save


def build(file_id: Any) -> dict[str, Any]:
    """Build the file `file_id` here and now (the job's body)."""
    found = ReportFile.objects.select_related("report", "requested_by").filter(pk=file_id).first()
    if found is None or found.status != FileStatus.QUEUED:
        return {"file": str(file_id), "skipped": True}
    ReportFile.objects.filter(pk=found.pk).update(status=FileStatus.RUNNING)
    progress = Progress(_save(found.pk), STAGES)

    def record(code: str) -> None:
        ReportFile.objects.filter(pk=found.pk).update(status=FileStatus.FAILED, failure=code)

    with failure_recorded("Report file", found.pk, record, logger):
        content, from_snapshot = make(found, progress)
    progress.finish()
    ReportFile.objects.filter(pk=found.pk).update(
        status=FileStatus.READY, content=content, size=len(content), from_snapshot=from_snapshot
    )
    return {"file": str(found.pk), "size": len(content)}


def make(found: ReportFile, progress: Progress) -> tuple[bytes, bool]:
    report: ProgrammeReport = found.report
    from sutura.access.reports import reads_reports

    progress.begin("figures")
    if report.snapshot is not None:
        snapshot, from_snapshot = report.snapshot, True
    else:
        user = found.requested_by
        if not user.is_active or not reads_reports(user, report.organisation_id):
            raise JobFailed("requester_not_allowed")
        total = max(figures.steps_of(user, report.programme), 1)
        counter = {"done": 0}

        def step() -> None:
            counter["done"] += 1
            progress(counter["done"], total)

        snapshot = figures.compute(
            user,
            report.programme,
            report.starts_on,
            report.ends_on,
            kind="month" if report.kind == "monthly" else "quarter",
            step=step,
        )
        from_snapshot = False
    progress.begin("writing")
    with translation.override(found.language):
        if found.format == "pdf":
            return render.pdf(report, snapshot), from_snapshot
        return render.xlsx(report, snapshot), from_snapshot
