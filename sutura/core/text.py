"""Text kept in both languages in the database (reference data that users add: service names,
meeting kinds, training topics): the value in the active language, falling back to the other."""

from __future__ import annotations

from django.utils import translation


def in_language(french: str, english: str) -> str:
    """The text in the active language, falling back to the other one when it is empty."""
    if translation.get_language() == "en":
        return english or french
    return french or english
