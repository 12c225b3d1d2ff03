"""Query helpers on places."""

from __future__ import annotations

from typing import Any

from django.db.models import Q


def within(field: str, location: Any) -> Q:
    """`field` (a foreign key to a Location) is the place or any unit below it (the hierarchy
    has four levels: country, admin 1, admin 2, admin 3)."""
    return (
        Q(**{field: location})
        | Q(**{f"{field}__parent": location})
        | Q(**{f"{field}__parent__parent": location})
        | Q(**{f"{field}__parent__parent__parent": location})
    )
