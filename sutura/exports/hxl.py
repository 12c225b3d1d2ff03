"""Tables in HXL (the Humanitarian Exchange Language, hxlstandard.org): a CSV whose second row
holds a hashtag per column (`#org+name`, `#adm1+code`, `#reached+f+age18_59`…), so OCHA's and
partners' tools read it without a mapping. Two tables, both aggregates (no person in them):

- **the 3W/4W directory** — who does what where: each active service of the directory with
  its organisation, sector and the admin1/admin2 units it serves (`directory` selectors: what
  the user may see of the directory, which every signed-in user reads);
- **an indicator's values** by region (admin1), sex and age group, for one period, from the
  registry (`sutura.core.indicators`): one row per region, a column per sex × age group. The
  small-number rule is the registry's (`Figure.display(suppress=True)`: "<5", the
  complementary cell too, whoever owns the figure: the file is made to be shared).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sutura.core import indicators
from sutura.directory.selectors.entries import ancestors_and_self, services_for, with_areas
from sutura.exports.registry import Column, Row
from sutura.geo.models import Level, Location
from sutura.people.models import Sex

# --- the 3W/4W directory ---------------------------------------------------------------------

DIRECTORY_COLUMNS = (
    Column("org_name", _("Organisation"), hxl="#org+name"),
    Column("org_acronym", _("Organisation acronym"), hxl="#org+acronym"),
    Column("sector", _("Sector"), hxl="#sector+code"),
    Column("activity", _("Service"), hxl="#activity+name"),
    Column("adm1_name", _("Region (admin 1)"), hxl="#adm1+name"),
    Column("adm1_code", _("Region P-code"), hxl="#adm1+code"),
    Column("adm2_name", _("Department (admin 2)"), hxl="#adm2+name"),
    Column("adm2_code", _("Department P-code"), hxl="#adm2+code"),
)


def _units(place: Location | None) -> dict[str, str]:
    found = {"adm1_name": "", "adm1_code": "", "adm2_name": "", "adm2_code": ""}
    for unit in ancestors_and_self(place):
        if unit.level == Level.ADMIN1:
            found.update(adm1_name=unit.name_fr, adm1_code=unit.pcode or "")
        elif unit.level == Level.ADMIN2:
            found.update(adm2_name=unit.name_fr, adm2_code=unit.pcode or "")
    return found


def directory_rows(user: Any, filters: dict[str, str]) -> Iterator[Row]:
    """One row per service and area it serves (its own place when it names no area)."""
    for service in with_areas(services_for(user)).iterator(chunk_size=500):
        provider = service.provider
        base = {
            "org_name": provider.name,
            "org_acronym": provider.acronym,
            "sector": service.category,
            "activity": service.name_fr,
        }
        places: list[Location | None] = [*service.areas.all()] or [service.location]
        for place in places:
            yield {**base, **_units(place)}


def directory_count(user: Any, filters: dict[str, str]) -> int:
    return services_for(user).count()


# --- an indicator by region, sex and age group -----------------------------------------------

BY = ("admin1", "sex", "age_group")
SEXES = (*Sex.values, indicators.UNKNOWN)
HXL_SEX = {"female": "f", "male": "m"}


def _age_attribute(code: str) -> str:
    if code == indicators.UNKNOWN:
        return "age_unknown"
    return "age" + code.replace("-", "_").replace("+", "plus")


def _sex_attribute(code: str) -> str:
    return HXL_SEX.get(code, f"sex_{code}")


def _sex_label(code: str) -> Any:
    return Sex(code).label if code in Sex.values else _("Unknown")


def _age_label(code: str) -> Any:
    """A header names the unknown age group in the reader's language, never by its code."""
    return _("Age not known") if code == indicators.UNKNOWN else code


def _cell_key(sex: str, age: str) -> str:
    return f"v_{sex}_{age}"


def indicator_columns() -> tuple[Column, ...]:
    ages = [code for code, _low, _high in indicators.age_groups()] + [indicators.UNKNOWN]
    values = tuple(
        Column(
            _cell_key(sex, age),
            format_lazy("{} — {}", _sex_label(sex), _age_label(age)),
            hxl=f"#reached+{_sex_attribute(sex)}+{_age_attribute(age)}",
        )
        for sex in SEXES
        for age in ages
    )
    return (
        Column("indicator", _("Indicator"), hxl="#indicator+code"),
        Column("period", _("Period"), hxl="#date+period"),
        Column("adm1_name", _("Region (admin 1)"), hxl="#adm1+name"),
        Column("adm1_code", _("Region P-code"), hxl="#adm1+code"),
        *values,
    )


def indicator_rows(user: Any, filters: dict[str, str]) -> Iterator[Row]:
    indicator = indicators.get(filters["indicator"])
    period = indicators.Period.parse(filters["period"])
    # An HXL file is made to leave Sutura (OCHA's and partners' tools) and is not encrypted:
    # the small-number rule always applies, to one's own organisation's figures too (as the
    # API's `suppress=1`, "a table for outsiders"): a 1 under a region, a sex and an age
    # group is one known person in the file.
    shown = indicator.value(user, period, by=BY).display(suppress=True)
    regions: dict[str, Row] = {}
    for cell in shown["cells"]:
        key = cell["key"]
        row = regions.setdefault(
            key["admin1"], {"indicator": indicator.code, "period": period.code}
        )
        row[_cell_key(key["sex"], key["age_group"])] = cell["value"]
    places = {
        str(place.pk): place
        for place in Location.objects.filter(
            pk__in=[code for code in regions if code != indicators.UNKNOWN]
        )
    }
    for code in sorted(regions, key=lambda c: (c == indicators.UNKNOWN, c)):
        place = places.get(code)
        regions[code]["adm1_name"] = place.name_fr if place else ""
        regions[code]["adm1_code"] = (place.pcode or "") if place else ""
        yield regions[code]


def indicator_count(user: Any, filters: dict[str, str]) -> int:
    return 1  # one figure (its regions are written at once)
