from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sutura.core.models import TimeStampedModel
from sutura.notifications.messages import render


class Notification(TimeStampedModel):
    """A message for one user, in the app (and by e-mail when they have an address).

    What it says is kept as codes (`title_text`, `body_text`: a message id and its parameters,
    `sutura.notifications.messages`) and put into words in the reader's language when shown;
    `title` and `body` hold the words in the recipient's language at the time (for the e-mail,
    and for notifications made before the codes). It never holds more personal data than the
    recipient may see (a case number, not a name).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    title_text = models.JSONField(default=dict, blank=True, editable=False)
    body_text = models.JSONField(default=dict, blank=True, editable=False)
    link = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.shown_title

    @property
    def shown_title(self) -> str:
        return render(self.title_text) or self.title

    @property
    def shown_body(self) -> str:
        return render(self.body_text) if self.body_text else self.body
