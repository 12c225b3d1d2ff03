"""The community diagnosis: migration flows over time, notes on protection challenges and
opportunities, security and engagement prospects, socio-economic groups, the service providers
present, and key-informant interviews. Every entry carries its `source` and a triangulation
status (single source, triangulated, validated at a consultation); the diagnosis report is
assembled from these rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sutura.community.models.communities import Community
from sutura.core.models import AuditedModel, VersionedModel


class TriangulationStatus(models.TextChoices):
    SINGLE_SOURCE = "single_source", _("Single source")
    TRIANGULATED = "triangulated", _("Triangulated")
    VALIDATED = "validated", _("Validated at a consultation")


class DiagnosisEntry(AuditedModel, VersionedModel):
    """What every diagnosis entry has: its community, its source and how far it is confirmed."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("source"), max_length=300)
    triangulation = models.CharField(
        _("triangulation"),
        max_length=16,
        choices=TriangulationStatus.choices,
        default=TriangulationStatus.SINGLE_SOURCE,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The consultation (a meeting of the community) where the entry was validated.
    validated_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("validated at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class FlowDirection(models.TextChoices):
    DEPARTURES = "departures", _("Departures")
    RETURNS = "returns", _("Returns")
    TRANSIT = "transit", _("Transit")


class Reliability(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class MigrationFlow(DiagnosisEntry):
    personal_data = False

    period_start = models.DateField(_("period starts on"))
    period_end = models.DateField(_("period ends on"))
    direction = models.CharField(_("direction"), max_length=12, choices=FlowDirection.choices)
    estimated_number = models.PositiveIntegerField(_("estimated number"))
    reliability = models.CharField(_("reliability"), max_length=8, choices=Reliability.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("migration flow")
        verbose_name_plural = _("migration flows")
        ordering = ["community", "period_start", "direction"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="community_flow_period"
            )
        ]


class NoteTopic(models.TextChoices):
    PROTECTION_CHALLENGE = "protection_challenge", _("Protection challenge")
    PROTECTION_OPPORTUNITY = "protection_opportunity", _("Protection opportunity")
    SECURITY = "security", _("Security context")
    ENGAGEMENT_PROSPECT = "engagement_prospect", _("Prospect for community engagement")


class DiagnosisNote(DiagnosisEntry):
    personal_data = False  # about the community, never naming anyone

    topic = models.CharField(_("topic"), max_length=24, choices=NoteTopic.choices)
    text = models.TextField(_("text"), max_length=4000)

    class Meta:
        verbose_name = _("diagnosis note")
        verbose_name_plural = _("diagnosis notes")
        ordering = ["community", "topic", "created_at"]


class GroupKind(models.TextChoices):
    YOUTH = "youth", _("Youth")
    WOMEN = "women", _("Women's association")
    TRADERS = "traders", _("Traders")
    HERDERS = "herders", _("Herders")
    FARMERS = "farmers", _("Farmers")
    RETURNEES = "returnees", _("Returnees")
    RELIGIOUS = "religious", _("Religious group")
    OTHER = "other", _("Other")


class SocioEconomicGroup(DiagnosisEntry):
    personal_data = False

    kind = models.CharField(_("kind"), max_length=12, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    size_estimate = models.PositiveIntegerField(_("size estimate"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("socio-economic group")
        verbose_name_plural = _("socio-economic groups")
        ordering = ["community", "kind", "name"]


class ServicePresence(DiagnosisEntry):
    """A service provider present in the community: from the directory, or named."""

    personal_data = False

    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service (directory)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("service present")
        verbose_name_plural = _("services present")
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | ~Q(name=""),
                name="community_service_presence_named",
            )
        ]


class KeyInformantInterview(DiagnosisEntry):
    """An interview with a key informant: the informant's name is personal data."""

    audit_sensitive_fields = frozenset({"informant_name", "informant_role", "notes"})

    informant_role = models.CharField(_("informant's role"), max_length=200)
    informant_name = models.CharField(_("informant's name"), max_length=200, blank=True)
    held_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), max_length=8000, blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("key-informant interview")
        verbose_name_plural = _("key-informant interviews")
        ordering = ["community", "-held_on"]
