"""The mechanism's roadmap (feuille de route): versions holding priorities and, under each,
actions with a responsible organisation, dates, a status and progress notes.

A version validated at a meeting is frozen: the services refuse any change to it, and the next
version starts as a copy (`sutura.governance.services.roadmap.start_next_version`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel


class Roadmap(AuditedModel, VersionedModel):
    personal_data = False

    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="roadmap_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


class RoadmapStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VALIDATED = "validated", _("Validated")
    SUPERSEDED = "superseded", _("Superseded")


class RoadmapVersion(AuditedModel, TimeStampedModel):
    personal_data = False

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=RoadmapStatus.choices, default=RoadmapStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("validated at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    validated_on = models.DateField(_("validated on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("roadmap version")
        verbose_name_plural = _("roadmap versions")
        ordering = ["roadmap", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="roadmap_version_once"),
            models.UniqueConstraint(
                fields=["roadmap"], condition=Q(status="draft"), name="roadmap_one_draft"
            ),
            models.UniqueConstraint(
                fields=["roadmap"], condition=Q(status="validated"), name="roadmap_one_validated"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(validated_at__isnull=False, validated_on__isnull=False),
                name="roadmap_validated_at_a_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.roadmap} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status != RoadmapStatus.DRAFT


class Priority(AuditedModel, VersionedModel):
    personal_data = False

    roadmap_version = models.ForeignKey(
        RoadmapVersion, on_delete=models.CASCADE, related_name="priorities"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("priority"), max_length=300)
    description = models.TextField(_("description"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["roadmap_version", "order", "created_at"]

    def __str__(self) -> str:
        return self.title


class RoadmapActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    DROPPED = "dropped", _("Dropped")


class RoadmapAction(AuditedModel, VersionedModel):
    personal_data = False

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("action"), max_length=300)
    responsible = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RoadmapActionStatus.choices,
        default=RoadmapActionStatus.NOT_STARTED,
    )

    class Meta:
        verbose_name = _("roadmap action")
        verbose_name_plural = _("roadmap actions")
        ordering = ["priority", "order", "starts_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="roadmap_action_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProgressNote(AuditedModel, TimeStampedModel):
    personal_data = False  # about organisations and their work, not the people served

    action = models.ForeignKey(RoadmapAction, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("progress"), max_length=4000)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["action", "written_on", "created_at"]

    def __str__(self) -> str:
        return self.text[:80]
