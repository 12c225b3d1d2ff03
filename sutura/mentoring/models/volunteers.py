"""Volunteers (community mentors now, community outreach volunteers next), the MHPSS focal
point who supervises each, the supervision notes, and the returnees assigned to a mentor.

A volunteer is a user with a profile: the profile says when the engagement runs. Once it has
ended the volunteer keeps their records but signs in no more (`accounts.signin`, registered by
this app). An assignment gives a mentor a returnee (a case) for a purpose and a period; the
case's `mentor` column points at the mentor of the one open assignment (kept by
`mentoring.services.assignments`, its only writer), so the access layer answers "is this the
case's mentor?" from the case row alone.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.core.dates import day
from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.people.models import LANGUAGE_CHOICES

DEFAULT_WEEKLY_HOURS_CAP = 15


class VolunteerKind(models.TextChoices):
    MENTOR = "mentor", _("Community mentor")
    OUTREACH = "outreach", _("Community outreach volunteer")


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Engagement completed")
    RESIGNED = "resigned", _("Resigned")
    MOVED = "moved", _("Moved away")
    CONDUCT = "conduct", _("Breach of the code of conduct")
    OTHER = "other", _("Other")


class Volunteer(AuditedModel, VersionedModel):
    """A volunteer's engagement with an organisation: who they are to the programme, where
    they work, who supervises them, and how long."""

    audit_sensitive_fields = frozenset({"end_note"})

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="volunteer",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(
        _("kind of volunteer"),
        max_length=12,
        choices=VolunteerKind.choices,
        default=VolunteerKind.MENTOR,
    )
    is_returnee = models.BooleanField(_("returnee"), default=True)
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    areas = models.ManyToManyField(
        "geo.Location", verbose_name=_("areas"), blank=True, related_name="+"
    )
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("MHPSS focal point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_volunteers",
    )
    starts_on = models.DateField(_("engagement starts on"))
    ends_on = models.DateField(_("engagement ends on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason the engagement ended"), max_length=12, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("note on the end"), max_length=500, blank=True)
    weekly_hours_cap = models.PositiveSmallIntegerField(
        _("weekly hours cap"),
        default=DEFAULT_WEEKLY_HOURS_CAP,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    code_of_conduct_signed_on = models.DateField(
        _("code of conduct signed on"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["user__first_name", "user__last_name"]
        indexes = [
            models.Index(fields=["organisation", "kind"], name="mentoring_vol_org_kind"),
            models.Index(fields=["focal_point"], name="mentoring_vol_focal"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="mentoring_volunteer_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours_cap__gte=1, weekly_hours_cap__lte=40),
                name="mentoring_volunteer_cap_range",
            ),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def audit_label(self) -> str:
        return str(self.pk)[:8]

    def engaged_on(self, day: date | None = None) -> bool:
        """Is the engagement running on `day` (today by default)?"""
        day = day or timezone.localdate()
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def has_ended(self) -> bool:
        return self.ends_on is not None and self.ends_on < timezone.localdate()


class SupervisionNote(AuditedModel, TimeStampedModel):
    """What the focal point noted while supervising a volunteer (read by the volunteer's
    supervisors, never by the volunteer's returnees or other teams)."""

    audit_sensitive_fields = frozenset({"text"})

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="supervision_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    noted_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"), max_length=4000)

    class Meta:
        verbose_name = _("supervision note")
        verbose_name_plural = _("supervision notes")
        ordering = ["volunteer", "-noted_on", "-created_at"]

    def __str__(self) -> str:
        return day(self.noted_on)

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class AssignmentPurpose(models.TextChoices):
    PSYCHOSOCIAL = "psychosocial", _("Basic psychosocial support")
    REINTEGRATION = "reintegration", _("Support through reintegration")
    SOCIAL_LINKS = "social_links", _("Social links and peer support")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment to appointments")
    INFORMATION = "information", _("Information and practical support")
    OTHER = "other", _("Other")


class AssignmentEnd(models.TextChoices):
    PERIOD_OVER = "period_over", _("Period over")
    REPLACED = "replaced", _("Another mentor took over")
    CASE_CLOSED = "case_closed", _("Case closed")
    VOLUNTEER_LEFT = "volunteer_left", _("The mentor's engagement ended")
    NO_LONGER_NEEDED = "no_longer_needed", _("Support no longer needed")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The person withdrew their consent")
    OTHER = "other", _("Other")


class Assignment(AuditedModel, VersionedModel):
    """A returnee (their case) given to a mentor for a purpose and a period. At most one open
    assignment per case: the case's `mentor`."""

    audit_sensitive_fields = frozenset({"note"})

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="mentor_assignments",
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("community mentor"),
        on_delete=models.PROTECT,
        related_name="mentor_assignments",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=AssignmentPurpose.choices)
    # For the case team and the focal point only: the mentor sees no free text of the case.
    note = models.CharField(
        _("note for the team (not shown to the mentor)"), max_length=500, blank=True
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    # Empty only for an assignment recorded behind a mentor set before assignments existed.
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=20, choices=AssignmentEnd.choices, blank=True
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        ordering = ["-starts_on", "-created_at"]
        indexes = [
            models.Index(fields=["mentor", "ended_on"], name="mentoring_assign_mentor"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(ended_on__isnull=True),
                name="mentoring_one_open_assignment_per_case",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="mentoring_assignment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
                name="mentoring_assignment_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({day(self.starts_on)} – {day(self.ends_on)})"

    def audit_label(self) -> str:
        return str(self.pk)[:8]

    @property
    def is_open(self) -> bool:
        return self.ended_on is None
