"""Protection committees and networks of a community, and their members. Members' names are
personal data. Trainings received and meetings held are `meetings` records (context
`community`), not copied here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sutura.community.models.communities import Community
from sutura.core.models import AuditedModel, VersionedModel
from sutura.meetings.models import AgeGroup
from sutura.people.models import Sex


class CommitteeKind(models.TextChoices):
    COMMITTEE = "committee", _("Protection committee")
    NETWORK = "network", _("Protection network")


class ProtectionCommittee(AuditedModel, VersionedModel):
    personal_data = False

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="committees")
    kind = models.CharField(_("kind"), max_length=12, choices=CommitteeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("protection committee")
        verbose_name_plural = _("protection committees")
        ordering = ["community", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="community_committee_once")
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(AuditedModel, VersionedModel):
    """A member: a user of the platform, or someone named."""

    audit_sensitive_fields = frozenset({"name", "role"})

    committee = models.ForeignKey(
        ProtectionCommittee, on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=120)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""), name="community_member_named"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="community_member_period",
            ),
        ]
