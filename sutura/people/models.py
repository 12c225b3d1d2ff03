"""The people whose files we hold. Issue 4 (case management) extends this model."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now, Upper
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, VersionedModel


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NOT_STATED = "not_stated", _("Not stated")


class Person(AuditedModel, VersionedModel):
    audit_sensitive_fields = frozenset(
        {
            "given_names",
            "family_name",
            "sex",
            "birth_date",
            "birth_date_estimated",
            "nationality",
            "phone",
            "place_of_origin",
        }
    )

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="persons",
    )
    given_names = models.CharField(_("given names"), max_length=120)
    family_name = models.CharField(_("family name"), max_length=120)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, default=Sex.NOT_STATED)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_estimated = models.BooleanField(_("date of birth is estimated"), default=False)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    place_of_origin = models.ForeignKey(
        "geo.Location",
        verbose_name=_("place of origin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_names"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_date__lte=Now()),
                name="people_person_birth_not_in_future",
            )
        ]
        indexes = [
            # Serves the people list: one organisation's people in alphabetical order.
            models.Index(
                F("organisation"),
                Upper("family_name"),
                F("given_names"),
                F("id"),
                name="people_person_org_alpha",
            )
        ]

    def __str__(self) -> str:
        return f"{self.family_name.upper()} {self.given_names}"

    def audit_label(self) -> str:
        # The audit log names a person by identifier only: no names in the log.
        return f"Person {str(self.pk)[:8]}"

    @property
    def nationality_name(self) -> str:
        from sutura.geo.countries import country_name

        return country_name(self.nationality) if self.nationality else ""

    def age(self, today: date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        today = today or date.today()  # noqa: DTZ011 - a calendar date, not an instant
        years = today.year - self.birth_date.year
        return years - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
