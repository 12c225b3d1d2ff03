"""Community initiatives: small projects run by the community or a partner CBO, with their
objective, budget, partner, status and results, tagged by programme (donor)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.community.models.communities import Community
from sutura.core.models import AuditedModel, VersionedModel


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Initiative(AuditedModel, VersionedModel):
    personal_data = False

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="initiatives")
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("objective"), max_length=2000)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PROPOSED,
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    results = models.TextField(_("results"), max_length=4000, blank=True)
    programmes = models.ManyToManyField(
        "cases.Programme", verbose_name=_("programmes"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("community initiative")
        verbose_name_plural = _("community initiatives")
        ordering = ["community", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | ~Q(currency=""),
                name="community_initiative_budget_currency",
            )
        ]

    def __str__(self) -> str:
        return self.title
