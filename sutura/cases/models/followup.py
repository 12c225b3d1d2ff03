from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel


class FollowUpType(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    OFFICE = "office", _("Office visit")


class FollowUp(AuditedModel, TimeStampedModel):
    audit_sensitive_fields = frozenset({"notes"})

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="follow_ups")
    happened_on = models.DateField(_("date"))
    type = models.CharField(_("type"), max_length=12, choices=FollowUpType.choices)
    notes = models.TextField(_("notes"), blank=True)
    next_due_on = models.DateField(_("next follow-up due"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-happened_on", "-created_at"]


class Confidentiality(models.TextChoices):
    NORMAL = "normal", _("Normal: the case team")
    RESTRICTED = "restricted", _("Restricted: the case manager and their supervisor")


class CaseNote(AuditedModel, TimeStampedModel):
    audit_sensitive_fields = frozenset({"text"})

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.NORMAL,
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at"]


class CaseDocument(AuditedModel, TimeStampedModel):
    """An uploaded file. Stored under MEDIA_ROOT (outside the web root), served only by a view
    that asks the access layer first."""

    audit_sensitive_fields = frozenset({"original_name", "description"})

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(_("description"), max_length=200, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.NORMAL,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]
