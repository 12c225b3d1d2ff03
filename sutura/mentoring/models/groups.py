"""Peer-support groups: a mentor facilitates, an MHPSS staff member co-facilitates (always).
Each session is a `meetings.Meeting` of kind "peer_support_session" in the context
"peer_group" (the group's id), with attendance by returnee (registered people) or counts by
sex and age group."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, VersionedModel

PEER_GROUP_CONTEXT = "peer_group"
PEER_SESSION_KIND = "peer_support_session"


class PeerGroup(AuditedModel, VersionedModel):
    audit_sensitive_fields = frozenset({"name", "description"})

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("what the group is for"), max_length=2000, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor facilitating"),
        on_delete=models.PROTECT,
        related_name="peer_groups",
    )
    co_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("MHPSS staff co-facilitating"),
        on_delete=models.PROTECT,
        related_name="co_facilitated_peer_groups",
    )
    location = models.ForeignKey(
        "geo.Location",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("started on"))
    ends_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("peer-support group")
        verbose_name_plural = _("peer-support groups")
        ordering = ["name"]
        indexes = [models.Index(fields=["mentor"], name="mentoring_group_mentor")]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return str(self.pk)[:8]
