"""The library of SOPs and tools: documents with versions, consultations on a version with the
comments of the organisations consulted, and the documents presented at a meeting.

A version moves draft → under consultation → validated (at a meeting, on a date) →
superseded (when the next version is validated). Only the services change `status`
(`sutura.governance.services.library`). Who sees which version: `sutura.access.library`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.core.dates import day
from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.core.text import in_language


class DocumentKind(models.TextChoices):
    SOP = "sop", _("Standard operating procedure")
    TERMS_OF_REFERENCE = "tor", _("Terms of reference")
    FORM = "form", _("Form")
    TRAINING = "training", _("Training material")
    AWARENESS = "awareness", _("Awareness material")
    LEAFLET = "leaflet", _("Information leaflet")
    SUSTAINABILITY_PLAN = "sustainability_plan", _("NRM sustainability plan")
    OTHER = "other", _("Other")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("Under consultation")
    VALIDATED = "validated", _("Validated")
    SUPERSEDED = "superseded", _("Superseded")


OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.CONSULTATION)
PUBLISHED_STATUSES = (VersionStatus.VALIDATED, VersionStatus.SUPERSEDED)


class LibraryDocument(AuditedModel, VersionedModel):
    """A document of the mechanism (an SOP, terms of reference, a form…), in versions."""

    personal_data = False

    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")
        ordering = ["kind", "title_fr"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)


class DocumentVersion(AuditedModel, TimeStampedModel):
    """One version of a document, with its file. Validated at a meeting, on a date."""

    personal_data = False

    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=14, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    changes = models.TextField(_("what changed"), max_length=4000, blank=True)
    file = models.FileField(upload_to="library/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    validated_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("validated at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    validated_on = models.DateField(_("validated on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="library_version_once"),
            # One validated version per document at a time: validating the next one
            # supersedes it in the same transaction.
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status="validated"),
                name="library_one_validated_version",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["validated", "superseded"])
                | Q(validated_at__isnull=False, validated_on__isnull=False),
                name="library_validated_at_a_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Consultation(AuditedModel, TimeStampedModel):
    """A consultation on a version: the organisations asked, from one date to another."""

    personal_data = False

    version = models.OneToOneField(
        DocumentVersion, on_delete=models.CASCADE, related_name="consultation"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    organisations = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("organisations consulted"), related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="library_consultation_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} ({day(self.opens_on)} – {day(self.closes_on)})"


class Integration(models.TextChoices):
    PENDING = "pending", _("Not yet decided")
    INTEGRATED = "integrated", _("Integrated")
    NOT_INTEGRATED = "not_integrated", _("Not integrated")


class ConsultationComment(AuditedModel, VersionedModel):
    """A comment of a consulted organisation's staff, and the editor's answer to it."""

    personal_data = False  # about organisations and their work, not the people served

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("section or page"), max_length=120, blank=True)
    text = models.TextField(_("comment"), max_length=4000)
    integration = models.CharField(
        _("integrated"), max_length=16, choices=Integration.choices, default=Integration.PENDING
    )
    reply = models.TextField(_("reply"), max_length=4000, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        ordering = ["consultation", "created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class PresentedDocument(AuditedModel, TimeStampedModel):
    """A document version presented at a meeting (a section of the meeting's page)."""

    personal_data = False

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("document presented")
        verbose_name_plural = _("documents presented")
        ordering = ["meeting", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="library_presented_once")
        ]

    def __str__(self) -> str:
        return str(self.version)
