"""Participatory protection risk analysis: an analysis held with the community (optionally at
a `meetings` meeting), who took part (counts by sex × age group, groups represented), and the
risks found. A risk's priority is likelihood × impact, computed by the database. Each risk has
a `key` (a slug) so two analyses of the same community compare risk by risk
(`community.services.risks.compare_analyses`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sutura.community.models.communities import Community
from sutura.community.models.diagnosis import GroupKind
from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.meetings.models import AgeGroup
from sutura.people.models import Sex


class RiskAnalysis(AuditedModel, VersionedModel):
    personal_data = False

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="analyses")
    held_on = models.DateField(_("held on"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    groups_represented = ArrayField(
        models.CharField(max_length=12, choices=GroupKind.choices),
        verbose_name=_("groups represented"),
        default=list,
        blank=True,
    )
    note = models.TextField(_("note"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("risk analysis")
        verbose_name_plural = _("risk analyses")
        ordering = ["community", "-held_on"]


class AnalysisParticipantCount(TimeStampedModel):
    personal_data = False

    analysis = models.ForeignKey(
        RiskAnalysis, on_delete=models.CASCADE, related_name="participant_counts"
    )
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        verbose_name = _("participants counted")
        verbose_name_plural = _("participants counted")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "sex", "age_group"], name="community_analysis_count_once"
            )
        ]


SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(AuditedModel, VersionedModel):
    personal_data = False

    analysis = models.ForeignKey(RiskAnalysis, on_delete=models.CASCADE, related_name="risks")
    key = models.SlugField(_("key"), max_length=60)
    threat = models.CharField(_("threat"), max_length=300)
    affected = models.CharField(_("who is affected"), max_length=300)
    vulnerabilities = models.TextField(_("vulnerabilities"), max_length=2000, blank=True)
    capacities = models.TextField(_("existing capacities and coping"), max_length=2000, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=SCALE)
    priority = models.GeneratedField(
        expression=F("likelihood") * F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("priority"),
    )
    mitigations = models.TextField(_("recommended mitigations"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["analysis", "-priority", "key"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "key"], name="community_risk_key_once"),
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="community_risk_scales",
            ),
        ]

    def __str__(self) -> str:
        return self.threat
