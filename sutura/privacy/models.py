"""The data-protection life cycle: requests a person makes about their data (erasure,
anonymisation), the decision on each and its execution, and the mark left on a person whose
file was anonymised (by request or because its retention period passed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel


class RequestKind(models.TextChoices):
    ANONYMISATION = "anonymisation", _("Anonymisation")
    ERASURE = "erasure", _("Erasure")


class OnBehalfOf(models.TextChoices):
    SELF = "self", _("The person themselves")
    GUARDIAN = "guardian", _("Parent or guardian")
    REPRESENTATIVE = "representative", _("Lawyer or representative")


class Grounds(models.TextChoices):
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed for the purpose")
    OBJECTION = "objection", _("The person objects to the processing")
    UNLAWFUL = "unlawful", _("Processed unlawfully")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved, to be carried out")
    REFUSED = "refused", _("Refused")
    CARRIED_OUT = "carried_out", _("Carried out")


class RefusalReason(models.TextChoices):
    ACTIVE_CASE = "active_case", _("An open case or referral still needs the data")
    LEGAL_HOLD = "legal_hold", _("Legal hold or legal obligation to keep")
    IDENTITY_NOT_VERIFIED = "identity_not_verified", _("The requester's identity is not verified")
    VITAL_INTEREST = "vital_interest", _("The person's vital interests (protection risk)")
    OTHER = "other", _("Other")


class DataRequest(AuditedModel, TimeStampedModel):
    """One erasure or anonymisation request: who asked and on whose behalf, the decision (by a
    holder of `handle_data_requests`), and who carried it out. Codes only; no free text."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="data_requests"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    on_behalf_of = models.CharField(
        _("made by"), max_length=20, choices=OnBehalfOf.choices, default=OnBehalfOf.SELF
    )
    grounds = models.CharField(_("grounds"), max_length=20, choices=Grounds.choices)
    received_on = models.DateField(_("received on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=24, choices=RefusalReason.choices, blank=True
    )
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carried_out_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    # What the execution did: {"records": {model label: count}, "files": count}.
    outcome = models.JSONField(_("what was done"), default=dict, blank=True)

    class Meta:
        verbose_name = _("data-protection request")
        verbose_name_plural = _("data-protection requests")
        ordering = ["-received_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="privacy_request_refusal_has_reason",
            )
        ]

    def audit_label(self) -> str:
        return str(self.pk)[:8]


class Cause(models.TextChoices):
    RETENTION = "retention", _("Retention period passed")
    REQUEST = "request", _("Request of the person")


class Anonymisation(TimeStampedModel):
    """A person's file was anonymised: what identifies them is gone, the counts remain. The
    retention job skips anyone with this mark, so running it again changes nothing."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="anonymisation"
    )
    cause = models.CharField(_("cause"), max_length=12, choices=Cause.choices)
    request = models.ForeignKey(
        DataRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
