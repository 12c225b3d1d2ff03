"""Supervision of case work: the notes a supervisor keeps on a case.

Who reads a note is `sutura/access/supervision.py`: the organisation's programme managers
(supervisors) and the case's own case manager, nobody else on the team.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.core.dates import day
from sutura.core.models import AuditedModel, TimeStampedModel


class SupervisionNote(AuditedModel, TimeStampedModel):
    """What a supervisor noted about a case in supervision, and what must be done by when."""

    audit_sensitive_fields = frozenset({"text", "follow_up_action"})

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="supervision_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    noted_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"), max_length=4000)
    follow_up_action = models.TextField(_("follow-up action"), max_length=2000, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision note")
        verbose_name_plural = _("supervision notes")
        ordering = ["-noted_on", "-created_at"]
        indexes = [models.Index(fields=["case", "-noted_on"], name="supervision_note_case")]

    def __str__(self) -> str:
        return day(self.noted_on)

    def audit_label(self) -> str:
        return str(self.pk)[:8]
