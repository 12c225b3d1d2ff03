"""Field mappings to an agency's central case database, kept as data (`mapping_format.py` says
what an entry holds).

A mapping is identified by its organisation (none: the platform's default), its code and its
version. **A mapping once used is never edited**: the export service stamps `first_used_at` on
the first export; from then on `clean()` and `save()` refuse a change of what shapes the
output (code, version, organisation, format version, fields), and a PostgreSQL trigger
(migration 0001) refuses it whatever the code path (a queryset `update()`, the shell). Only
`active`, `name` and `description` may still change. A new version is a new row (the admin's
"copy as a new version").
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from sutura.caseexport import mapping_format
from sutura.core import case_export
from sutura.core.models import AuditedModel, TimeStampedModel

# What shapes an export: frozen once the mapping has been used.
FROZEN = ("code", "version", "organisation_id", "format_version", "fields")

# The platform's mappings keep their English name (what an export says it follows); it is shown
# in the reader's language. A new platform version adds its name here.
PLATFORM_NAMES = (gettext_noop("Sutura central case record v1"),)


class ExportMapping(AuditedModel, TimeStampedModel):
    personal_data = False  # configuration: which field goes where

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the platform's default, offered to every organisation."),
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    format_version = models.PositiveSmallIntegerField(
        _("format version"), default=mapping_format.FORMAT_VERSION
    )
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("offered for export"), default=True)
    fields = models.JSONField(
        _("fields"),
        default=list,
        blank=True,
        help_text=_(
            "An ordered list of {target, source, transform, required}: see docs/case-export.md."
        ),
    )
    first_used_at = models.DateTimeField(_("first used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("export mapping")
        verbose_name_plural = _("export mappings")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "version"],
                name="caseexport_mapping_version_unique",
                nulls_distinct=False,
                violation_error_message=_("This version of this mapping exists already."),
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="caseexport_mapping_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shown_name} ({self.code} v{self.version})"

    @property
    def shown_name(self) -> str:
        """The name for people: a platform mapping's in the reader's language."""
        return gettext(self.name) if self.organisation_id is None else self.name

    # --- what the mapping says ----------------------------------------------------------------

    @property
    def entries(self) -> list[dict[str, Any]]:
        return list(self.fields or [])

    @property
    def targets(self) -> list[str]:
        return [entry["target"] for entry in self.entries]

    def unknown_sources(self, *, required_only: bool = False) -> list[str]:
        """Sources no app registers (now), among every entry or the required ones."""
        known = case_export.fields()
        return sorted(
            {
                entry["source"]
                for entry in self.entries
                if mapping_format.transform_of(entry).get("kind") != "constant"
                and entry.get("source") not in known
                and (entry.get("required", False) or not required_only)
            }
        )

    @property
    def used(self) -> bool:
        return self.first_used_at is not None

    # --- invariants ---------------------------------------------------------------------------

    def clean(self) -> None:
        super().clean()
        errors: list[str] = []
        if self.format_version not in mapping_format.FORMAT_VERSIONS:
            raise ValidationError(
                {
                    "format_version": gettext("Unknown format version %(v)s.")
                    % {"v": self.format_version}
                }
            )
        if not isinstance(self.fields, list) or not self.fields:
            raise ValidationError({"fields": gettext("A mapping lists at least one field.")})
        for position, entry in enumerate(self.fields, start=1):
            errors.extend(mapping_format.entry_problems(position, entry))
        if errors:
            raise ValidationError({"fields": errors})
        targets = self.targets
        twice = sorted({t for t in targets if targets.count(t) > 1})
        if twice:
            errors.append(
                gettext("Each target appears once; twice or more: %(names)s.")
                % {"names": ", ".join(twice)}
            )
        unknown = self.unknown_sources(required_only=True)
        if unknown:
            errors.append(
                gettext(
                    "No app provides these sources: %(keys)s. Correct them, or mark the "
                    "field as not required if the app providing it is yet to be installed."
                )
                % {"keys": ", ".join(unknown)}
            )
        if errors:
            raise ValidationError({"fields": errors})
        self._refuse_change_once_used()

    def _refuse_change_once_used(self) -> None:
        stored = self._stored()
        if stored is None or stored["first_used_at"] is None:
            return
        changed = [name for name in FROZEN if stored[name] != getattr(self, name)]
        if changed:
            raise ValidationError(
                gettext(
                    "This mapping has been used for exports: it is kept as it was. Copy it as "
                    "a new version to change it."
                )
            )

    def _stored(self) -> dict[str, Any] | None:
        if self._state.adding:
            return None
        return ExportMapping.objects.filter(pk=self.pk).values(*FROZEN, "first_used_at").first()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_change_once_used()  # the trigger says it too, in the database's words
        super().save(*args, **kwargs)
