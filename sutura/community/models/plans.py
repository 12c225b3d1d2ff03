"""The community action plan: one per community, drafted from the risk analysis and validated
at a consultation (the meeting and its `meetings.Decision`). Each recommendation links the
risks it answers, who is responsible, partners, resources, cost and timeline, and has a status
and progress updates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.community.models.communities import Community
from sutura.community.models.risks import Risk
from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel


class PlanStatus(models.TextChoices):
    # "plan d'action" is masculine in French: the badge reads "Validé".
    DRAFT = "draft", pgettext_lazy("action plan status", "Draft")
    VALIDATED = "validated", pgettext_lazy("action plan status", "Validated")


class ActionPlan(AuditedModel, VersionedModel):
    personal_data = False

    community = models.OneToOneField(
        Community, on_delete=models.PROTECT, related_name="action_plan"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    validated_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("validated at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("community action plan")
        verbose_name_plural = _("community action plans")
        constraints = [
            # Validated at a meeting, by a decision of it; a draft has neither.
            models.CheckConstraint(
                condition=Q(status=PlanStatus.DRAFT, validated_at__isnull=True)
                | Q(status=PlanStatus.VALIDATED, validated_at__isnull=False),
                name="community_plan_validated_at_meeting",
            )
        ]


class RecommendationStatus(models.TextChoices):
    # "recommandation" is feminine in French: "Prévue", "Réalisée", "Abandonnée".
    PLANNED = "planned", pgettext_lazy("recommendation status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("recommendation status", "In progress")
    DONE = "done", pgettext_lazy("recommendation status", "Done")
    DELAYED = "delayed", pgettext_lazy("recommendation status", "Delayed")
    DROPPED = "dropped", pgettext_lazy("recommendation status", "Dropped")


class Recommendation(AuditedModel, VersionedModel):
    personal_data = False

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="recommendations")
    action = models.CharField(_("action"), max_length=500)
    risks = models.ManyToManyField(Risk, verbose_name=_("risks answered"), blank=True)
    responsible_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_text = models.CharField(_("responsible"), max_length=300, blank=True)
    partners = models.CharField(_("partners"), max_length=500, blank=True)
    resources = models.TextField(_("resources"), max_length=2000, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PLANNED,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["plan", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="community_recommendation_period",
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | ~Q(currency=""),
                name="community_recommendation_cost_currency",
            ),
            models.CheckConstraint(
                condition=Q(responsible_organisation__isnull=False) | ~Q(responsible_text=""),
                name="community_recommendation_responsible",
            ),
        ]

    def __str__(self) -> str:
        return self.action


class ProgressUpdate(AuditedModel, TimeStampedModel):
    personal_data = False

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    noted_on = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=12, choices=RecommendationStatus.choices)
    text = models.TextField(_("progress"), max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["recommendation", "-noted_on"]
