"""Partners' workplans and field monitoring. A workplan is a partner organisation's plan for a
period under the organisation that funds and follows it (`organisation`), tagged by programme
(donor); its planned activities have a community, a target and a unit; the partner reports
progress against them (participants by sex × age group). A monitoring visit goes to a community
and/or a workplan, answers the monitoring checklist (`checklists.py`), and leaves findings and
recommendations whose follow-up is tracked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sutura.community.models.checklists import ChecklistVersion
from sutura.community.models.communities import Community
from sutura.community.models.safespaces import FollowUpStatus
from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.meetings.models import AgeGroup
from sutura.people.models import Sex


class Workplan(AuditedModel, VersionedModel):
    personal_data = False

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("period starts on"))
    ends_on = models.DateField(_("period ends on"))
    programmes = models.ManyToManyField(
        "cases.Programme", verbose_name=_("programmes"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("workplan")
        verbose_name_plural = _("workplans")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="community_workplan_period"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlannedActivity(AuditedModel, VersionedModel):
    personal_data = False

    workplan = models.ForeignKey(Workplan, on_delete=models.CASCADE, related_name="activities")
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="planned_activities"
    )
    description = models.CharField(_("activity"), max_length=500)
    target = models.PositiveIntegerField(_("target"))
    unit = models.CharField(_("unit"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        ordering = ["workplan", "order"]

    def __str__(self) -> str:
        return self.description


class ActivityProgress(AuditedModel, VersionedModel):
    personal_data = False

    activity = models.ForeignKey(PlannedActivity, on_delete=models.CASCADE, related_name="progress")
    period_start = models.DateField(_("period starts on"))
    period_end = models.DateField(_("period ends on"))
    achieved = models.PositiveIntegerField(_("achieved"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        ordering = ["activity", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="community_progress_period",
            )
        ]


class ProgressParticipantCount(TimeStampedModel):
    personal_data = False

    progress = models.ForeignKey(
        ActivityProgress, on_delete=models.CASCADE, related_name="participant_counts"
    )
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        verbose_name = _("participants counted")
        verbose_name_plural = _("participants counted")
        constraints = [
            models.UniqueConstraint(
                fields=["progress", "sex", "age_group"], name="community_progress_count_once"
            )
        ]


class MonitoringVisit(AuditedModel, VersionedModel):
    personal_data = False

    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    workplan = models.ForeignKey(
        Workplan, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("visitors"), blank=True, related_name="+"
    )
    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField(_("findings"), max_length=8000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        ordering = ["-visited_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(community__isnull=False) | Q(workplan__isnull=False),
                name="community_visit_has_subject",
            )
        ]


class VisitRecommendation(AuditedModel, VersionedModel):
    personal_data = False

    visit = models.ForeignKey(
        MonitoringVisit, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.CharField(_("recommendation"), max_length=1000)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    follow_up_status = models.CharField(
        _("follow-up status"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
    )
    follow_up_note = models.TextField(_("follow-up"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("visit recommendation")
        verbose_name_plural = _("visit recommendations")
        ordering = ["visit", "created_at"]
