"""Country names in the user's language (ISO 3166-1, translated by pycountry)."""

from __future__ import annotations

import gettext
import unicodedata
from functools import cache

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sutura.core.text import french_apostrophes


@cache
def _translator(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(code: str, language: str | None = None) -> str:
    record = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if record is None:
        return code
    language = (language or get_language() or "fr")[:2]
    name = _translator(language).gettext(record.name)
    # pycountry's French writes "Côte d'Ivoire": ours writes ’, as the catalogue does.
    return french_apostrophes(name) if language == "fr" else name


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Every country, sorted by its name in the user's language, as a reader would: accents
    do not move a name (Égypte among the E, Sénégal before Syrie)."""
    names = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return sorted(names, key=lambda pair: (_collation_key(pair[1]), pair[1]))


# The countries most people on file come from or pass through: West and Central Africa, and
# North Africa's transit countries. Listed first in a nationality list, so that a caseworker on
# a phone picks Guinée without scrolling past 200 names; every country follows.
REGION = (
    "BF", "BJ", "CD", "CF", "CG", "CI", "CM", "CV", "DZ", "GA", "GH", "GM", "GN", "GQ",
    "GW", "LR", "LY", "MA", "ML", "MR", "NE", "NG", "SL", "SN", "TD", "TG", "TN",
)  # fmt: skip


def grouped_country_choices(home: str | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """A nationality list in two groups: the user's own country then the region's (`REGION`),
    and every country. A country shows in both; either choice gives the same code."""
    every = country_choices()
    names = dict(every)
    home = (home or "").upper()
    region = [(code, name) for code, name in every if code in REGION and code != home]
    first = [(home, names[home])] if home in names else []
    return [
        (_("Countries of the region"), first + region),
        (_("All countries"), every),
    ]


def _collation_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
