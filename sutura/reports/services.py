"""Report writes: draft a report, edit its narrative (a stale edit is refused), submit it (the
figures freeze), start a correction (a new version), and ask for its files (built in the
background). Each takes the acting user first, checks their standing
(`access.reports`), and runs in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.access.reports import reads_reports, submits_reports
from sutura.cases.models import Programme
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.core.tasks import enqueue_on_commit
from sutura.programmes import periods
from sutura.reports import figures
from sutura.reports.models import (
    NARRATIVE,
    FileFormat,
    FileStatus,
    Language,
    ProgrammeReport,
    ReportFile,
    ReportKind,
    ReportStatus,
)

KIND_OF_PERIOD = {periods.MONTH: ReportKind.MONTHLY, periods.QUARTER: ReportKind.QUARTERLY}
MAX_TEXT = 20_000


def _period(code: str) -> periods.Period:
    try:
        period = periods.parse(code)
    except ValidationError:
        raise ValidationError(
            {"period": _("Give a month (2026-05) or a quarter (2026-Q3).")}
        ) from None
    if period.kind not in KIND_OF_PERIOD:
        raise ValidationError({"period": _("Give a month (2026-05) or a quarter (2026-Q3).")})
    return period


def _language(code: str) -> str:
    if code not in Language.values:
        raise ValidationError({"language": _("Choose French or English.")})
    return code


def _narrative(data: dict[str, Any]) -> dict[str, str]:
    found = {}
    for name in NARRATIVE:
        if name in data:
            text = str(data[name] or "")
            if len(text) > MAX_TEXT:
                raise ValidationError({name: _("Keep this part under 20,000 characters.")})
            found[name] = text
    return found


@transaction.atomic
def create_report(
    *, actor: Any, programme: Programme, period: str, language: str = "fr", **narrative: Any
) -> ProgrammeReport:
    if not reads_reports(actor, programme.organisation_id):
        raise PermissionDenied
    found = _period(period)
    language = _language(language)
    text = _narrative(narrative)
    if ProgrammeReport.objects.filter(programme=programme, period=found.code).exists():
        raise ValidationError({"period": _("This programme already has a report for this period.")})
    return ProgrammeReport.objects.create(
        programme=programme,
        organisation_id=programme.organisation_id,
        kind=KIND_OF_PERIOD[found.kind],
        period=found.code,
        starts_on=found.start,
        ends_on=found.end,
        language=language,
        created_by=actor,
        **text,
    )


def _require_draft(report: ProgrammeReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(
            _("This report was submitted: it can no longer change. Start a correction."),
            code="submitted",
        )


@transaction.atomic
def edit_report(
    *, actor: Any, report: ProgrammeReport, version: int, **data: Any
) -> ProgrammeReport:
    """The narrative and the language of a draft; refused if someone saved it meanwhile
    (`StaleVersionError`) or if it was submitted."""
    if not reads_reports(actor, report.organisation_id):
        raise PermissionDenied
    current = locked(report)
    _require_draft(current)
    text = _narrative(data)
    fields = list(text)
    for name, value in text.items():
        setattr(report, name, value)
    if "language" in data:
        report.language = _language(str(data["language"]))
        fields.append("language")
    if not fields:
        return report
    return save_versioned(report, expected_version=version, fields=fields)


def _kind_code(report: ProgrammeReport) -> str:
    return "month" if report.kind == ReportKind.MONTHLY else "quarter"


@transaction.atomic
def submit(*, actor: Any, report: ProgrammeReport, version: int | None = None) -> ProgrammeReport:
    """Freeze the report: its figures as they are now become its snapshot, never recomputed.
    A second submit (a double click, two managers) finds it submitted and changes nothing."""
    if not submits_reports(actor, report.organisation_id):
        raise PermissionDenied
    current = locked(report, "programme", "programme__organisation")
    if current.status == ReportStatus.SUBMITTED:
        return current
    if version is not None and current.version != version:
        from sutura.core.concurrency import StaleVersionError

        raise StaleVersionError(
            _("Someone else saved this report after you opened it: read it again, then submit."),
            code="stale",
        )
    current.snapshot = figures.compute(
        actor, current.programme, current.starts_on, current.ends_on, kind=_kind_code(current)
    )
    current.status = ReportStatus.SUBMITTED
    current.submitted_at = timezone.now()
    current.submitted_by = actor
    save_versioned(
        current,
        expected_version=current.version,
        fields=["snapshot", "status", "submitted_at", "submitted_by"],
    )
    # A draft's files were built from live figures: the submitted report's come from the snapshot.
    current.files.all().delete()
    for language in {current.language}:
        for file_format in FileFormat.values:
            _queue_file(actor, current, file_format, language)
    return current


@transaction.atomic
def correct(*, actor: Any, report: ProgrammeReport) -> ProgrammeReport:
    """A new draft version of a submitted report (the narrative copied; the figures computed
    again until it is submitted in turn). The submitted one stays as it was."""
    if not reads_reports(actor, report.organisation_id):
        raise PermissionDenied
    current = locked(report)
    if current.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report is corrected."), code="draft")
    existing = ProgrammeReport.objects.filter(replaces=current).first()
    if existing is not None:
        return existing
    number = (
        ProgrammeReport.objects.filter(
            programme_id=current.programme_id, period=current.period
        ).aggregate(m=Max("number"))["m"]
        or 0
    ) + 1
    return ProgrammeReport.objects.create(
        programme_id=current.programme_id,
        organisation_id=current.organisation_id,
        kind=current.kind,
        period=current.period,
        starts_on=current.starts_on,
        ends_on=current.ends_on,
        language=current.language,
        number=number,
        replaces=current,
        created_by=actor,
        **{name: getattr(current, name) for name in NARRATIVE},
    )


def _queue_file(actor: Any, report: ProgrammeReport, file_format: str, language: str) -> Any:
    from sutura.reports import tasks

    found, created = ReportFile.objects.get_or_create(
        report=report,
        format=file_format,
        language=language,
        defaults={"requested_by": actor},
    )
    if not created:
        if report.submitted and found.status in (FileStatus.READY, FileStatus.QUEUED):
            return found  # a submitted report's file is built once
        if found.status == FileStatus.RUNNING and not report.submitted:
            return found
        found.status = FileStatus.QUEUED
        found.done = found.total = found.size = 0
        found.stage = found.failure = ""
        found.content = None
        found.requested_by = actor
        found.save()
    enqueue_on_commit(tasks.build_report_file, str(found.pk))
    return found


@transaction.atomic
def request_file(
    *, actor: Any, report: ProgrammeReport, file_format: str, language: str
) -> ReportFile:
    """Ask for a report's file (built in the background; the page shows its progress)."""
    if not reads_reports(actor, report.organisation_id):
        raise PermissionDenied
    if file_format not in FileFormat.values:
        raise ValidationError({"format": _("Choose PDF or XLSX.")})
    language = _language(language)
    current = locked(report)
    return _queue_file(actor, current, file_format, language)
