from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel


class Dimension(models.TextChoices):
    """The three dimensions of reintegration (IOM, Reintegration Handbook, 2019)."""

    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")


class Currency(models.TextChoices):
    XOF = "XOF", _("CFA franc (XOF)")
    XAF = "XAF", _("CFA franc (XAF)")
    EUR = "EUR", _("Euro (EUR)")


# ISO 4217: the CFA francs have no minor unit.
MINOR_UNITS = {Currency.XOF: 0, Currency.XAF: 0, Currency.EUR: 2}


class Programme(AuditedModel, TimeStampedModel):
    """A funded programme (donor budget line) that cases are assisted under."""

    personal_data = False  # an organisation's programmes

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    code = models.CharField(_("code"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="cases_programme_unique")
        ]

    def __str__(self) -> str:
        return self.name


class NeedsAssessment(AuditedModel, VersionedModel):
    """The needs found with the returnee, in the three dimensions."""

    audit_sensitive_fields = frozenset({"economic", "social", "psychosocial", "summary"})

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    economic = models.TextField(_("economic needs"), blank=True)
    social = models.TextField(_("social needs"), blank=True)
    psychosocial = models.TextField(_("psychosocial needs"), blank=True)
    summary = models.TextField(_("summary and returnee's own priorities"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("assessed on"))

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["-assessed_on", "-created_at"]

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned with comments")


class ReintegrationPlan(AuditedModel, VersionedModel):
    audit_sensitive_fields = frozenset({"objectives"})

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="plan")
    objectives = models.TextField(_("objectives agreed with the returnee"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reintegration plan")
        verbose_name_plural = _("reintegration plans")

    def audit_label(self) -> str:
        return str(self.case_id)[:8]


class PlannedAssistance(AuditedModel, TimeStampedModel):
    """One planned item: training, a business start-up kit, rent, medical costs…"""

    audit_sensitive_fields = frozenset({"kind", "description", "provider"})

    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="items")
    dimension = models.CharField(_("dimension"), max_length=15, choices=Dimension.choices)
    kind = models.CharField(_("kind of assistance"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    provider = models.CharField(_("provider or supplier"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)

    class Meta:
        verbose_name = _("planned assistance")
        verbose_name_plural = _("planned assistance")
        ordering = ["planned_on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="cases_item_amount_positive")
        ]

    def __str__(self) -> str:
        return self.kind

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class PlanDecision(TimeStampedModel):
    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned with comments")
        APPROVED_UNDER_THRESHOLD = "auto", _("Approved: under the approval threshold")

    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    comments = models.TextField(_("comments"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]


class AssistanceDelivery(AuditedModel, TimeStampedModel):
    """Assistance actually delivered (paid to a supplier against an invoice, as a rule)."""

    audit_sensitive_fields = frozenset({"notes", "reference"})

    item = models.ForeignKey(PlannedAssistance, on_delete=models.PROTECT, related_name="deliveries")
    delivered_on = models.DateField(_("delivered on"))
    amount = models.DecimalField(
        _("amount disbursed"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    reference = models.CharField(_("invoice or voucher reference"), max_length=80, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("assistance delivered")
        verbose_name_plural = _("assistance delivered")
        ordering = ["delivered_on", "created_at"]
