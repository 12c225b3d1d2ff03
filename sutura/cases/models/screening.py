from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel


class Vulnerability(models.TextChoices):
    """Categories that flag and prioritise a case (domain notes §2)."""

    VOT = "vot", _("Victim of trafficking (presumed or identified)")
    UASC = "uasc", _("Unaccompanied or separated child")
    CHILD = "child", _("Child accompanied by family")
    MEDICAL = "medical", _("Medical condition needing care")
    MHPSS = "mhpss", _("Mental-health or psychosocial needs")
    DISABILITY = "disability", _("Person with a disability")
    GBV = "gbv", _("Survivor of gender-based violence")
    OLDER = "older", _("Older person (60+)")
    PREGNANT = "pregnant", _("Pregnant or lactating woman")
    SINGLE_CAREGIVER = "single_caregiver", _("Single caregiver of children")
    DETENTION = "detention", _("Detention, violence or abuse in transit")
    OTHER = "other", _("Other")


# Categories that raise the case to urgent and alert the responsible focal point.
ALERT_CATEGORIES = frozenset({Vulnerability.VOT, Vulnerability.UASC})


class VulnerabilityScreening(AuditedModel, TimeStampedModel):
    """What was found when the person was screened: categories and the factors behind them
    (individual, household, community, structural: IOM's determinants model)."""

    audit_sensitive_fields = frozenset(
        {
            "categories",
            "other_description",
            "individual_factors",
            "household_factors",
            "community_factors",
            "structural_factors",
        }
    )

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="screenings")
    categories = ArrayField(
        models.CharField(max_length=20, choices=Vulnerability.choices),
        verbose_name=_("vulnerabilities"),
        default=list,
        blank=True,
    )
    other_description = models.CharField(_("other: describe"), max_length=250, blank=True)
    individual_factors = models.TextField(_("individual factors"), blank=True)
    household_factors = models.TextField(_("household and family factors"), blank=True)
    community_factors = models.TextField(_("community factors"), blank=True)
    structural_factors = models.TextField(_("structural factors"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    screened_on = models.DateField(_("screened on"))

    class Meta:
        verbose_name = _("vulnerability screening")
        verbose_name_plural = _("vulnerability screenings")
        ordering = ["-screened_on", "-created_at"]

    def audit_label(self) -> str:
        return str(self.pk)[:8]

    def category_labels(self) -> list[str]:
        return [str(Vulnerability(code).label) for code in self.categories]
