"""Possible duplicates at registration: people who may already be on file.

Candidates come only from the people the user may see (the access layer). Signals, strongest
first: a shared document number, a shared phone, similar names in any spelling or order, a
birth year within two years (ignored when either date is estimated: 1 January is a
placeholder, not evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Q
from django.utils.translation import gettext as _

from sutura.access import visible
from sutura.people.models import IdentityDocument, Person
from sutura.people.names import search_key

NAME_THRESHOLD = 0.55
MAX_CANDIDATES = 10


@dataclass
class Candidate:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)


def find_possible_duplicates(
    user: Any,
    *,
    family_name: str,
    given_names: str,
    aliases: list[str] | None = None,
    birth_date: date | None = None,
    birth_date_estimated: bool = False,
    phones: list[str] | None = None,
    document_numbers: list[str] | None = None,
    exclude_pk: Any = None,
) -> list[Candidate]:
    key = search_key(family_name, given_names, *(aliases or []))
    phones = [p for p in (phones or []) if p]
    numbers = [n.strip() for n in (document_numbers or []) if n.strip()]
    people = visible(user, Person)
    if exclude_pk:
        people = people.exclude(pk=exclude_pk)
    matches = Q(search_key__trigram_word_similar=key) if key else Q(pk__in=[])
    if phones:
        matches |= Q(phone__in=phones) | Q(other_phones__overlap=phones)
    if numbers:
        matches |= Q(documents__number__in=numbers)
    rows = (
        people.filter(matches)
        .annotate(name_score=TrigramWordSimilarity(key, "search_key"))
        .select_related("place_of_origin")
        .order_by("-name_score", "pk")
        .distinct()[:200]
    )
    shared_numbers = (
        set(
            visible(user, IdentityDocument)
            .filter(number__in=numbers, person__in=[r.pk for r in rows])
            .values_list("person_id", flat=True)
        )
        if numbers
        else set()
    )
    candidates = [
        _score(row, key, birth_date, birth_date_estimated, phones, row.pk in shared_numbers)
        for row in rows
    ]
    kept = [c for c in candidates if c is not None]
    kept.sort(key=lambda c: -c.score)
    return kept[:MAX_CANDIDATES]


def _score(
    person: Any,
    key: str,
    birth_date: date | None,
    estimated: bool,
    phones: list[str],
    shares_document: bool,
) -> Candidate | None:
    score = 0.0
    reasons = []
    if shares_document:
        score += 3
        reasons.append(_("same identity document number"))
    if phones and set(phones) & set(person.all_phones()):
        score += 2
        reasons.append(_("same phone number"))
    name_score = _order_free_similarity(key, person.search_key, person.name_score)
    if name_score >= NAME_THRESHOLD:
        score += name_score * 2
        reasons.append(_("similar name"))
    comparable = birth_date and person.birth_date and not (estimated or person.birth_date_estimated)
    if comparable:
        gap = abs(birth_date.year - person.birth_date.year)  # type: ignore[union-attr]
        if gap <= 2:
            score += 1 - gap * 0.25
            reasons.append(_("birth year within two years"))
        elif not (shares_document or reasons[:1] == [_("same phone number")]):
            score -= 1.5  # a clearly different age argues against it
    if not reasons or score < 1:
        return None
    return Candidate(person=person, score=round(score, 2), reasons=reasons)


def _order_free_similarity(query_key: str, person_key: str, trigram_score: float) -> float:
    """How many of the query's name words appear (near-)exactly among the person's words."""
    words = query_key.split()
    if not words:
        return 0.0
    theirs = set(person_key.split())
    exact = sum(1 for w in words if w in theirs) / len(words)
    return max(exact, float(trigram_score or 0))
