"""Name search over the name index: the people whose names come closest to what was typed.

Each typed word is folded to its key (names.py) and expanded to the name keys Sutura knows that
stand for it: the same word, the words of the same sound or the same dictionary group
(`NameWord.phonetic`), the names related to it in another language, and spellings close by
trigram similarity (the small vocabulary `NameWord`). Each key gets a score: how surely it is
the typed word. A person's score is, for each typed word, the best score among the person's
name words, summed over the typed words: it is read in the narrow per-person index
(`PersonNameWord`), through the access layer. A typed word that matches none of a person's
names adds nothing but drops nobody: "Mamadou Jallo Bah" still lists Mamadou Diallo, after the
people matching all three words.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import (
    Case,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Q,
    UUIDField,
    Value,
    When,
)
from django.db.models.functions import Greatest

from sutura.access import visible
from sutura.people.models import NameWord, PersonNameWord
from sutura.people.names import phonetic, related, skeleton

# A phone number is searched whole (8 digits or more: Mali's shortest); a few digits would
# match most numbers of a country (every Senegalese number holds "221").
PHONE = re.compile(r"^\+?(?:\d\s*){8,}$")
MAX_MATCHES = 1000  # people one name search returns at most (see core.forms.CappedPaginator)
MAX_WORDS = 6  # typed words scored (a name has rarely more; a pasted paragraph is cut)
SIMILARITY = 0.4  # below this trigram similarity, two keys are different names
VARIANTS_PER_WORD = 40  # known keys one typed word stands for, at most (the closest)
MIN_SPLIT = 5  # letters of the shortest key tried cut in two, or made by joining two words
# How surely a known key stands for the typed word, besides its trigram similarity:
SAME_WORD = 1.0
SAME_SOUND = 0.9  # same phonetic key: same dictionary group, or spellings that sound alike
RELATED = 0.6  # the name in another language (Mamadou / Mohamed): listed, below the above


def word_scores(word: str) -> dict[str, float]:
    """The known name keys that stand for the typed key `word`, each with its score."""
    sound = phonetic(word)
    kin = [phonetic(key) for key in related(word)]
    near = Q(word__trigram_similar=word) | Q(phonetic=sound)
    if kin:
        near |= Q(phonetic__in=kin)
    rows = (
        NameWord.objects.filter(near)
        .annotate(similarity=TrigramSimilarity("word", word))
        .order_by("-similarity")
        .values_list("word", "phonetic", "similarity")[: VARIANTS_PER_WORD * 4]
    )
    scores: dict[str, float] = {}
    for key, key_sound, similarity in rows:
        score = float(similarity) if similarity >= SIMILARITY else 0.0
        if key == word:
            score = SAME_WORD
        elif sound and key_sound == sound:
            score = max(score, SAME_SOUND)
        elif key_sound in kin:
            score = max(score, RELATED)
        if score:
            scores[key] = score
    best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:VARIANTS_PER_WORD]
    return dict(best)


def splits(words: list[str]) -> dict[str, tuple[str, str]]:
    """Typed words that are two known name keys written together ("Dasilva" for "Da Silva",
    "Abdoulaziz" for "Abdoul Aziz"): word -> (first, second), the most even cut."""
    cuts = {
        word: [(word[:at], word[at:]) for at in range(2, len(word) - 1)]
        for word in words
        if len(word) >= MIN_SPLIT
    }
    parts = {part for pairs in cuts.values() for pair in pairs for part in pair}
    if not parts:
        return {}
    known = set(NameWord.objects.filter(word__in=parts).values_list("word", flat=True))
    found = {}
    for word, pairs in cuts.items():
        whole = [pair for pair in pairs if pair[0] in known and pair[1] in known]
        if whole:
            found[word] = max(whole, key=lambda pair: min(len(pair[0]), len(pair[1])))
    return found


def _best(scores: dict[str, float]) -> Expression:
    """The best score among a person's name words for one typed word (0 when none matches)."""
    return Max(
        Case(
            *[When(word=key, then=Value(score)) for key, score in scores.items()],
            default=Value(0.0),
            output_field=FloatField(),
        )
    )


def closest_people(user: Any, query: str, *, limit: int) -> list[UUID]:
    """Up to `limit` ids of people the user may see whose names match `query` best, best
    first: every typed word adds its best match among the person's names (0 to 1 each), so a
    person matching most words strongly is listed even when one word matches nothing."""
    words = list(dict.fromkeys(skeleton(query).split()))[:MAX_WORDS]  # "Ba Ba" is one word
    scored = [word_scores(word) for word in words]
    # A name written in one word on file and in two in the box ("Elhadji" / "El Hadji",
    # "Abdoulaziz" / "Abdoul Aziz"): each of the two typed words also stands for the joined key.
    for index in range(len(words) - 1):
        joined = skeleton(words[index] + words[index + 1])
        if len(joined) >= MIN_SPLIT and joined not in words:
            for key, score in word_scores(joined).items():
                for side in (index, index + 1):
                    if scored[side].get(key, 0.0) < score:
                        scored[side][key] = score
    # And the other way round: one typed word for two words on file ("Dasilva" / "Da Silva"),
    # worth the whole word when the person has both halves, half of it for one.
    halves = splits(words)
    per_word: list[Expression] = []
    keys: set[str] = set()
    for word, scores in zip(words, scored, strict=True):
        best = _best(scores) if scores else None
        if word in halves:
            first, second = halves[word]
            both = (_best({first: 1.0}) + _best({second: 1.0})) * Value(0.5)
            best = Greatest(best, both) if best is not None else both
            keys.update(halves[word])
        if best is not None:
            per_word.append(best)
            keys.update(scores)
    if not per_word:
        return []
    total: Any = per_word[0]
    for expression in per_word[1:]:
        total = total + expression
    rows = (
        visible(user, PersonNameWord)
        .filter(word__in=sorted(keys))
        .values("person_id")
        .annotate(score=total)
        .order_by("-score", "person_id")
        .values_list("person_id", flat=True)[:limit]
    )
    return list(rows)


def rank_in(ids: list[UUID], field: str = "pk") -> Func:
    """An expression ordering rows as `ids` lists them (1 = first): the order of
    `closest_people` kept by a query that filters on its ids."""
    return Func(
        Value(ids, output_field=ArrayField(UUIDField())),
        F(field),
        function="array_position",
        output_field=IntegerField(),
    )
