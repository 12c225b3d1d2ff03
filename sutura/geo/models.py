from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sutura.core.models import TimeStampedModel


class Level(models.IntegerChoices):
    COUNTRY = 0, _("Country")
    ADMIN1 = 1, _("Region (admin 1)")
    ADMIN2 = 2, _("Department / cercle (admin 2)")
    ADMIN3 = 3, _("Commune / arrondissement (admin 3)")


class Location(TimeStampedModel):
    """A place in the hierarchy country > admin1 > admin2 > admin3."""

    personal_data = False  # reference data: places

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    country_code = models.CharField(_("country code"), max_length=2, db_index=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    iso_code = models.CharField(
        _("ISO 3166 code"), max_length=10, null=True, blank=True, unique=True
    )
    pcode = models.CharField(
        _("P-code"),
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        help_text=_("From the country's official COD-AB gazetteer; never invented."),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["level", "name_fr"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name_fr"],
                name="geo_location_unique_name_in_parent",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(level=0, parent__isnull=True) | Q(level__gt=0, parent__isnull=False),
                name="geo_location_only_countries_are_roots",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr

    def path_names(self) -> list[str]:
        """Names from the country down to this place (walks parents: select_related first)."""
        names: list[str] = []
        node: Location | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return list(reversed(names))
