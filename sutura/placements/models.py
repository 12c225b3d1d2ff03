"""Placement opportunities: offers that employers (organisations of the directory: private
sector, UN agencies, any provider) post, and the returnees case managers propose for them.

An offer is not personal data: anyone who refers people, the NRM coordinator and the
employer's staff read it. A proposal is a referral (`referrals.Referral`) to the offer's
directory service, so the employer sees of the returnee only what the referral shares, with
the person's consent; the proposal adds the offer it answers and its outcome (placed, or not
retained and why). The free text of an outcome lives on the referral (its feedback or its
history), where the retention job clears it, never here.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel


class OfferKind(models.TextChoices):
    JOB = "job", _("Job")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    TRAINING = "training", _("Training place")


class Sector(models.TextChoices):
    """Economic sectors, as codes (labels in the catalogues)."""

    AGRICULTURE = "agriculture", _("Agriculture, livestock and fishing")
    AGRIFOOD = "agrifood", _("Food processing")
    CONSTRUCTION = "construction", _("Construction and public works")
    MANUFACTURING = "manufacturing", _("Manufacturing and crafts")
    GARMENT = "garment", _("Textiles and tailoring")
    TRADE = "trade", _("Trade and retail")
    HOSPITALITY = "hospitality", _("Hotels, restaurants and tourism")
    TRANSPORT = "transport", _("Transport and logistics")
    MECHANICS = "mechanics", _("Mechanics and repairs")
    ENERGY = "energy", _("Energy, water and sanitation")
    ICT = "ict", _("Information technology and telecoms")
    BEAUTY = "beauty", _("Hairdressing and beauty")
    SERVICES = "services", _("Cleaning, security and other services")
    HEALTH_CARE = "health_care", _("Health and care")
    HUMANITARIAN = "humanitarian", _("Humanitarian and development work")
    OTHER = "other", _("Other")


class OfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("offer status", "Open")
    CLOSED = "closed", _("Closed")
    FILLED = "filled", _("Filled")


class Offer(AuditedModel, VersionedModel):
    """A job, apprenticeship or training place an employer offers, and how to apply: proposals
    arrive as referrals to `service`, one of the employer's services in the directory."""

    personal_data = False  # what an employer offers: nobody's data

    employer = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="placement_offers",
    )
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service receiving the proposals"),
        on_delete=models.PROTECT,
        related_name="placement_offers",
    )
    kind = models.CharField(_("kind of offer"), max_length=20, choices=OfferKind.choices)
    title = models.CharField(_("title"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    location = models.ForeignKey(
        "geo.Location",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    places = models.PositiveSmallIntegerField(_("number of places"), default=1)
    requirements = models.TextField(_("requirements"), blank=True)
    opens_on = models.DateField(_("opening date"))
    closes_on = models.DateField(_("closing date"))
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("placement offer")
        verbose_name_plural = _("placement offers")
        ordering = ["closes_on", "title"]
        indexes = [models.Index(fields=["status", "closes_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="placements_offer_at_least_one_place",
                violation_error_message=_("An offer has at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="placements_offer_closes_after_opening",
                violation_error_message=_("The closing date must not be before the opening date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return self.title

    def is_open_on(self, day: date | None = None) -> bool:
        """Open, and the day is between its opening and closing dates."""
        day = day or timezone.localdate()
        return self.status == OfferStatus.OPEN and self.opens_on <= day <= self.closes_on

    @property
    def is_open_now(self) -> bool:
        return self.is_open_on()


class ProposalOutcome(models.TextChoices):
    PLACED = "placed", _("Placed")
    NOT_RETAINED = "not_retained", _("Not retained")


class NotRetainedReason(models.TextChoices):
    PROFILE = "profile_mismatch", _("Profile not matching the requirements")
    CANDIDATE_DECLINED = "candidate_declined", _("The candidate declined")
    POSITION_FILLED = "position_filled", _("Position already filled")
    UNREACHABLE = "unreachable", _("The candidate could not be reached")
    OTHER = "other", _("Other")


class Proposal(AuditedModel, TimeStampedModel):
    """A returnee proposed for an offer: one referral to the offer's service, and its outcome
    (empty while the employer has not answered)."""

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="proposals"
    )
    referral = models.OneToOneField(
        "referrals.Referral",
        verbose_name=_("referral"),
        on_delete=models.PROTECT,
        related_name="placement_proposal",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=ProposalOutcome.choices, blank=True
    )
    start_on = models.DateField(_("start date"), null=True, blank=True)
    not_retained_reason = models.CharField(
        _("reason not retained"), max_length=20, choices=NotRetainedReason.choices, blank=True
    )
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("outcome recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome_recorded_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement proposal")
        verbose_name_plural = _("placement proposals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", start_on__isnull=True, not_retained_reason="")
                | Q(outcome="placed", start_on__isnull=False, not_retained_reason="")
                | Q(outcome="not_retained", start_on__isnull=True) & ~Q(not_retained_reason=""),
                name="placements_proposal_outcome_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} · {self.referral_id}"

    def audit_label(self) -> str:
        return str(self.pk)[:8]
