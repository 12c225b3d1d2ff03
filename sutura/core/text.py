"""Text kept in both languages in the database (reference data that users add: service names,
meeting kinds, training topics): the value in the active language, falling back to the other."""

from __future__ import annotations

import re
from typing import Any

from django.utils import translation


def in_language(french: str, english: str) -> str:
    """The text in the active language, falling back to the other one when it is empty."""
    if translation.get_language() == "en":
        return english or french
    return french or english


# An apostrophe between two letters ("l'enveloppe", "Côte d'Ivoire"): French writes ’.
STRAIGHT_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")


def french_apostrophes(text: str) -> str:
    """French text as the catalogue writes it: the typographic apostrophe (’) between two
    letters, for French words that come from data (reference rows, pycountry's names)."""
    return STRAIGHT_APOSTROPHE.sub("’", text)


def curl_apostrophes_of(model: Any, *fields: str) -> None:
    """For a data migration: the French columns `fields` of every row of `model` (its historical
    model) written with ’, as `french_apostrophes` writes them. Other columns stay as they are."""
    for row in model.objects.all():
        changed = [f for f in fields if french_apostrophes(getattr(row, f)) != getattr(row, f)]
        for name in changed:
            setattr(row, name, french_apostrophes(getattr(row, name)))
        if changed:
            row.save(update_fields=changed)
