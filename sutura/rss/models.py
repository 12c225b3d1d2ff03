"""A Reintegration Sustainability Survey response: the returnee's answers on one day, kept on
their case as codes (question id -> answer code), with the four scores computed by the
instrument version named on the row. The scores are stored, never recomputed silently: an
edit scores the new answers with the response's own version, a new version is a new file.

A case has at most one baseline, and besides it at most one survey per calendar quarter (the
database refuses a second: `rss_one_follow_up_per_quarter`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.translation import gettext_lazy as _

from sutura.core.dates import day
from sutura.core.models import AuditedModel, VersionedModel


class SurveyKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    FOLLOW_UP = "follow_up", _("Follow-up")


class SurveyResponse(AuditedModel, VersionedModel):
    """One survey of the returnee of a case."""

    # The answers say how someone feels (distress, wish to leave): never written to the log.
    audit_sensitive_fields = frozenset({"answers"})

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="rss_responses")
    kind = models.CharField(_("kind"), max_length=10, choices=SurveyKind.choices)
    offset_months = models.PositiveSmallIntegerField(
        _("months after return"), null=True, blank=True
    )
    surveyed_on = models.DateField(_("surveyed on"))
    # The calendar quarter of the survey (20263 = 2026, third quarter): one per case.
    quarter = models.GeneratedField(
        expression=ExtractYear("surveyed_on") * 10 + ExtractQuarter("surveyed_on"),
        output_field=models.IntegerField(),
        db_persist=True,
    )
    instrument_version = models.CharField(_("instrument version"), max_length=40)
    answers = models.JSONField(_("answers"), default=dict)
    economic = models.DecimalField(_("economic score"), max_digits=7, decimal_places=6)
    social = models.DecimalField(_("social score"), max_digits=7, decimal_places=6)
    psychosocial = models.DecimalField(_("psychosocial score"), max_digits=7, decimal_places=6)
    composite = models.DecimalField(_("composite score"), max_digits=7, decimal_places=6)
    # Per dimension (and the composite), the share of the weight from don't-know,
    # prefer-not-to-answer and documented blanks (rss.md §6.2), as decimal strings.
    missing_share = models.JSONField(_("share of missing answers"), default=dict)
    incomplete = models.BooleanField(_("incomplete"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("sustainability survey")
        verbose_name_plural = _("sustainability surveys")
        ordering = ["surveyed_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind="baseline"), name="rss_one_baseline"
            ),
            models.UniqueConstraint(
                fields=["case", "quarter"],
                condition=Q(kind="follow_up"),
                name="rss_one_follow_up_per_quarter",
            ),
            models.CheckConstraint(
                condition=Q(kind="baseline", offset_months__isnull=True)
                | Q(kind="follow_up", offset_months__isnull=False),
                name="rss_offset_for_follow_ups",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 0, f"{name}__lte": 1}),
                    name=f"rss_{name}_between_0_and_1",
                )
                for name in ("economic", "social", "psychosocial", "composite")
            ),
        ]
        indexes = [models.Index(fields=["case", "surveyed_on"], name="rss_case_day")]

    def __str__(self) -> str:
        return f"RSS {self.kind} {day(self.surveyed_on)}"

    def scores(self) -> dict[str, object]:
        return {
            "economic": self.economic,
            "social": self.social,
            "psychosocial": self.psychosocial,
            "composite": self.composite,
        }
