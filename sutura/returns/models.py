"""Assisted voluntary return: the journey from the host or transit country to reception at home.

A `Return` is one to one with the departure office's case (type `assisted_return`). Its
departure parts (counselling, eligibility and vulnerability, travel documents, medical
fitness, movements) are recorded by that case's team; at the handover the person's identity
is copied onto the return for the receiving organisation, whose case managers then record the
arrival, post-arrival counselling, and open the reintegration case (`reintegration_case`).
Who reads which part: `sutura/access/returns.py`.
"""

from __future__ import annotations

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from sutura.core.dates import day
from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.people.models import Sex


class ReturnStatus(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    READY = "ready", _("Ready to travel")
    TRAVELLING = "travelling", _("Handed over, travelling")
    ARRIVED = "arrived", _("Arrived")
    REINTEGRATION = "reintegration", _("Reintegration case opened")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses after the handover: the receiving organisation sees the return.
HANDED_OVER = (ReturnStatus.TRAVELLING, ReturnStatus.ARRIVED, ReturnStatus.REINTEGRATION)


class CancelReason(models.TextChoices):
    CHANGED_MIND = "changed_mind", _("The person changed their mind")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    DOCUMENTS_REFUSED = "documents_refused", _("Travel documents refused")
    UNFIT = "unfit", _("Not fit to travel")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    OTHER = "other", _("Other")


class Eligibility(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


class Vulnerability(models.TextChoices):
    UNACCOMPANIED_CHILD = "unaccompanied_child", _("Unaccompanied child")
    SEPARATED_CHILD = "separated_child", _("Separated child")
    TRAFFICKING = "trafficking", _("Presumed victim of trafficking")
    MEDICAL = "medical", _("Medical condition")
    DISABILITY = "disability", _("Disability")
    MENTAL_HEALTH = "mental_health", _("Mental health needs")
    PREGNANT = "pregnant", _("Pregnant or breastfeeding")
    ELDERLY = "elderly", _("Older person")
    GBV = "gbv", _("Survivor of gender-based violence")
    OTHER = "other", _("Other")


class Fitness(models.TextChoices):
    FIT = "fit", _("Fit to travel")
    FIT_WITH_ESCORT = "fit_with_escort", _("Fit to travel with an escort")
    UNFIT = "unfit", _("Unfit to travel")


class Decision(models.TextChoices):
    WISHES_TO_RETURN = "wishes_to_return", _("Wishes to return")
    UNDECIDED = "undecided", _("Undecided")
    DOES_NOT_WISH = "does_not_wish", _("Does not wish to return")


class Topic(models.TextChoices):
    RETURN_PROCESS = "return_process", _("The return process")
    CONDITIONS_AT_HOME = "conditions_at_home", _("Conditions at home")
    REINTEGRATION = "reintegration", _("Reintegration assistance")
    RIGHTS = "rights", _("Rights")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class Side(models.TextChoices):
    DEPARTURE = "departure", _("Before departure")
    ARRIVAL = "arrival", _("After arrival")


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    LAISSEZ_PASSER = "laissez_passer", _("Laissez-passer")
    EMERGENCY = "emergency", _("Emergency travel document")
    OTHER = "other", _("Other")


class DocumentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")


class Assistance(models.TextChoices):
    TRANSPORT = "transport", _("Onward transport")
    CASH = "cash", _("Cash")
    SHELTER = "shelter", _("Temporary shelter")
    MEDICAL = "medical", _("Medical care")
    FOOD = "food", _("Food")
    HYGIENE = "hygiene", _("Hygiene kit")
    OTHER = "other", _("Other")


class Return(AuditedModel, VersionedModel):
    """One person's assisted voluntary return (RT-2026-000042)."""

    audit_sensitive_fields = frozenset(
        {"given_names", "family_name", "birth_date", "phone", "other_phones", "vulnerability_note"}
    )

    number = models.CharField(_("return number"), max_length=20, unique=True)
    departure_case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="assisted_return",
        verbose_name=_("departure case"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="returns_departing",
        verbose_name=_("departure office"),
    )
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="returns_arriving",
        verbose_name=_("receiving organisation"),
    )
    from_country = models.CharField(_("from country"), max_length=2)
    to_country = models.CharField(_("to country"), max_length=2)
    status = models.CharField(
        _("status"), max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.COUNSELLING
    )
    cancel_reason = models.CharField(
        _("reason for cancelling"), max_length=20, choices=CancelReason.choices, blank=True
    )
    # Eligibility and vulnerability at departure.
    eligibility = models.CharField(
        _("eligibility"), max_length=20, choices=Eligibility.choices, blank=True
    )
    vulnerabilities = ArrayField(
        models.CharField(max_length=30, choices=Vulnerability.choices),
        verbose_name=_("vulnerabilities at departure"),
        default=list,
        blank=True,
    )
    vulnerability_note = models.TextField(_("note on vulnerability"), blank=True)
    # Medical fitness to travel.
    fitness = models.CharField(
        _("medical fitness"), max_length=20, choices=Fitness.choices, blank=True
    )
    fitness_on = models.DateField(_("date of the fitness check"), null=True, blank=True)
    fitness_by = models.CharField(_("checked by"), max_length=200, blank=True)
    # The handover: who, when, the consent it relied on, the identity as it was then.
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    sharing_consent = models.ForeignKey(
        "people.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent to share relied on"),
    )
    decision = models.CharField(
        _("informed decision"), max_length=20, choices=Decision.choices, blank=True
    )
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    given_names = models.CharField(_("given names"), max_length=120, blank=True)
    family_name = models.CharField(_("family name"), max_length=120, blank=True)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_estimated = models.BooleanField(_("date of birth is estimated"), default=False)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    other_phones = ArrayField(
        models.CharField(max_length=20), verbose_name=_("other phones"), default=list, blank=True
    )
    # Reception at home.
    arrived_on = models.DateField(_("arrival date"), null=True, blank=True)
    reintegration_case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_journey",
        verbose_name=_("reintegration case"),
    )
    reintegration_opened_on = models.DateField(
        _("reintegration case opened on"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )

    class Meta:
        verbose_name = _("assisted return")
        verbose_name_plural = _("assisted returns")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["receiving_organisation", "status"], name="returns_receiving"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancel_reason=""),
                name="returns_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def vulnerability_labels(self) -> list[str]:
        return [str(Vulnerability(v).label) for v in self.vulnerabilities]

    @property
    def is_handed_over(self) -> bool:
        return self.handed_over_at is not None

    def age_at(self, day: datetime.date) -> int | None:
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Counselling(AuditedModel, TimeStampedModel):
    """A counselling session: before departure (with the person's informed decision) by the
    departure office, or after arrival by the receiving organisation."""

    audit_sensitive_fields = frozenset({"note"})

    assisted_return = models.ForeignKey(
        Return, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("return")
    )
    side = models.CharField(_("when"), max_length=10, choices=Side.choices)
    held_on = models.DateField(_("date"))
    topics = ArrayField(
        models.CharField(max_length=30, choices=Topic.choices),
        verbose_name=_("topics"),
        default=list,
    )
    decision = models.CharField(
        _("informed decision"), max_length=20, choices=Decision.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("return counselling session")
        verbose_name_plural = _("return counselling sessions")
        ordering = ["held_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.assisted_return_id} {day(self.held_on)}"

    @property
    def topic_labels(self) -> list[str]:
        return [str(Topic(t).label) for t in self.topics]


class TravelDocument(AuditedModel, TimeStampedModel):
    audit_sensitive_fields = frozenset({"number", "issued_by"})

    assisted_return = models.ForeignKey(
        Return, on_delete=models.CASCADE, related_name="documents", verbose_name=_("return")
    )
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=DocumentStatus.choices)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    number = models.CharField(_("number"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("travel document")
        verbose_name_plural = _("travel documents")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.status}"


class Movement(AuditedModel, TimeStampedModel):
    audit_sensitive_fields = frozenset({"escort"})

    assisted_return = models.ForeignKey(
        Return, on_delete=models.CASCADE, related_name="movements", verbose_name=_("return")
    )
    departs_on = models.DateField(_("departure date"))
    route = models.CharField(_("route"), max_length=200)
    carrier = models.CharField(_("carrier"), max_length=120, blank=True)
    escort = models.CharField(_("escort"), max_length=200, blank=True)
    departure_point = models.CharField(_("departure point"), max_length=200)
    arrival_point = models.CharField(_("arrival point"), max_length=200)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["departs_on", "created_at"]

    def __str__(self) -> str:
        return f"{day(self.departs_on)} {self.route}"


class Arrival(AuditedModel, TimeStampedModel):
    """Reception at home, recorded by the receiving organisation."""

    audit_sensitive_fields = frozenset({"met_by", "note"})

    assisted_return = models.OneToOneField(
        Return, on_delete=models.CASCADE, related_name="arrival", verbose_name=_("return")
    )
    arrived_on = models.DateField(_("arrival date"))
    met_by = models.CharField(_("met by"), max_length=200)
    assistance = ArrayField(
        models.CharField(max_length=20, choices=Assistance.choices),
        verbose_name=_("immediate assistance"),
        default=list,
        blank=True,
    )
    cash_amount = models.DecimalField(
        _("cash given"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")

    def __str__(self) -> str:
        return f"{self.assisted_return_id} {day(self.arrived_on)}"

    @property
    def assistance_labels(self) -> list[str]:
        return [str(Assistance(a).label) for a in self.assistance]


class ReturnCounter(models.Model):
    """The last return number given per year (RT-2026-000042)."""

    personal_data = False

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
