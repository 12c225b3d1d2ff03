from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from sutura.accounts.roles import Perm, Role, permissions_for
from sutura.core.models import AuditedModel, TimeStampedModel


class OrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    UN_AGENCY = "un_agency", _("UN agency")
    INTERNATIONAL_NGO = "international_ngo", _("International NGO")
    NATIONAL_NGO = "national_ngo", _("National NGO")
    CBO = "cbo", _("Community-based organisation")
    PRIVATE_SECTOR = "private_sector", _("Private sector")


class Organisation(AuditedModel, TimeStampedModel):
    """An organisation of the mechanism. Whether it is an NRM member is not stored here: it
    follows from its signatures of the data-sharing protocol, kept by governance (above this
    app; `sutura.accounts.membership` lets governance answer for it)."""

    personal_data = False  # organisations are not people

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=30, choices=OrganisationType.choices)
    country = models.ForeignKey(
        "geo.Location",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        limit_choices_to={"level": 0},
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    case_managers_see_all_cases = models.BooleanField(
        _("case managers see all the organisation's cases"),
        default=True,
        help_text=_("If unticked, a case manager sees only the cases assigned to them."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}" if self.acronym else self.name


class User(AuditedModel, AbstractUser):  # type: ignore[django-manager-missing]  # knox's token FK
    """A person who logs in. Belongs to one organisation; holds roles; works in areas."""

    audit_sensitive_fields = frozenset({"password"})

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Every user except the initial superuser belongs to one organisation."),
    )
    roles = ArrayField(
        models.CharField(max_length=30, choices=Role.choices),
        verbose_name=_("roles"),
        default=list,
        blank=True,
    )
    areas = models.ManyToManyField(
        "geo.Location", verbose_name=_("areas"), blank=True, related_name="+"
    )
    # Whom the user reports to (their line manager, same organisation). Read by rules that must
    # keep a record from a person's managers: a complaint that implicates a staff member is
    # hidden from them and from everyone up this line (sutura.access.feedback).
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_("The user's line manager, in the same organisation."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("fr", _("French")), ("en", _("English"))],
        default="fr",
    )
    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False
    )
    # Raised to sign the user out everywhere (a lost phone's two-factor reset): it enters the
    # hash every session keeps, so each open session fails its next request.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def clean(self) -> None:
        super().clean()
        unknown = [r for r in self.roles if r not in Role.values]
        if unknown:
            raise ValidationError({"roles": _("Unknown role: %(roles)s") % {"roles": unknown}})
        if self.reports_to_id is not None and (
            self.reports_to_id == self.pk
            or self.reports_to is None
            or self.reports_to.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"reports_to": _("A user reports to another user of the same organisation.")}
            )
        if self.roles and self.organisation_id is None:
            raise ValidationError(
                {"organisation": _("A user with a role must belong to an organisation.")}
            )

    def _get_session_auth_hash(self, secret: Any = None) -> str:
        """Django's session hash (from the password), with the session generation once it was
        raised (generation 0 keeps Django's own hash: nobody is signed out by an upgrade)."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        key_salt = "sutura.accounts.User.session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def permissions(self) -> frozenset[Perm]:
        return permissions_for(list(self.roles)) if self.is_active else frozenset()

    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles if r in Role.values]


class ThrottleKind(models.TextChoices):
    IP = "ip", _("Address")
    ACCOUNT = "account", _("Account")
    PAIR = "pair", _("Account from an address")
    DEVICE = "device", _("Known device")


class LoginThrottle(models.Model):
    """Failed logins counted per client address, per account from an address, per account
    and per known device.

    Past a threshold each new failure blocks the key for twice as long as the last one
    (`sutura.accounts.throttle`); nothing is ever locked for good, and a known device is not
    held back by failures on its account made elsewhere.
    """

    personal_data = False  # about sign-in attempts, not about the people served

    kind = models.CharField(_("kind"), max_length=10, choices=ThrottleKind.choices)
    key = models.CharField(_("key"), max_length=200)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    blocked_until = models.DateTimeField(_("blocked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("login throttle")
        verbose_name_plural = _("login throttles")
        ordering = ["-last_failure_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="login_throttle_kind_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"


class ApiToken(AbstractAuthToken):
    """A named API token (django-rest-knox: only a hash is stored; it expires)."""

    personal_data = False  # a credential of the user's own; every user sees only theirs

    name: models.CharField[str, str] = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name or self.token_key} ({self.user_id})"
