"""Periodic programme reports (issue 20 item 6): a monthly or quarterly report of one programme,
its narrative, and — once submitted — the figures it had, frozen.

A draft's tables are computed when asked (page, files); submitting stores them as a JSON
snapshot (`ProgrammeReport.snapshot`) that is never recomputed: a submitted report is read-only
and a correction is a new version (`replaces`). Its files (PDF, XLSX, per language) are built
from the snapshot in the background and kept with the report (`ReportFile`).
Reports hold aggregates and narrative only (`personal_data = False`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


NARRATIVE = ("summary", "achievements", "challenges", "lessons", "next_period")


class ProgrammeReport(AuditedModel, VersionedModel):
    personal_data = False

    programme = models.ForeignKey(
        "cases.Programme", on_delete=models.PROTECT, related_name="reports"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="programme_reports"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReportKind.choices)
    period = models.CharField(_("period"), max_length=12)  # "2026-Q3", "2026-05"
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    language = models.CharField(
        _("language of the report"), max_length=2, choices=Language.choices, default="fr"
    )
    number = models.PositiveIntegerField(_("version of the report"), default=1)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    summary = models.TextField(_("summary"), blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    challenges = models.TextField(_("challenges and how they were met"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    next_period = models.TextField(_("plans for the next period"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    snapshot = models.JSONField(_("figures as submitted"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")
        ordering = ["-starts_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period", "number"], name="reports_report_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(snapshot__isnull=False, submitted_at__isnull=False),
                name="reports_submitted_has_snapshot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.period} v{self.number}"

    @property
    def submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class FileStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ReportFile(TimeStampedModel):
    """One file of a report in one format and language. A submitted report's files are built
    from its snapshot once and kept; a draft's are rebuilt from the live figures on request."""

    personal_data = False

    report = models.ForeignKey(ProgrammeReport, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=FileStatus.choices, default=FileStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    stage = models.CharField(max_length=20, blank=True)
    failure = models.CharField(max_length=40, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    from_snapshot = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "format", "language"], name="reports_file_unique"
            )
        ]

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0
