"""The directory's entries: a service offered by a provider in some areas, who may use it,
and when it was last verified."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.cases.models import Vulnerability
from sutura.core.models import AuditedModel, VersionedModel
from sutura.core.text import in_language
from sutura.people.models import LANGUAGE_CHOICES, Sex

# An entry nobody has checked for this long is flagged as possibly out of date.
VERIFICATION_MAX_AGE = timedelta(days=182)


class ServiceCategory(models.TextChoices):
    HEALTH = "health", _("Health")
    MHPSS = "mhpss", _("Mental health and psychosocial support")
    LEGAL = "legal", _("Legal aid")
    SHELTER = "shelter", _("Shelter")
    DOCUMENTATION = "documentation", _("Documentation and civil registration")
    EDUCATION = "education", _("Education and vocational training")
    LIVELIHOODS = "livelihoods", _("Employment and livelihoods")
    FAMILY_TRACING = "family_tracing", _("Family tracing and reunification")
    CASH = "cash", _("Cash and financial services")
    FOOD_NFI = "food_nfi", _("Food and non-food items")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    GBV = "gbv", _("Gender-based violence response")
    OTHER = "other", _("Other")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    FEE = "fee", _("Fee")
    MIXED = "mixed", _("Free for some, fee for others")


class MhpssLayer(models.IntegerChoices):
    """IASC MHPSS pyramid (domain notes §5)."""

    BASIC = 1, _("1 — Basic services and security")
    COMMUNITY = 2, _("2 — Community and family supports")
    FOCUSED = 3, _("3 — Focused non-specialised supports")
    SPECIALISED = 4, _("4 — Specialised services")


class Service(AuditedModel, VersionedModel):
    """One service offered by a provider (an organisation of any type) in some areas."""

    personal_data = False  # the directory is public

    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    areas = models.ManyToManyField(
        "geo.Location", verbose_name=_("areas served"), related_name="+", blank=True
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    location = models.ForeignKey(
        "geo.Location",
        verbose_name=_("where it is"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    focal_point = models.CharField(_("focal point"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    sexes = ArrayField(
        models.CharField(max_length=12, choices=Sex.choices),
        verbose_name=_("for"),
        default=list,
        blank=True,
        help_text=_("Empty: everyone."),
    )
    nationalities = ArrayField(
        models.CharField(max_length=2),
        verbose_name=_("nationalities accepted"),
        default=list,
        blank=True,
        help_text=_("Empty: any nationality."),
    )
    vulnerabilities = ArrayField(
        models.CharField(max_length=20, choices=Vulnerability.choices),
        verbose_name=_("for people with these vulnerabilities"),
        default=list,
        blank=True,
        help_text=_("Empty: anyone eligible by age, sex and nationality."),
    )
    eligibility_notes = models.TextField(_("other eligibility conditions"), blank=True)
    cost = models.CharField(_("cost"), max_length=8, choices=Cost.choices, default=Cost.FREE)
    cost_details = models.CharField(_("cost details"), max_length=200, blank=True)
    capacity = models.CharField(
        _("capacity"), max_length=200, blank=True, help_text=_("e.g. 20 people a month")
    )
    how_to_refer = models.TextField(_("how to refer"), blank=True)
    mhpss_layer = models.PositiveSmallIntegerField(
        _("MHPSS layer"), choices=MhpssLayer.choices, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name_fr"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=F("min_age")),
                name="directory_service_age_range",
                violation_error_message=_("The maximum age must not be below the minimum age."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="directory_service_gps_pair",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]
        indexes = [models.Index(fields=["category", "is_active"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)

    @property
    def description(self) -> str:
        return in_language(self.description_fr, self.description_en)

    def audit_label(self) -> str:
        return self.name_fr

    def needs_verification(self, today: date | None = None) -> bool:
        """Flagged when nobody has verified the entry for six months (or ever)."""
        today = today or timezone.localdate()
        return self.last_verified_on is None or today - self.last_verified_on > (
            VERIFICATION_MAX_AGE
        )

    def accepts(self, *, age: int | None, sex: str, nationality: str) -> bool:
        """Whether a person with these traits meets the service's stated eligibility."""
        if age is not None and self.min_age is not None and age < self.min_age:
            return False
        if age is not None and self.max_age is not None and age > self.max_age:
            return False
        if self.sexes and sex in Sex.values and sex != Sex.NOT_STATED and sex not in self.sexes:
            return False
        return not (self.nationalities and nationality and nationality not in self.nationalities)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


# The values of an entry that proposals and edits change (the rest is its history).
DECIMAL_FIELDS = frozenset({"latitude", "longitude"})
EDITABLE_FIELDS: tuple[str, ...] = (
    "name_fr",
    "name_en",
    "category",
    "description_fr",
    "description_en",
    "address",
    "latitude",
    "longitude",
    "phone",
    "email",
    "focal_point",
    "opening_hours",
    "languages",
    "min_age",
    "max_age",
    "sexes",
    "nationalities",
    "vulnerabilities",
    "eligibility_notes",
    "cost",
    "cost_details",
    "capacity",
    "how_to_refer",
    "mhpss_layer",
)
