"""Communities: the locality an organisation works in, its population and composition, its
selection for intervention (criteria scored as data, the rationale, who decided and when), the
programmes (donors) it is tagged with, and the partner organisations (CBOs) working on it.

A community is about a place and groups of people, never an individual: `personal_data =
False`. The partners listed here are what gives a partner CBO's staff access
(`access.community`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.core.text import in_language
from sutura.people.models import LANGUAGE_CHOICES


class SelectionStatus(models.TextChoices):
    # A community (une communauté) is « proposée »: the context keeps it apart from the
    # masculine "Proposed" of other apps.
    PROPOSED = "proposed", pgettext_lazy("community selection", "Proposed")
    SELECTED = "selected", _("Selected for intervention")
    NOT_SELECTED = "not_selected", _("Not selected")


class Community(AuditedModel, VersionedModel):
    personal_data = False  # a locality and its groups, no individual

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    location = models.ForeignKey(
        "geo.Location", verbose_name=_("location"), on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    outline = models.JSONField(_("outline (GeoJSON)"), null=True, blank=True)
    population_estimate = models.PositiveIntegerField(
        _("population estimate"), null=True, blank=True
    )
    population_source = models.CharField(_("source of the estimate"), max_length=300, blank=True)
    population_on = models.DateField(_("date of the estimate"), null=True, blank=True)
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    host_count = models.PositiveIntegerField(_("host population"), null=True, blank=True)
    returnee_count = models.PositiveIntegerField(_("returnees"), null=True, blank=True)
    displaced_count = models.PositiveIntegerField(_("displaced people"), null=True, blank=True)
    transit_count = models.PositiveIntegerField(_("migrants in transit"), null=True, blank=True)
    selection_status = models.CharField(
        _("selection"),
        max_length=16,
        choices=SelectionStatus.choices,
        default=SelectionStatus.PROPOSED,
    )
    selection_rationale = models.TextField(_("rationale"), max_length=4000, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    programmes = models.ManyToManyField(
        "cases.Programme", verbose_name=_("programmes"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "selection_status"], name="community_org")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "location", "name"], name="community_name_once"
            ),
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
                name="community_point_whole_and_valid",
            ),
            # A decision (selected or not) says when and by whom; a proposal has neither.
            models.CheckConstraint(
                condition=Q(
                    selection_status=SelectionStatus.PROPOSED,
                    decided_on__isnull=True,
                    decided_by__isnull=True,
                )
                | (~Q(selection_status=SelectionStatus.PROPOSED) & Q(decided_on__isnull=False)),
                name="community_decision_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SelectionCriterion(TimeStampedModel):
    """A criterion communities are scored on for selection: reference data."""

    personal_data = False

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=10), name="community_criterion_weight"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class CriterionScore(TimeStampedModel):
    personal_data = False

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(SelectionCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score (0–5)"), validators=[MaxValueValidator(5)])
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["community", "criterion"], name="community_score_once"),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=5), name="community_score_range"
            ),
        ]


class PartnerRole(models.TextChoices):
    IMPLEMENTING = "implementing", _("Implementing partner")
    CBO = "cbo", _("Community-based organisation")
    SERVICE = "service", _("Service provider")
    OTHER = "other", _("Other")


class CommunityPartner(TimeStampedModel):
    """A partner organisation (a CBO, an implementing partner) working on a community: its
    staff see the community (`access.community`)."""

    personal_data = False

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=16, choices=PartnerRole.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("community partner")
        verbose_name_plural = _("community partners")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "organisation"], name="community_partner_once"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True)
                | Q(since__isnull=True)
                | Q(until__gte=models.F("since")),
                name="community_partner_period",
            ),
        ]
