"""Victims of trafficking (issue 18, item 3).

- `IndicatorChecklist` and its `IndicatorItem`s: the identification checklist of trafficking
  indicators, kept as versioned data (seeded by migration 0002, restored after a test flush).
  Items keep their `key` across versions; each belongs to a group (recruitment, movement,
  exploitation, control: the indicator families of ILO, UNODC and IOM).
- `Identification`: the checklist answered about one case (yes / no / unknown by item key), and
  the resulting status: presumed victim, identified victim, not a victim.
- `RiskAssessment` (re-trafficking, threats from traffickers, risk to the family) and its
  `SafetyPlan` (measures, safe contacts, relocation, review date).
- `LawEnforcementCooperation`: whether the person wishes to cooperate with law enforcement.
  **Never required for assistance**: no service, guard or page of the platform reads it to give
  or refuse anything.

Each record is **restricted** by default (the case's own manager and the organisation's
programme managers) and may be opened to the case team (`sutura.access.trafficking`). Free text
never enters the audit log (`audit_sensitive_fields`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.core.text import in_language

# --- the checklist (reference data) -------------------------------------------------------------


class IndicatorGroup(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    MOVEMENT = "movement", _("Movement")
    EXPLOITATION = "exploitation", _("Exploitation")
    CONTROL = "control", _("Control")


class IndicatorChecklist(TimeStampedModel):
    """One version of the identification checklist; one version is in use at a time."""

    personal_data = False

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    is_current = models.BooleanField(_("in use"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("trafficking indicator checklist")
        verbose_name_plural = _("trafficking indicator checklists")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="trafficking_one_current_checklist",
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class IndicatorItem(TimeStampedModel):
    personal_data = False

    checklist = models.ForeignKey(
        IndicatorChecklist, on_delete=models.CASCADE, related_name="indicators"
    )
    # The same indicator keeps its key across versions: answers are stored by key.
    key = models.SlugField(_("key"), max_length=60)
    group = models.CharField(_("group"), max_length=12, choices=IndicatorGroup.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    text_fr = models.CharField(_("text (French)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)

    class Meta:
        verbose_name = _("trafficking indicator")
        verbose_name_plural = _("trafficking indicators")
        ordering = ["checklist", "order"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "key"], name="trafficking_item_key_once")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_fr, self.text_en)


# --- records on a case ----------------------------------------------------------------------------


class Confidentiality(models.TextChoices):
    RESTRICTED = "restricted", _("Restricted: the case manager and the programme managers")
    CASE_TEAM = "case_team", _("The case team")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class VictimStatus(models.TextChoices):
    PRESUMED = "presumed", _("Presumed victim of trafficking")
    IDENTIFIED = "identified", _("Identified victim of trafficking")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim of trafficking")


class Authority(models.TextChoices):
    """Who identified the person, when it is not the organisation alone."""

    POLICE = "police", _("Police or gendarmerie")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    JUSTICE = "justice", _("Prosecutor or judge")
    ANTI_TRAFFICKING_UNIT = "anti_trafficking_unit", _("National anti-trafficking unit")
    SOCIAL_SERVICES = "social_services", _("Social services")
    OTHER = "other", _("Other authority")


class TraffickingRecord(AuditedModel, VersionedModel):
    """What every record of this app holds: its case, its confidentiality, who recorded it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.RESTRICTED,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class Identification(TraffickingRecord):
    audit_sensitive_fields = frozenset({"answers", "notes"})

    checklist = models.ForeignKey(IndicatorChecklist, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(_("answers"), default=dict)  # {item key: yes / no / unknown}
    status = models.CharField(_("resulting status"), max_length=14, choices=VictimStatus.choices)
    identified_on = models.DateField(_("date"))
    authority = models.CharField(
        _("identifying authority"), max_length=24, choices=Authority.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("identification")
        verbose_name_plural = _("identifications")
        ordering = ["-identified_on", "-created_at"]


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskAssessment(TraffickingRecord):
    audit_sensitive_fields = frozenset({"details"})

    assessed_on = models.DateField(_("date"))
    re_trafficking = models.CharField(
        _("risk of re-trafficking"), max_length=6, choices=Level.choices
    )
    trafficker_threats = models.CharField(
        _("threats from traffickers"), max_length=6, choices=Level.choices
    )
    family_risk = models.CharField(_("risk to the family"), max_length=6, choices=Level.choices)
    details = models.TextField(_("details"), blank=True)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_on", "-created_at"]

    @property
    def highest(self) -> str:
        levels = {self.re_trafficking, self.trafficker_threats, self.family_risk}
        return next(level for level in (Level.HIGH, Level.MEDIUM, Level.LOW) if level in levels)


class SafetyMeasure(models.TextChoices):
    CHANGE_PHONE = "change_phone", _("New phone number")
    SAFE_ACCOMMODATION = "safe_accommodation", _("Safe accommodation or shelter")
    RELOCATION = "relocation", _("Relocation")
    ACCOMPANIMENT = "accompaniment", _("Accompanied movements")
    FAMILY_INFORMED = "family_informed", _("Family informed of the risks")
    EMERGENCY_CONTACTS = "emergency_contacts", _("Emergency contacts agreed")
    POLICE_PROTECTION = "police_protection", _("Police protection requested")
    CHECK_INS = "check_ins", _("Regular check-in calls")
    DOCUMENTS_SECURED = "documents_secured", _("Identity documents kept safe")
    OTHER = "other", _("Other measure")


class SafetyPlan(AuditedModel, VersionedModel):
    """The measures agreed with the person after a risk assessment; it follows the assessment's
    confidentiality."""

    audit_sensitive_fields = frozenset({"measures_text", "safe_contacts", "relocation"})

    assessment = models.OneToOneField(
        RiskAssessment, on_delete=models.CASCADE, related_name="safety_plan"
    )
    measures = ArrayField(
        models.CharField(max_length=20, choices=SafetyMeasure.choices),
        verbose_name=_("measures"),
        default=list,
        blank=True,
    )
    measures_text = models.TextField(_("measures, in words"), blank=True)
    safe_contacts = models.TextField(_("safe contacts"), blank=True)
    relocation = models.TextField(_("relocation"), blank=True)
    review_on = models.DateField(_("review date"))

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")

    def measure_labels(self) -> list[str]:
        return [str(SafetyMeasure(code).label) for code in self.measures]


class CooperationDecision(models.TextChoices):
    WISHES = "wishes", _("Wishes to cooperate")
    DOES_NOT_WISH = "does_not_wish", _("Does not wish to cooperate")
    UNDECIDED = "undecided", _("Undecided")


class LawEnforcementCooperation(TraffickingRecord):
    """The person's own decision, recorded as they gave it; the latest one counts. Never a
    condition of any assistance."""

    audit_sensitive_fields = frozenset({"notes"})

    decision = models.CharField(_("decision"), max_length=14, choices=CooperationDecision.choices)
    decided_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("cooperation with law enforcement")
        verbose_name_plural = _("cooperation with law enforcement")
        ordering = ["-decided_on", "-created_at"]
