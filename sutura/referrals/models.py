"""Referrals from a case to a service (or a colleague), what they share, and their history."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.directory.models import ServiceCategory


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


class Section(models.TextChoices):
    """What of a case a referral may share. Nothing is shared unless ticked."""

    IDENTITY = "identity", _("Identity")
    CONTACT = "contact", _("Contact details")
    VULNERABILITIES = "vulnerabilities", _("Vulnerabilities")
    PROTECTION_HISTORY = "protection_history", _("Protection history")
    HEALTH = "health", _("Health and MHPSS")
    NOTES = "notes", _("Case notes")
    DOCUMENTS = "documents", _("Documents")


# What a referral shares of the person's file itself; the other sections read the case. A
# merge of the person's file changes only these (`services.holds`).
PERSON_SECTIONS = frozenset({Section.IDENTITY, Section.CONTACT})


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


# The receiving side sees the shared sections only while a referral is in one of these.
ACTIVE_STATUSES = frozenset(
    {
        ReferralStatus.SENT,
        ReferralStatus.RECEIVED,
        ReferralStatus.ACCEPTED,
        ReferralStatus.IN_PROGRESS,
    }
)
# Waiting for the receiver's answer: these count against the response deadline.
AWAITING_ANSWER = frozenset({ReferralStatus.SENT, ReferralStatus.RECEIVED})
ENDED_STATUSES = frozenset(
    {ReferralStatus.DECLINED, ReferralStatus.COMPLETED, ReferralStatus.CLOSED}
)


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("Person not eligible")
    NO_CAPACITY = "no_capacity", _("No capacity at the moment")
    OUT_OF_AREA = "out_of_area", _("Outside our area")
    SERVICE_UNAVAILABLE = "unavailable", _("Service no longer offered")
    INCOMPLETE = "incomplete", _("Not enough information to act")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    NO_SHOW = "no_show", _("The person did not come")
    UNREACHABLE = "unreachable", _("The person could not be reached")
    WITHDRAWN = "withdrawn", _("Withdrawn by the referrer")
    PERSON_DECLINED = "person_declined", _("The person no longer wants the service")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The person withdrew their consent")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    SERVICE_PROVIDED = "provided", _("Service provided")
    PARTIALLY_PROVIDED = "partial", _("Service partly provided")
    REFERRED_ONWARD = "onward", _("Referred onward")
    OTHER = "other", _("Other")


class Referral(AuditedModel, VersionedModel):
    """A request that another organisation (or a colleague) help a person of a case.

    The referring side owns the case; the receiving side sees only `shared_sections`, and only
    while the referral is active (`ACTIVE_STATUSES`). A counter-referral (the receiver refers
    the person onward) points to the referral it came from, so the chain stays visible.
    """

    audit_sensitive_fields = frozenset({"reason", "outcome_notes", "feedback"})

    number = models.CharField(_("reference"), max_length=20, unique=True)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals"
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referred by organisation"),
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referred to"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred to (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        help_text=_("For an internal referral to a named colleague."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("counter-referral of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="onward_referrals",
    )
    category = models.CharField(_("need"), max_length=20, choices=ServiceCategory.choices)
    reason = models.TextField(_("reason for the referral"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    shared_sections = ArrayField(
        models.CharField(max_length=20, choices=Section.choices),
        verbose_name=_("what is shared"),
        default=list,
        blank=True,
    )
    referral_consent = models.ForeignKey(
        "people.Consent",
        verbose_name=_("consent relied on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sharing_consent = models.ForeignKey(
        "people.Consent",
        verbose_name=_("consent to share with this organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    respond_by = models.DateTimeField(_("answer due by"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    closure_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(_("outcome details"), blank=True)
    feedback = models.TextField(_("feedback to the referrer"), blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The person's file was merged with another while the referral was under way: what it
    # shares of the person (identity, contact) is held from everyone outside the case team
    # until the case team confirms it (`services.holds`). The merges' ids (no foreign key:
    # dedup is above referrals); an undone merge leaves the list, empty is not held.
    sharing_held_by = ArrayField(
        models.UUIDField(),
        verbose_name=_("held after the merges"),
        default=list,
        blank=True,
        editable=False,
    )
    sharing_held_since = models.DateTimeField(
        _("held since"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["to_organisation", "status", "-created_at"]),
            models.Index(fields=["from_organisation", "status", "-created_at"]),
            models.Index(fields=["status", "respond_by"]),
            # The inbox (newest sent first) and the sent list (the default order) walk these
            # and stop at a page: bench/README.md, "referrals_at_scale".
            models.Index(fields=["-sent_at"], name="referrals_sent_at_desc"),
            models.Index(fields=["-created_at"], name="referrals_created_desc"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referrals_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closure_reason=""),
                name="referrals_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | ~Q(outcome=""),
                name="referrals_completed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def audit_label(self) -> str:
        return self.number

    @property
    def is_internal(self) -> bool:
        return self.to_organisation_id == self.from_organisation_id

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in AWAITING_ANSWER
            and self.respond_by is not None
            and timezone.now() > self.respond_by
        )

    @property
    def sharing_held(self) -> bool:
        return bool(self.sharing_held_by)

    def section_labels(self) -> list[str]:
        return [str(Section(s).label) for s in Section.values if s in self.shared_sections]


class ReferralTransition(TimeStampedModel):
    """Every change of a referral's status: who, when, from what, to what, and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class ReferralNumberCounter(models.Model):
    """The last referral number given per year (REF-2026-000042)."""

    personal_data = False  # a counter

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
