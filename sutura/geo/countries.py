"""Country names in the user's language (ISO 3166-1, translated by pycountry)."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language


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
    return _translator(language).gettext(record.name)


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Every country, sorted by its name in the user's language."""
    names = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return sorted(names, key=lambda pair: pair[1].casefold())
