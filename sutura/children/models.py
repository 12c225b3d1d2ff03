"""Unaccompanied and separated children (UASC): the child's profile on a case, the interim care
arrangements and their checks, the best-interests assessment (BIA) answered on a form kept as
versioned data, and the best-interests determination (BID) decided by a panel.

Codes are stored, never translated text. Every record hangs on a case and follows it (its team
only: `access/children.py`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel


class ChildStatus(models.TextChoices):
    UNACCOMPANIED = "unaccompanied", _("Unaccompanied child")
    SEPARATED = "separated", _("Separated child")


class CareKind(models.TextChoices):
    FAMILY = "family", _("Family-based care (relatives)")
    FOSTER = "foster", _("Foster family")
    CENTRE = "centre", _("Residential centre")
    INDEPENDENT = "independent", _("Independent living under supervision")
    OTHER = "other", _("Other arrangement")


class CheckOutcome(models.TextChoices):
    SUITABLE = "suitable", _("Suitable")
    CONCERNS = "concerns", _("Concerns to follow up")
    UNSAFE = "unsafe", _("Unsafe: the child must be moved")


class Domain(models.TextChoices):
    SAFETY = "safety", _("Safety")
    FAMILY = "family", _("Family situation")
    VIEWS = "views", _("The child's views")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    RISKS = "risks", _("Risks")


class BidQuestion(models.TextChoices):
    REUNIFICATION = "reunification", _("Family reunification")
    RETURN = "return", _("Return to the country of origin")
    ALTERNATIVE_CARE = "alternative_care", _("Long-term alternative care")
    OTHER = "other", _("Other durable solution")


class BidDecision(models.TextChoices):
    REUNIFY = "reunify", _("Reunify the child with the family")
    DO_NOT_REUNIFY = "not_reunify", _("Do not reunify for now")
    RETURN = "return", _("Return to the country of origin")
    DO_NOT_RETURN = "not_return", _("Do not return for now")
    ALTERNATIVE_CARE = "alternative_care", _("Place in long-term alternative care")
    OTHER = "other", _("Other decision")


class BidStatus(models.TextChoices):
    DRAFT = "draft", _("Under determination")
    DECIDED = "decided", _("Decided")


class ChildProfile(AuditedModel, VersionedModel):
    """What makes a case a child's case: one per case."""

    audit_sensitive_fields = frozenset(
        {"status", "caregiver_name", "caregiver_relationship", "caregiver_phone", "care_kind"}
    )

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="child_profile"
    )
    status = models.CharField(_("child's status"), max_length=20, choices=ChildStatus.choices)
    caregiver_name = models.CharField(_("current caregiver"), max_length=200, blank=True)
    caregiver_relationship = models.CharField(
        _("caregiver's relationship to the child"), max_length=100, blank=True
    )
    caregiver_phone = models.CharField(_("caregiver's phone"), max_length=30, blank=True)
    # The arrangement in force, kept from the latest `CareArrangement` by the services.
    care_kind = models.CharField(
        _("interim care arrangement"), max_length=20, choices=CareKind.choices, blank=True
    )
    care_since = models.DateField(_("since"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("child's profile")
        verbose_name_plural = _("children's profiles")

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class CareArrangement(AuditedModel, TimeStampedModel):
    """One interim care arrangement in the child's history (the latest one is in force)."""

    audit_sensitive_fields = frozenset({"kind", "place", "caregiver_name", "notes"})

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="care_arrangements"
    )
    kind = models.CharField(_("arrangement"), max_length=20, choices=CareKind.choices)
    place = models.CharField(_("place or centre"), max_length=200, blank=True)
    caregiver_name = models.CharField(_("caregiver"), max_length=200, blank=True)
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("care arrangement")
        verbose_name_plural = _("care arrangements")
        ordering = ["-started_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="children_arrangement_ends_after_start",
            )
        ]

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class CareCheck(AuditedModel, TimeStampedModel):
    """A visit or check of a care arrangement: is it still right for the child?"""

    audit_sensitive_fields = frozenset({"outcome", "notes"})

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="care_checks")
    arrangement = models.ForeignKey(
        CareArrangement, on_delete=models.CASCADE, related_name="checks"
    )
    checked_on = models.DateField(_("date of the check"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=CheckOutcome.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("care check")
        verbose_name_plural = _("care checks")
        ordering = ["-checked_on", "-created_at"]

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class AssessmentForm(TimeStampedModel):
    """A version of the best-interests assessment form (reference data, seeded by migration
    `0002`). Items keep their `key` across versions, so answers compare."""

    personal_data = False

    version = models.PositiveIntegerField(_("form version"), unique=True)
    is_current = models.BooleanField(_("current version"), default=False)
    title_fr = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("best-interests assessment form")
        verbose_name_plural = _("best-interests assessment forms")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="children_one_current_form",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "fr").startswith("en") else self.title_fr


class AssessmentItem(models.Model):
    personal_data = False

    form = models.ForeignKey(AssessmentForm, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=60)
    domain = models.CharField(max_length=20, choices=Domain.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text_fr = models.TextField()
    text_en = models.TextField()

    class Meta:
        ordering = ["form", "order"]
        constraints = [
            models.UniqueConstraint(fields=["form", "key"], name="children_item_key_per_form")
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "fr").startswith("en") else self.text_fr


class BestInterestsAssessment(AuditedModel, TimeStampedModel):
    """A best-interests assessment (BIA): the form's answers, the child's own views, who
    assessed and when, and what they recommend. Done before any durable decision."""

    audit_sensitive_fields = frozenset({"answers", "childs_views", "recommendation"})

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="bias")
    form = models.ForeignKey(AssessmentForm, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    childs_views = models.TextField(_("the child's own views"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_on = models.DateField(_("date of the assessment"))
    recommendation = models.TextField(_("recommendation"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("best-interests assessment")
        verbose_name_plural = _("best-interests assessments")
        ordering = ["-assessed_on", "-created_at"]

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class BestInterestsDetermination(AuditedModel, VersionedModel):
    """A best-interests determination (BID): a panel answers one durable question for the
    child, having reviewed the assessments and the evidence. Drafted, then decided."""

    audit_sensitive_fields = frozenset({"question_detail", "evidence", "decision", "reasons"})

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="bids")
    question = models.CharField(_("question"), max_length=20, choices=BidQuestion.choices)
    question_detail = models.CharField(_("the question, in detail"), max_length=250, blank=True)
    panel_on = models.DateField(_("date of the panel"))
    assessments_reviewed: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        BestInterestsAssessment,
        through="ReviewedAssessment",
        verbose_name=_("assessments reviewed"),
        related_name="determinations",
        blank=True,
    )
    evidence = models.TextField(_("other evidence reviewed"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BidStatus.choices, default=BidStatus.DRAFT
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=BidDecision.choices, blank=True
    )
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("best-interests determination")
        verbose_name_plural = _("best-interests determinations")
        ordering = ["-panel_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(decision="") & ~Q(reasons="")),
                name="children_decided_bid_has_decision_and_reasons",
            )
        ]

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class ReviewedAssessment(models.Model):
    """An assessment a determination's panel reviewed (the link only)."""

    determination = models.ForeignKey(
        BestInterestsDetermination, on_delete=models.CASCADE, related_name="+"
    )
    assessment = models.ForeignKey(
        BestInterestsAssessment, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["determination", "assessment"], name="children_reviewed_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.determination_id} ← {self.assessment_id}"


class PanelMember(AuditedModel, TimeStampedModel):
    """A member of a determination's panel: a user of the organisation, or someone from
    outside named with their role (a social welfare officer, a UNHCR staff member…)."""

    audit_sensitive_fields = frozenset({"name", "role", "organisation_name"})

    determination = models.ForeignKey(
        BestInterestsDetermination, on_delete=models.CASCADE, related_name="panel"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""),
                name="children_panel_member_is_named",
            )
        ]

    def audit_label(self) -> str:
        return str(self.pk)[:8]

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.get_username()
        return self.name
