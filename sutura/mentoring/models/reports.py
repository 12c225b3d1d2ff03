"""The mentor's monthly activity report and the monthly check-in with the focal point.

A report is generated from what was logged in the month (its figures are computed, never
typed) plus the mentor's free text; the mentor submits it, the focal point approves it or
returns it with comments (`services.reports.TRANSITIONS`). Once approved its figures are
frozen in `figures`; an activity of that month edited or added later is flagged on it.

A check-in is the mentor's own record: the focal point schedules and records it; the
well-being notes are read by the mentor and the focal point who supervises them, nobody else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.core.dates import day
from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Awaiting review")
    RETURNED = "returned", pgettext_lazy("report status", "Returned")
    APPROVED = "approved", pgettext_lazy("report status", "Approved")


class MonthlyReport(AuditedModel, VersionedModel):
    audit_sensitive_fields = frozenset({"highlights", "challenges", "ideas", "review_comment"})

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="mentoring_reports",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))  # the first day of the month
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    highlights = models.TextField(_("highlights"), max_length=4000, blank=True)
    challenges = models.TextField(_("challenges"), max_length=4000, blank=True)
    ideas = models.TextField(_("ideas"), max_length=4000, blank=True)
    # The figures as computed at submission, frozen at approval (JSON of counts).
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("comments"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("monthly activity report")
        verbose_name_plural = _("monthly activity reports")
        ordering = ["-month", "mentor"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "month"], name="mentoring_report_once"),
            models.CheckConstraint(
                condition=Q(month__day=1), name="mentoring_report_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    def audit_label(self) -> str:
        return str(self.pk)[:8]

    @property
    def is_frozen(self) -> bool:
        return self.status == ReportStatus.APPROVED


class ReportTransition(TimeStampedModel):
    """One step of a report (submitted, returned, approved): who, when, why."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comments"), max_length=4000, blank=True)

    class Meta:
        ordering = ["report", "created_at"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class CheckInStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class CheckIn(AuditedModel, VersionedModel):
    audit_sensitive_fields = frozenset({"wellbeing", "difficulties", "ideas", "actions"})

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="mentoring_check_ins",
    )
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("MHPSS focal point"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    scheduled_on = models.DateField(_("planned for"))
    status = models.CharField(
        _("status"), max_length=12, choices=CheckInStatus.choices, default=CheckInStatus.SCHEDULED
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    wellbeing = models.TextField(_("the mentor's own well-being"), max_length=4000, blank=True)
    difficulties = models.TextField(_("difficulties"), max_length=4000, blank=True)
    ideas = models.TextField(_("ideas shared"), max_length=4000, blank=True)
    actions = models.TextField(_("actions agreed"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-scheduled_on"]
        indexes = [
            models.Index(fields=["mentor", "-scheduled_on"], name="mentoring_checkin_mentor")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_on__isnull=False),
                name="mentoring_checkin_held_dated",
            )
        ]

    def __str__(self) -> str:
        return day(self.scheduled_on)

    def audit_label(self) -> str:
        return str(self.pk)[:8]

    @property
    def is_missed(self) -> bool:
        return self.status == CheckInStatus.SCHEDULED and self.scheduled_on < timezone.localdate()
