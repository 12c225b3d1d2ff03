"""What a mentor does, each a short record: a one-to-one session, a community event, an
accompaniment to an appointment, an idea or initiative. Hours are counted from their
durations (and from the peer-group sessions the mentor facilitated).

One table for the four kinds: they share who, when, how long and the month they are reported
in; each kind's own fields are checked by constraints. The primary key may come from the
device (a UUID made by the form or the app), so a form sent twice on a bad connection finds
the record it already made instead of making a second one.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.core.dates import day
from sutura.core.models import AuditedModel
from sutura.meetings.models import AgeGroup
from sutura.people.models import Sex

MAX_DURATION_MINUTES = 12 * 60


class ActivityKind(models.TextChoices):
    SESSION = "session", _("One-to-one session")
    EVENT = "event", _("Community event")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    IDEA = "idea", _("Idea or initiative")


class SessionKind(models.TextChoices):
    SUPPORTIVE = "supportive", _("Supportive communication")
    COPING = "coping", _("Encouraging positive coping")
    PFA = "pfa", _("Psychological first aid")
    PRACTICAL = "practical", _("Practical support (waiting times, common questions)")
    INFORMATION = "information", _("Information on reintegration")
    ORIENTATION = "orientation", _("Orientation to a service")


class Topic(models.TextChoices):
    WELLBEING = "wellbeing", _("Well-being and stress")
    FAMILY = "family", _("Family and community relations")
    WORK = "work", _("Work and income")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    DOCUMENTS = "documents", _("Documents and administration")
    ASSISTANCE = "assistance", _("Reintegration assistance and waiting times")
    STIGMA = "stigma", _("Stigma and return experience")
    OTHER = "other", _("Other")


class EventKind(models.TextChoices):
    RECREATIONAL = "recreational", _("Recreational")
    CREATIVE = "creative", _("Creative")
    SOCIO_CULTURAL = "socio_cultural", _("Socio-cultural")
    AWARENESS = "awareness", _("Awareness-raising")


class AppointmentKind(models.TextChoices):
    MHPSS = "mhpss", _("Mental health or psychosocial")
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal or administrative")
    ECONOMIC = "economic", _("Economic or training")
    OTHER = "other", _("Other")


class IdeaStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DISCUSSED = "discussed", _("Discussed with the focal point")
    ADOPTED = "adopted", _("Adopted")
    DONE = "done", _("Carried out")
    DROPPED = "dropped", _("Not taken forward")


class Activity(AuditedModel):
    """One thing a mentor did (or proposed), on a day, for so long."""

    audit_sensitive_fields = frozenset(
        {"note", "follow_up", "outcome", "description", "venue", "title", "beneficiaries"}
    )

    # Made by the device when it can (the form, the app): the same id twice is one record.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="mentoring_activities",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=0,
        validators=[MaxValueValidator(MAX_DURATION_MINUTES)],
    )
    # The returnee it was with or for (sessions, accompaniments): one assigned to the mentor.
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("returnee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentoring_activities",
    )
    # Someone not registered, for the counts by sex and age group (sessions).
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, blank=True)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    # One-to-one session
    session_kind = models.CharField(
        _("kind of support"), max_length=16, choices=SessionKind.choices, blank=True
    )
    topics = ArrayField(
        models.CharField(max_length=16, choices=Topic.choices),
        verbose_name=_("topics"),
        default=list,
        blank=True,
    )
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    follow_up = models.CharField(_("what follow-up"), max_length=500, blank=True)
    distress = models.BooleanField(_("signs of distress"), default=False)
    # A second flag while the first referral is under way joins it (its history says why).
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("referral to the focal point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentoring_activities",
    )

    # Community event
    event_kind = models.CharField(
        _("kind of event"), max_length=16, choices=EventKind.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    location = models.ForeignKey(
        "geo.Location",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    # Accompaniment
    appointment_kind = models.CharField(
        _("kind of appointment"), max_length=16, choices=AppointmentKind.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=1000, blank=True)

    # Idea or initiative
    beneficiaries = models.CharField(_("who would benefit"), max_length=500, blank=True)
    idea_status = models.CharField(
        _("status"), max_length=12, choices=IdeaStatus.choices, blank=True
    )

    class Meta:
        verbose_name = _("mentoring activity")
        verbose_name_plural = _("mentoring activities")
        ordering = ["-occurred_on", "-created_at"]
        indexes = [
            models.Index(fields=["mentor", "-occurred_on"], name="mentoring_act_mentor_day"),
            models.Index(fields=["case"], name="mentoring_act_case"),
            models.Index(fields=["organisation", "-occurred_on"], name="mentoring_act_org_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="mentoring_activity_duration_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind="session") | ~Q(session_kind=""),
                name="mentoring_session_has_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="event") | (~Q(event_kind="") & ~Q(title="")),
                name="mentoring_event_has_kind_and_title",
            ),
            models.CheckConstraint(
                condition=~Q(kind="accompaniment")
                | (Q(case__isnull=False) & ~Q(appointment_kind="")),
                name="mentoring_accompaniment_has_returnee",
            ),
            models.CheckConstraint(
                condition=~Q(kind="idea") | (~Q(title="") & ~Q(idea_status="")),
                name="mentoring_idea_has_title_and_status",
            ),
            models.CheckConstraint(
                condition=Q(referral__isnull=True) | Q(distress=True),
                name="mentoring_referral_only_on_distress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {day(self.occurred_on)}"

    def audit_label(self) -> str:
        return str(self.pk)[:8]

    @property
    def hours(self) -> float:
        return round(self.duration_minutes / 60, 2)


class ReachedGroup(models.TextChoices):
    RETURNEE = "returnee", _("Returnees")
    COMMUNITY = "community", _("Community members")


class ActivityCount(models.Model):
    """People who took part in a community event, counted: returnees or community members ×
    sex × age group."""

    personal_data = False  # counts

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="counts")
    group = models.CharField(_("who"), max_length=12, choices=ReachedGroup.choices)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(
        _("number"), validators=[MinValueValidator(0), MaxValueValidator(100000)]
    )

    class Meta:
        verbose_name = _("participants counted")
        verbose_name_plural = _("participants counted")
        ordering = ["activity", "group", "sex", "age_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "group", "sex", "age_group"], name="mentoring_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.sex} {self.age_group}: {self.count}"
