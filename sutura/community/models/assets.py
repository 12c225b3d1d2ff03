"""Community and asset mapping: the strengths, resources and allies of a community (leaders,
associations, CBOs, safe places, services, infrastructure), with kind and location for the map.
A leader is named by their position (e.g. "village chief"), not as a person's file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.community.models.communities import Community
from sutura.core.models import AuditedModel, VersionedModel


class AssetKind(models.TextChoices):
    LEADER = "leader", _("Leader")
    ASSOCIATION = "association", _("Association")
    CBO = "cbo", _("Community-based organisation")
    SAFE_PLACE = "safe_place", _("Safe place")
    SERVICE = "service", _("Service")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    OTHER = "other", _("Other")


class Asset(AuditedModel, VersionedModel):
    personal_data = False

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(_("kind"), max_length=16, choices=AssetKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    location = models.ForeignKey(
        "geo.Location",
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service (directory)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["community", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="community_asset_point",
            )
        ]

    def __str__(self) -> str:
        return self.name
