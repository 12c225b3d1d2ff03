"""The NRM data-sharing protocol (memorandum of understanding): its versions, each version's
steps, and the organisations that signed it.

Membership of the referral mechanism is read from these rows, never stored on the
organisation: an organisation is a member from its signature of a version in force until the
signature ends (withdrawal, exclusion…), the version expires, or the version is superseded and
the organisation has not signed the new one within the grace period
(`SUTURA_PROTOCOL_RESIGN_GRACE_DAYS`). `sutura.governance.selectors.protocols.membership()`
is the one question everyone asks.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.core.text import in_language


class Protocol(AuditedModel, TimeStampedModel):
    """A data-sharing protocol (usually one per country's mechanism)."""

    personal_data = False

    title = models.CharField(_("title"), max_length=200, unique=True)
    country = models.ForeignKey(
        "geo.Location",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level": 0},
        related_name="+",
    )

    class Meta:
        verbose_name = _("data-sharing protocol")
        verbose_name_plural = _("data-sharing protocols")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UNDER_REVIEW = "under_review", _("Under review")
    SIGNED = "signed", _("Signed, in force")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")


# Versions whose signatures may give membership (each signature still within its dates).
BINDING_STATUSES = (VersionStatus.SIGNED, VersionStatus.EXPIRED, VersionStatus.SUPERSEDED)

# The sections of a protocol, in the order of the document: (code, label). Each has a French
# text (`<code>_fr`, the users' language) and an optional English one (`<code>_en`).
SECTIONS = (
    ("purpose", _("Purpose")),
    ("target_group", _("Target group")),
    ("roles", _("Members' roles")),
    ("coordination", _("Coordination")),
    ("funding", _("Funding")),
    ("duration", _("Duration")),
    ("confidentiality", _("Data confidentiality and sharing")),
)


def _text(label: Any) -> models.TextField:
    return models.TextField(label, max_length=20000, blank=True)


class ProtocolVersion(AuditedModel, VersionedModel):
    """One version of a protocol. Its status moves only through
    `services.protocols.TRANSITIONS`; one version of a protocol is in force at a time."""

    personal_data = False

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version number"))
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the protocol runs until replaced."),
    )
    # Set when a newer version comes into force: its effective date, and the last day (+1) the
    # signatures of this version still count (that date plus the grace period).
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    signatures_valid_until = models.DateField(_("signatures valid until"), null=True, blank=True)
    purpose_fr = _text(_("purpose (French)"))
    purpose_en = _text(_("purpose (English)"))
    target_group_fr = _text(_("target group (French)"))
    target_group_en = _text(_("target group (English)"))
    roles_fr = _text(_("members' roles (French)"))
    roles_en = _text(_("members' roles (English)"))
    coordination_fr = _text(_("coordination (French)"))
    coordination_en = _text(_("coordination (English)"))
    funding_fr = _text(_("funding (French)"))
    funding_en = _text(_("funding (English)"))
    duration_fr = _text(_("duration (French)"))
    duration_en = _text(_("duration (English)"))
    confidentiality_fr = _text(_("data confidentiality and sharing (French)"))
    confidentiality_en = _text(_("data confidentiality and sharing (English)"))
    signed_pdf = models.FileField(_("signed PDF"), upload_to="governance/protocols/", blank=True)
    signed_pdf_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("protocol version")
        verbose_name_plural = _("protocol versions")
        ordering = ["protocol", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "number"], name="governance_version_number_once"
            ),
            models.UniqueConstraint(
                fields=["protocol"],
                condition=Q(status="signed"),
                name="governance_one_version_in_force",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(expires_on__gt=F("effective_from")),
                name="governance_version_expires_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["signed", "expired", "superseded"])
                | Q(effective_from__isnull=False),
                name="governance_signed_version_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.protocol} — v{self.number}"

    def sections(self) -> list[tuple[str, str, str]]:
        """(code, label, text in the reader's language) of each section, in order."""
        return [
            (
                code,
                str(label),
                in_language(getattr(self, f"{code}_fr"), getattr(self, f"{code}_en")),
            )
            for code, label in SECTIONS
        ]

    @property
    def accepts_signatures(self) -> bool:
        return self.status in (VersionStatus.UNDER_REVIEW, VersionStatus.SIGNED)


def counts_on(on: datetime.date, prefix: str = "") -> Q:
    """The signatures that give membership on `on`, as a filter on `Signature` (or, with a
    `prefix` such as "protocol_signatures__", on a model that reaches it). The same rule as
    `selectors.protocols.membership()`, in SQL."""
    p = prefix
    return (
        Q(**{f"{p}protocol_version__status__in": list(BINDING_STATUSES)})
        & Q(**{f"{p}signed_on__lte": on, f"{p}protocol_version__effective_from__lte": on})
        & (Q(**{f"{p}ended_on__isnull": True}) | Q(**{f"{p}ended_on__gt": on}))
        & (
            Q(**{f"{p}protocol_version__expires_on__isnull": True})
            | Q(**{f"{p}protocol_version__expires_on__gt": on})
        )
        & (
            Q(**{f"{p}protocol_version__signatures_valid_until__isnull": True})
            | Q(**{f"{p}protocol_version__signatures_valid_until__gt": on})
        )
    )


class VersionTransition(models.Model):
    """One step of a version's life: who moved it, when, from what to what, and why."""

    personal_data = False

    protocol_version = models.ForeignKey(
        ProtocolVersion, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=16, choices=VersionStatus.choices)
    to_status = models.CharField(max_length=16, choices=VersionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("protocol version step")
        verbose_name_plural = _("protocol version steps")
        ordering = ["protocol_version", "at"]

    def __str__(self) -> str:
        return f"{self.protocol_version}: {self.from_status} → {self.to_status}"


class SignatureEnd(models.TextChoices):
    """Why a signature stopped counting (recorded on the signature)."""

    WITHDRAWN = "withdrawn", _("signature withdrawn")
    EXCLUDED = "excluded", _("excluded by the steering committee")
    TERM_ENDED = "term_ended", _("membership ended")
    DISSOLVED = "dissolved", _("organisation closed")


class LapseReason(models.TextChoices):
    """Why an organisation is not (or no longer) a member: a signature's end, or its version's."""

    WITHDRAWN = "withdrawn", _("signature withdrawn")
    EXCLUDED = "excluded", _("excluded by the steering committee")
    TERM_ENDED = "term_ended", _("membership ended")
    DISSOLVED = "dissolved", _("organisation closed")
    EXPIRED = "expired", _("protocol expired")
    NOT_RESIGNED = "not_resigned", _("new version of the protocol not signed")
    NEVER_SIGNED = "never_signed", _("protocol not signed")


class Signature(AuditedModel, VersionedModel):
    """An organisation's signature of one protocol version, with its end if it has one."""

    personal_data = False

    protocol_version = models.ForeignKey(
        ProtocolVersion,
        verbose_name=_("protocol version"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="protocol_signatures",
    )
    signed_on = models.DateField(_("signed on"))
    signed_by_name = models.CharField(_("signed by (name and title)"), max_length=200, blank=True)
    ended_on = models.DateField(_("ends on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason"), max_length=16, choices=SignatureEnd.choices, blank=True
    )
    end_note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["protocol_version", "signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol_version", "organisation"], name="governance_signs_a_version_once"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("signed_on")),
                name="governance_signature_ends_after_signing",
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(end_reason=""))
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="governance_signature_end_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "signed_on"], name="governance_sig_org")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.protocol_version}"
