"""Referral pathways (organigramme de référence): for a need and an area, the ordered steps
and the services to refer to at each."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sutura.cases.models import Vulnerability
from sutura.core.models import AuditedModel, VersionedModel
from sutura.directory.models.entries import Service, ServiceCategory, in_language


class Need(models.TextChoices):
    """The needs a referral pathway is drawn for."""

    TRAFFICKING = "vot", _("Victim of trafficking")
    UASC = "uasc", _("Unaccompanied or separated child")
    MHPSS = "mhpss", _("Mental health and psychosocial support")
    MEDICAL = "medical", _("Medical care")
    GBV = "gbv", _("Gender-based violence")
    DOCUMENTATION = "documentation", _("Lost identity documents")
    LIVELIHOODS = "livelihoods", _("Economic reintegration")
    SHELTER = "shelter", _("Emergency shelter")


# A case's vulnerability flags → the pathways worth suggesting when referring it.
NEEDS_FOR_VULNERABILITY: dict[str, tuple[str, ...]] = {
    Vulnerability.VOT: (Need.TRAFFICKING,),
    Vulnerability.UASC: (Need.UASC,),
    Vulnerability.MHPSS: (Need.MHPSS,),
    Vulnerability.MEDICAL: (Need.MEDICAL,),
    Vulnerability.GBV: (Need.GBV,),
    Vulnerability.DETENTION: (Need.MHPSS,),
    Vulnerability.PREGNANT: (Need.MEDICAL,),
}


class Pathway(AuditedModel, VersionedModel):
    """A referral pathway: for a need and an area (empty: everywhere), the ordered steps."""

    personal_data = False  # reference data

    need = models.CharField(_("need"), max_length=20, choices=Need.choices)
    area = models.ForeignKey(
        "geo.Location",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: applies everywhere unless an area has its own pathway."),
    )
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("referral pathway")
        verbose_name_plural = _("referral pathways")
        ordering = ["need", "title_fr"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)


class PathwayStep(VersionedModel):
    """One step of a pathway: what to do, which kind of service, and the services to use."""

    personal_data = False  # reference data

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    title_fr = models.CharField(_("step (French)"), max_length=200)
    title_en = models.CharField(_("step (English)"), max_length=200, blank=True)
    detail_fr = models.TextField(_("details (French)"), blank=True)
    detail_en = models.TextField(_("details (English)"), blank=True)
    category = models.CharField(
        _("kind of service"), max_length=20, choices=ServiceCategory.choices, blank=True
    )
    urgency = models.CharField(_("urgency"), max_length=10, blank=True)
    services = models.ManyToManyField(
        Service, verbose_name=_("services to refer to"), blank=True, related_name="pathway_steps"
    )

    class Meta:
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")
        ordering = ["pathway", "order"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "order"], name="directory_step_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)

    @property
    def detail(self) -> str:
        return in_language(self.detail_fr, self.detail_en)
