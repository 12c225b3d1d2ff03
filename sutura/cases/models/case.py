from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel


class CaseType(models.TextChoices):
    RETURN_REINTEGRATION = "return_reintegration", _("Return and reintegration")
    PROTECTION_IN_TRANSIT = "protection_in_transit", _("Protection in transit")
    TRAFFICKING = "trafficking", _("Victim of trafficking")
    UASC = "uasc", _("Unaccompanied or separated child")
    # Opened in the host or transit country for the departure; the reintegration case opens
    # from it at home (sutura/returns/).
    ASSISTED_RETURN = "assisted_return", _("Assisted voluntary return (departure)")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    SCREENING = "screening", _("Screening")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN = "plan", _("Plan")
    ASSISTANCE = "assistance", _("Assistance")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class RiskLevel(models.IntegerChoices):
    # A context of their own: in French a risk level agrees with « niveau » (masculine).
    LOW = 1, pgettext_lazy("risk level", "Low")
    MEDIUM = 2, pgettext_lazy("risk level", "Medium")
    HIGH = 3, pgettext_lazy("risk level", "High")


class ClosureReason(models.TextChoices):
    PLAN_COMPLETED = "plan_completed", _("Reintegration plan completed")
    SUSTAINABLY_REINTEGRATED = "reintegrated", _("Sustainably reintegrated")
    REFERRED_ELSEWHERE = "referred", _("Referred to another organisation")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    REMIGRATED = "remigrated", _("Re-migrated")
    WITHDREW = "withdrew", _("Withdrew consent or declined assistance")
    DECEASED = "deceased", _("Deceased")
    DUPLICATE = "duplicate", _("Duplicate case")
    RETURNED = "returned", _("Returned home (handed over to the receiving office)")
    OTHER = "other", _("Other")


# What the indicators read of a case (with its programme, opening date and id).
COUNTED = (
    "closed_on",
    "organisation",
    "person",
    "flags",
    "person_sex",
    "person_birth_date",
    "person_location",
)


class Case(AuditedModel, VersionedModel):
    """One episode of assistance to one person. A person can have several cases over time."""

    audit_sensitive_fields = frozenset({"flags"})
    # The person's facts copied by the database: the person's own log records their changes.
    audit_ignored_fields = AuditedModel.audit_ignored_fields | {
        "person_sex",
        "person_birth_date",
        "person_location",
    }

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    number = models.CharField(_("case number"), max_length=20, unique=True)
    case_type = models.CharField(_("type"), max_length=30, choices=CaseType.choices)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_cases",
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("community mentor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentored_cases",
    )
    programme = models.ForeignKey(
        "cases.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    risk_level = models.PositiveSmallIntegerField(
        _("risk level"), choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    flags = ArrayField(
        models.CharField(max_length=30), verbose_name=_("flags"), default=list, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    registration_consent = models.ForeignKey(
        "people.Consent",
        verbose_name=_("consent relied on"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept by the follow-up service: the date the next follow-up is due (overdue lists).
    next_follow_up_on = models.DateField(_("next follow-up due"), null=True, blank=True)
    # A copy of the person's sex, birth date and current place, kept in step by the database
    # (triggers of `0006_case_person_facts`: on writing the case, on changing the person):
    # the indicators count cases by them without visiting a million people. Never written
    # by the app: whatever it writes here, the triggers put the person's back.
    person_sex = models.CharField(max_length=12, default="", editable=False)
    person_birth_date = models.DateField(null=True, editable=False)
    person_location = models.ForeignKey(
        "geo.Location",
        null=True,
        editable=False,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # a copy: the person's own column holds the constraint
        db_index=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="cases_case_closes_after_opening",
                violation_error_message=_("A case cannot close before it opened."),
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="cases_case_closed_has_a_date",
            ),
        ]
        indexes = [
            # The case list's default order: an organisation's latest cases first.
            models.Index(
                fields=["organisation", "-opened_on", "-number"], name="cases_case_org_opened"
            ),
            models.Index(fields=["organisation", "status", "-opened_on"]),
            models.Index(fields=["case_manager", "status"]),
            models.Index(fields=["mentor"]),
            models.Index(fields=["case_manager", "next_follow_up_on"]),
            # The indicators (issue 20): a programme's cases opened by a date, and a case
            # reached from a referral or a plan, read from the index alone with the person's
            # facts (no visit to the table nor to the people: a report counts 160,000 cases
            # of a million).
            models.Index(
                fields=["programme", "opened_on"],
                include=[*COUNTED, "id"],
                name="cases_case_facts_programme",
            ),
            models.Index(
                fields=["id"],
                include=["programme", *COUNTED],
                name="cases_case_facts",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def audit_label(self) -> str:
        return self.number

    def flag_labels(self) -> list[str]:
        from sutura.cases.models.screening import Vulnerability

        return [str(Vulnerability(f).label) if f in Vulnerability.values else f for f in self.flags]

    def flag_labels_beyond_type(self) -> list[str]:
        """The flags the case's type does not already say (a child's case flagged as a child:
        its heading says it once)."""
        return [
            label
            for flag, label in zip(self.flags, self.flag_labels(), strict=True)
            if flag != self.case_type
        ]


class TransitionCause(models.TextChoices):
    """Why the system moved a case when no person wrote a reason; translated when shown."""

    OPENED = "opened", _("Case opened")
    SCREENING = "screening", _("Screening recorded")
    FROM_RETURN = "from_return", _("Opened from the return journey")


class CaseTransition(TimeStampedModel):
    """Every change of a case's status: who, when, from what, to what, and why.

    `reason` holds only what a person typed; what the app itself says about a move is a code in
    `cause`, so each reader sees it in their own language.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    cause = models.CharField(_("cause"), max_length=20, choices=TransitionCause.choices, blank=True)

    class Meta:
        ordering = ["created_at"]


class CaseNumberCounter(models.Model):
    """The last number given per country and year (SN-2026-000123)."""

    personal_data = False  # a counter

    country_code = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country_code", "year"], name="cases_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.country_code}-{self.year}: {self.last}"
