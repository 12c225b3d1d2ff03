"""Seed the location hierarchy of the countries Sutura ships with.

Countries and admin1 come from pycountry (ISO 3166-1 / 3166-2, with pycountry's French and
English names); admin1 units that ISO does not list yet and every admin2 unit come from the
CSV files in `data/`, whose headers state their sources. P-codes are left empty: they come
only from an official COD-AB gazetteer (`manage.py import_locations`).
"""

from __future__ import annotations

import csv
import gettext
from collections.abc import Iterator
from pathlib import Path

import pycountry
from django.db import transaction

from sutura.geo.models import Level, Location

DATA_DIR = Path(__file__).resolve().parent / "data"

# pycountry's translations hold a few mistakes; the right names, by ISO code and language
# (migration 0002 puts them right in databases seeded before).
NAME_CORRECTIONS: dict[str, dict[str, str]] = {
    "CM-LT": {"name_fr": "Littoral"},  # pycountry's French says "Litoral"
}


def _translator(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def read_data_file(name: str) -> Iterator[dict[str, str]]:
    """Rows of a data CSV, skipping the `#` comment lines that state its source."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#") and line.strip())
        yield from csv.DictReader(lines)


@transaction.atomic
def seed_locations(country_codes: list[str]) -> dict[str, int]:
    """Create or refresh the countries, admin1 and admin2 units. Idempotent."""
    counts = {"countries": 0, "admin1": 0, "admin2": 0}
    countries_fr, countries_en = _translator("iso3166-1", "fr"), _translator("iso3166-1", "en")
    subs_fr, subs_en = _translator("iso3166-2", "fr"), _translator("iso3166-2", "en")
    admin1_by_key: dict[tuple[str, str], Location] = {}
    for code in country_codes:
        country_record = pycountry.countries.get(alpha_2=code)
        if country_record is None:
            raise ValueError(f"Unknown ISO 3166-1 country code: {code}")
        country, _ = Location.objects.update_or_create(
            iso_code=code,
            defaults={
                "level": Level.COUNTRY,
                "parent": None,
                "country_code": code,
                "name_fr": countries_fr.gettext(country_record.name),
                "name_en": countries_en.gettext(country_record.name),
            },
        )
        counts["countries"] += 1
        for sub in pycountry.subdivisions.get(country_code=code) or []:
            if sub.parent_code:
                continue  # only top-level subdivisions are admin1
            names = {"name_fr": subs_fr.gettext(sub.name), "name_en": subs_en.gettext(sub.name)}
            names.update(NAME_CORRECTIONS.get(sub.code, {}))
            admin1, _ = Location.objects.update_or_create(
                iso_code=sub.code,
                defaults={
                    "level": Level.ADMIN1,
                    "parent": country,
                    "country_code": code,
                    **names,
                },
            )
            admin1_by_key[(code, sub.code)] = admin1
            admin1_by_key[(code, admin1.name_fr)] = admin1
            counts["admin1"] += 1
    counts["admin1"] += _seed_extra_admin1(country_codes, admin1_by_key)
    counts["admin2"] += _seed_admin2(country_codes, admin1_by_key)
    return counts


def _seed_extra_admin1(
    country_codes: list[str], admin1_by_key: dict[tuple[str, str], Location]
) -> int:
    created = 0
    for row in read_data_file("admin1_extra.csv"):
        code = row["country"]
        if code not in country_codes:
            continue
        country = Location.objects.get(level=Level.COUNTRY, iso_code=code)
        admin1, _ = Location.objects.update_or_create(
            parent=country,
            name_fr=row["name_fr"],
            defaults={
                "level": Level.ADMIN1,
                "country_code": code,
                "name_en": row["name_en"] or row["name_fr"],
                "iso_code": row["iso_code"] or None,
            },
        )
        admin1_by_key[(code, admin1.name_fr)] = admin1
        if admin1.iso_code:
            admin1_by_key[(code, admin1.iso_code)] = admin1
        created += 1
    return created


def _seed_admin2(country_codes: list[str], admin1_by_key: dict[tuple[str, str], Location]) -> int:
    created = 0
    for row in read_data_file("admin2.csv"):
        code = row["country"]
        if code not in country_codes:
            continue
        parent = admin1_by_key[(code, row["admin1"])]
        Location.objects.update_or_create(
            parent=parent,
            name_fr=row["name_fr"],
            defaults={
                "level": Level.ADMIN2,
                "country_code": code,
                "name_en": row["name_en"] or row["name_fr"],
            },
        )
        created += 1
    return created
