"""Programmes: what a funded programme adds to `cases.Programme` (its donors, period, places,
implementing partners and budget envelopes), its results framework (goal, outcomes, outputs,
their indicators with baselines, targets and actuals per period), and what is tagged to it.

The identity of a programme stays `cases.Programme` (cases point to it): this app extends it
with a one-to-one `ProgrammeProfile` instead of adding columns to the cases app, so cases keeps
no knowledge of donors, envelopes or results and the two apps' migrations stay apart.
Nothing here holds personal data (`personal_data = False`); what a tag points to is shown only
to those who may see it (`selectors.tags_of`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.cases.models import Currency, Dimension
from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel


def _warning_default() -> int:
    return int(getattr(settings, "SUTURA_BUDGET_WARNING_PERCENT", 80))


def _alert_default() -> int:
    return int(getattr(settings, "SUTURA_BUDGET_ALERT_PERCENT", 100))


class Donor(AuditedModel, TimeStampedModel):
    """A funder, kept by each organisation in its own list (two organisations may write the
    same donor differently; nobody edits another organisation's list)."""

    personal_data = False

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="donors"
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="programmes_donor_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.acronym or self.name


class ProgrammeProfile(AuditedModel, VersionedModel):
    """What the programme's page and reports say about a `cases.Programme`."""

    personal_data = False

    programme = models.OneToOneField(
        "cases.Programme", on_delete=models.CASCADE, related_name="profile"
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    donors = models.ManyToManyField(Donor, verbose_name=_("donors"), blank=True, related_name="+")
    areas = models.ManyToManyField(
        "geo.Location", verbose_name=_("countries and areas"), blank=True, related_name="+"
    )
    partners = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("implementing partners"),
        blank=True,
        related_name="partner_programmes",
    )
    warning_percent = models.PositiveSmallIntegerField(
        _("warn at (percentage of the envelope committed)"),
        default=_warning_default,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    alert_percent = models.PositiveSmallIntegerField(
        _("alert at (percentage of the envelope committed)"),
        default=_alert_default,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )

    class Meta:
        verbose_name = _("programme details")
        verbose_name_plural = _("programme details")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="programmes_profile_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(alert_percent__gte=models.F("warning_percent")),
                name="programmes_profile_thresholds_in_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.programme)


class Envelope(AuditedModel, VersionedModel):
    """A budget line of the programme in one currency. A line for one dimension of
    reintegration counts the plans' items of that dimension; a line with none counts every
    item (the whole reintegration assistance) in its currency."""

    personal_data = False

    programme = models.ForeignKey(
        "cases.Programme", on_delete=models.CASCADE, related_name="envelopes"
    )
    budget_line = models.CharField(_("budget line"), max_length=120)
    dimension = models.CharField(
        _("counts the plans' items of"),
        max_length=15,
        choices=Dimension.choices,
        blank=True,
        help_text=_("Leave empty to count every item of the plans in this currency."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("budget envelope")
        verbose_name_plural = _("budget envelopes")
        ordering = ["currency", "budget_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "currency", "budget_line"],
                name="programmes_envelope_unique_line",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="programmes_envelope_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_line} ({self.currency})"


class BudgetLevel(models.TextChoices):
    OK = "ok", _("Within the envelope")
    WARNING = "warning", _("Near the envelope")
    ALERT = "alert", _("Envelope reached")


class ResultLevel(models.TextChoices):
    GOAL = "goal", _("Goal")
    # "Outcome" alone is a referral's outcome (« Résultat »); in a results framework it is
    # « Effet ».
    OUTCOME = "outcome", pgettext_lazy("results framework", "Outcome")
    OUTPUT = "output", _("Output")


# What each level may sit under: a goal at the top, outcomes under it, outputs under outcomes.
PARENT_LEVEL = {
    ResultLevel.GOAL: None,
    ResultLevel.OUTCOME: ResultLevel.GOAL,
    ResultLevel.OUTPUT: ResultLevel.OUTCOME,
}


class ResultNode(AuditedModel, VersionedModel):
    """One result of the programme's framework: its goal, an outcome, an output."""

    personal_data = False

    programme = models.ForeignKey(
        "cases.Programme", on_delete=models.CASCADE, related_name="results"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.CharField(_("level"), max_length=10, choices=ResultLevel.choices)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("e.g. 1.2"))
    statement = models.TextField(_("result statement"), max_length=2000)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["code", "created_at"]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}".strip()


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percent")
    MEDIAN_DAYS = "median_days", _("Median days")
    AMOUNT = "amount", _("Amount")
    SCORE = "score", _("Score")


class ResultIndicator(AuditedModel, VersionedModel):
    """How a result is measured: an indicator of Sutura's registry (computed from the data),
    or one entered by hand with its source (data kept outside Sutura)."""

    personal_data = False

    result = models.ForeignKey(ResultNode, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(
        _("indicator of the registry"),
        max_length=80,
        blank=True,
        help_text=_("Empty for an indicator whose figures are entered by hand."),
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.COUNT)
    source = models.CharField(_("source and means of verification"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("result indicator")
        verbose_name_plural = _("result indicators")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(code="") | ~Q(name=""), name="programmes_indicator_named"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.code

    @property
    def computed(self) -> bool:
        return bool(self.code)


class PeriodValue(AuditedModel, VersionedModel):
    """An indicator's baseline, target and (entered) actual for one period ("2026-Q3")."""

    personal_data = False

    indicator = models.ForeignKey(ResultIndicator, on_delete=models.CASCADE, related_name="periods")
    period = models.CharField(_("period"), max_length=7)
    starts_on = models.DateField()  # from `period`, for ordering and the registry's dates
    ends_on = models.DateField()
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    actual = models.DecimalField(
        _("actual (entered)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Only for figures from outside Sutura; a registry indicator is computed."),
    )
    actual_source = models.CharField(_("source of the actual"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("period value")
        verbose_name_plural = _("period values")
        ordering = ["starts_on", "ends_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="programmes_period_value_unique"
            )
        ]

    def __str__(self) -> str:
        return self.period


class TagKind(models.TextChoices):
    MEETING = "meeting", _("Meeting, workshop or training")
    ACTIVITY = "activity", _("Mentoring activity")


class ProgrammeTag(AuditedModel, TimeStampedModel):
    """A record of another app (a meeting, a mentoring activity) counted under the programme,
    and so its donors. Cases need none: they carry `Case.programme`; community work neither:
    communities, initiatives and workplans choose their programmes on their own forms
    (`community` app), and the programme's page reads them."""

    personal_data = False

    programme = models.ForeignKey("cases.Programme", on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(_("kind"), max_length=10, choices=TagKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("programme tag")
        verbose_name_plural = _("programme tags")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "content_type", "object_id"], name="programmes_tag_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]
