"""The steering committee and the working groups of the referral mechanism: who sits on them,
in what role and for how long. Their meetings are meetings of the shared `meetings` app in the
context "committee" (`Meeting.context_kind == "committee"`, `context_id` = the committee)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, VersionedModel


class CommitteeKind(models.TextChoices):
    STEERING = "steering", _("Steering committee")
    WORKING_GROUP = "working_group", _("Working group")


class Committee(AuditedModel, VersionedModel):
    """A committee or a working group. Who sees it: `sutura.access.governance`."""

    personal_data = False  # its members are rows of their own, guarded

    kind = models.CharField(_("kind"), max_length=16, choices=CommitteeKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("mandate in brief"), max_length=4000, blank=True)
    # The terms of reference are a document of the library, versioned and validated there.
    terms_of_reference = models.ForeignKey(
        "governance.LibraryDocument",
        verbose_name=_("terms of reference"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committees",
        limit_choices_to={"kind": "tor"},
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


# The roles that record the committee's meetings (with the NRM coordinator).
RECORDING_ROLES = (MemberRole.CHAIR, MemberRole.SECRETARIAT)


class CommitteeMember(AuditedModel, VersionedModel):
    """A seat on a committee: a user of the platform, or a person named in full, for an
    organisation, with a role and a mandate. While the mandate runs, the seat's user and the
    staff of its organisation who read governance (`view_governance`) see the committee."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    mandate_start = models.DateField(_("mandate from"))
    mandate_end = models.DateField(_("mandate until"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_end__isnull=True) | Q(mandate_end__gte=F("mandate_start")),
                name="governance_mandate_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""),
                name="governance_member_named",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id is not None and self.user is not None:
            return self.user.get_full_name() or self.user.username
        return self.name
