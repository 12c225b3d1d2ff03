"""Name search over the name index: the people whose names come closest to what was typed.

Each typed word is folded to its key (names.py), expanded to the similar keys Sutura knows
(trigram similarity on the small vocabulary), then looked up in the narrow per-person index,
through the access layer. A person must match every typed word; closer spellings rank first.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, Count, FloatField, IntegerField, Sum, Value, When

from sutura.access import visible
from sutura.people.models import NameWord, PersonNameWord
from sutura.people.names import skeleton

# A phone number is searched whole (8 digits or more: Mali's shortest); a few digits would
# match most numbers of a country (every Senegalese number holds "221").
PHONE = re.compile(r"^\+?(?:\d\s*){8,}$")
MAX_MATCHES = 1000  # people one name search returns at most (see core.forms.CappedPaginator)
SIMILARITY = 0.45  # below this, two keys are different names
VARIANTS_PER_WORD = 30


def similar_keys(word: str) -> dict[str, float]:
    """Known name keys close to `word` (itself included when known), with their similarity."""
    rows = (
        NameWord.objects.filter(word__trigram_similar=word)
        .annotate(similarity=TrigramSimilarity("word", word))
        .filter(similarity__gte=SIMILARITY)
        .order_by("-similarity")
        .values_list("word", "similarity")[:VARIANTS_PER_WORD]
    )
    return dict(rows)


def closest_people(user: Any, query: str, *, limit: int) -> list[UUID]:
    """Up to `limit` ids of people the user may see whose names match `query` best."""
    words = list(dict.fromkeys(skeleton(query).split()))  # "Ba Ba" is one word
    if not words:
        return []
    variants: dict[str, tuple[int, float]] = {}  # key -> (typed word it stands for, similarity)
    for index, word in enumerate(words):
        for key, similarity in similar_keys(word).items():
            if key not in variants or variants[key][1] < similarity:
                variants[key] = (index, similarity)
    if len({index for index, _similarity in variants.values()}) < len(words):
        return []  # a typed word matches no name at all
    score = Sum(
        Case(
            *[When(word=k, then=Value(s)) for k, (_i, s) in variants.items()],
            output_field=FloatField(),
        )
    )
    matched = Count(
        Case(
            *[When(word=k, then=Value(i)) for k, (i, _s) in variants.items()],
            output_field=IntegerField(),
        ),
        distinct=True,
    )
    rows = (
        visible(user, PersonNameWord)
        .filter(word__in=list(variants))
        .values("person_id")
        .annotate(score=score, matched=matched)
        .filter(matched=len(words))
        .order_by("-score", "person_id")
        .values_list("person_id", flat=True)[:limit]
    )
    return list(rows)
