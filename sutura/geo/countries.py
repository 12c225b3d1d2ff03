"""Country names in the user's language (ISO 3166-1, translated by pycountry)."""

from __future__ import annotations

import gettext
import re
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


# Ways of writing a country of the region that ISO's English and French names miss: short and
# old names, and nationalities (a "nationality" column often holds "Sénégalais" or "Malian").
# A nationality shared by two countries (Congolese) is left out: it names neither.
OTHER_NAMES = {
    "BF": ("Burkina", "Burkinabe", "Burkinabè"),
    "BJ": ("Beninese", "Béninois", "Béninoise"),
    "CD": ("DR Congo", "DRC", "RDC", "RD Congo", "Congo-Kinshasa", "Zaïre"),
    "CF": ("Centrafrique", "Central African", "Centrafricain", "Centrafricaine", "RCA", "CAR"),
    "CG": ("Congo-Brazzaville",),
    "CI": ("Ivory Coast", "Ivorian", "Ivoirien", "Ivoirienne"),
    "CM": ("Cameroonian", "Camerounais", "Camerounaise"),
    "CV": ("Cape Verde", "Cap-Vert", "Cape Verdean", "Cap-Verdien", "Cap-Verdienne"),
    "DZ": ("Algerian", "Algérien", "Algérienne"),
    "EG": ("Egyptian", "Égyptien", "Égyptienne"),
    "ER": ("Eritrean", "Érythréen", "Érythréenne"),
    "ET": ("Ethiopian", "Éthiopien", "Éthiopienne"),
    "GA": ("Gabonese", "Gabonais", "Gabonaise"),
    "GH": ("Ghanaian", "Ghanéen", "Ghanéenne"),
    "GM": ("Gambian", "Gambien", "Gambienne"),
    "GN": ("Guinea-Conakry", "Guinée-Conakry", "Guinean", "Guinéen", "Guinéenne"),
    "GQ": ("Equatoguinean", "Équato-Guinéen", "Équato-Guinéenne"),
    "GW": ("Bissau-Guinean", "Bissau-Guinéen", "Bissau-Guinéenne"),
    "LR": ("Liberian", "Libérien", "Libérienne"),
    "LY": ("Libyan", "Libyen", "Libyenne"),
    "MA": ("Moroccan", "Marocain", "Marocaine"),
    "ML": ("Malian", "Malien", "Malienne"),
    "MR": ("Mauritanian", "Mauritanien", "Mauritanienne"),
    "NE": ("Nigerien", "Nigérien", "Nigérienne"),
    "NG": ("Nigerian", "Nigérian", "Nigériane"),
    "SL": ("Sierra Leonean", "Sierra-Léonais", "Sierra-Léonaise"),
    "SD": ("Sudanese", "Soudanais", "Soudanaise"),
    "SN": ("Senegalese", "Sénégalais", "Sénégalaise"),
    "SO": ("Somali", "Somalien", "Somalienne"),
    "SS": ("South Sudanese", "Sud-Soudanais", "Sud-Soudanaise"),
    "TD": ("Chadian", "Tchadien", "Tchadienne"),
    "TG": ("Togolese", "Togolais", "Togolaise"),
    "TN": ("Tunisian", "Tunisien", "Tunisienne"),
}
_ARTICLES = frozenset({"the", "la", "le", "les"})


def name_key(text: str) -> str:
    """A country's name with what people write differently taken out: case, accents,
    apostrophes, hyphens and commas, and an article ("The Gambia", "Gambia, The")."""
    folded = _collation_key(text.strip()).replace("'", "").replace("\u2019", "")
    words = [word for word in re.split(r"[^a-z0-9]+", folded) if word]
    return "".join(word for word in words if word not in _ARTICLES)


@cache
def iso_codes_by_name() -> dict[str, str]:
    """Every country's codes and ISO names, English and French, by `name_key`."""
    french = _translator("fr")
    found: dict[str, str] = {}
    for country in pycountry.countries:
        names = [
            getattr(country, attribute, None)
            for attribute in ("name", "official_name", "common_name")
        ]
        written = {name for name in names if name}
        written |= {french.gettext(name) for name in written}
        for name in (country.alpha_2, country.alpha_3, *sorted(written)):
            found.setdefault(name_key(name), country.alpha_2)
    return found


@cache
def _codes_by_name() -> dict[str, str]:
    found = dict(iso_codes_by_name())
    for code, others in OTHER_NAMES.items():
        for name in others:
            found[name_key(name)] = code
    return found


def country_code(text: str) -> str | None:
    """The ISO code of a country written by its code (SN, SEN), its name in English or French
    however spelt ("Cote d'Ivoire", "Gambia, The", "Guinée"), a common other name ("Ivory
    Coast", "RDC") or a nationality of the region ("Sénégalaise", "Malian"); None if it names
    no country."""
    key = name_key(text)
    return _codes_by_name().get(key) if key else None
