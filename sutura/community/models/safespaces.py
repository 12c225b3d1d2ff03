"""Safe spaces (women and girls' safe spaces, child-friendly spaces) of a community: where, who
manages them (a partner organisation, whose staff then see the space), opening hours and
activities; attendance counted per month × sex × age group; and the periodic safety check
against the safety checklist (`checklists.py`), with its finding and follow-up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.community.models.checklists import ChecklistVersion
from sutura.community.models.communities import Community
from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.meetings.models import AgeGroup
from sutura.people.models import Sex


class SafeSpaceKind(models.TextChoices):
    WGSS = "wgss", _("Women and girls' safe space")
    CFS = "cfs", _("Child-friendly space")


class SafeSpace(AuditedModel, VersionedModel):
    personal_data = False

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="safe_spaces")
    kind = models.CharField(_("kind"), max_length=8, choices=SafeSpaceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    location = models.ForeignKey(
        "geo.Location", verbose_name=_("location"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    managing_partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("managing partner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    activities = models.TextField(_("activities"), max_length=2000, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("safe space")
        verbose_name_plural = _("safe spaces")
        ordering = ["community", "name"]

    def __str__(self) -> str:
        return self.name


class SafeSpaceAttendance(TimeStampedModel):
    personal_data = False  # counts

    safe_space = models.ForeignKey(SafeSpace, on_delete=models.CASCADE, related_name="attendance")
    month = models.DateField(_("month"))  # the first day of the month
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        verbose_name = _("safe-space attendance")
        verbose_name_plural = _("safe-space attendance")
        ordering = ["safe_space", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["safe_space", "month", "sex", "age_group"],
                name="community_attendance_once",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="community_attendance_first_of_month"
            ),
        ]


class FollowUpStatus(models.TextChoices):
    NONE_NEEDED = "none_needed", _("No follow-up needed")
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class SafetyCheck(AuditedModel, VersionedModel):
    personal_data = False

    safe_space = models.ForeignKey(SafeSpace, on_delete=models.CASCADE, related_name="checks")
    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finding = models.TextField(_("finding"), max_length=4000, blank=True)
    follow_up = models.TextField(_("follow-up"), max_length=4000, blank=True)
    follow_up_status = models.CharField(
        _("follow-up status"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.NONE_NEEDED,
    )

    class Meta:
        verbose_name = _("safety check")
        verbose_name_plural = _("safety checks")
        ordering = ["safe_space", "-checked_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_status=FollowUpStatus.NONE_NEEDED) | ~Q(follow_up=""),
                name="community_safety_follow_up_said",
            )
        ]
