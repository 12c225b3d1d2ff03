"""Name keys for search and duplicate detection across spellings.

One person's name is written many ways: N'Diaye / Ndiaye / NDIAYE, Traoré / Traore,
Coulibaly / Kulibali, Mamadou / Mamadu, Diallo / Jallow. `skeleton()` folds a word to a key in
which those spellings meet (accents, apostrophes and case dropped, then French/English
transliteration variants merged); trigram similarity on the keys then absorbs typos.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The name index's columns (NameWord.word, PersonNameWord.word) hold words of at most this
# many characters: forms and serializers refuse a longer word (`check_name_words`), and a key
# that folding made longer is cut (`skeleton`), so no name reaches the database too long.
MAX_WORD = 80

# Applied in order to each accent-free, lower-case word. Our list, from the spelling variants
# in the domain notes and common French/English transliterations in West Africa.
RULES: list[tuple[str, str]] = [
    (r"ph", "f"),
    (r"^dj", "j"),
    (r"^di(?=[aeou])", "j"),  # Diallo ~ Jallow
    (r"ou", "u"),  # Mamadou ~ Mamadu, Coulibaly ~ Kulibali
    (r"c(?=[aou])", "k"),
    (r"ck", "k"),
    (r"q", "k"),
    (r"y", "i"),
    (r"ow$", "o"),
    (r"h(?![aeiou])", ""),  # silent h: Ahmad ~ Amad
    (r"(.)\1+", r"\1"),  # double letters: Diallo ~ Dialo
]
_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in RULES]


def fold(text: str) -> str:
    """Lower case, no accents, letters and digits only ("N'Diaye" -> "ndiaye")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.split(r"[\s\-]+", bare)
    return " ".join(w for w in (re.sub(r"[^a-z0-9]", "", w) for w in words) if w)


def skeleton(text: str) -> str:
    """The search key of a name or query: folded, then spelling variants merged."""
    keys = []
    for word in fold(text).split():
        for pattern, replacement in _COMPILED:
            word = pattern.sub(replacement, word)
        if word:
            keys.append(word[:MAX_WORD])
    return " ".join(keys)


def check_name_words(value: str) -> None:
    """A validator for a name field: no word longer than the name index holds."""
    if any(len(word) > MAX_WORD for word in re.split(r"[\s\-]+", value or "")):
        raise ValidationError(
            _("A word of a name can have at most %(max)d letters.") % {"max": MAX_WORD},
            code="name_word_too_long",
        )


def search_key(*names: str) -> str:
    """All the words of all of a person's names, as keys, once each (order-free)."""
    words: list[str] = []
    for name in names:
        for word in skeleton(name).split():
            if word not in words:
                words.append(word)
    return " ".join(words)


# A first cut of the phonetic key, to be refined with the variant dictionary: consonant classes
# that West African names are heard and written with interchangeably.
_PHONETIC: list[tuple[str, str]] = [
    (r"(?<=.)[aeiou]+", ""),  # vowels after the first letter carry little
    (r"p", "b"),
    (r"z", "s"),
    (r"w", "u"),
    (r"(.)\1+", r"\1"),
]
_PHONETIC_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in _PHONETIC]


def phonetic(word: str) -> str:
    """The phonetic key of one name word (Diop and Jobe meet); '' for a word with no letters."""
    key = skeleton(word).replace(" ", "")
    for pattern, replacement in _PHONETIC_COMPILED:
        key = pattern.sub(replacement, key)
    return key[:MAX_WORD]


def block_keys(person: Any) -> list[str]:
    """The keys a duplicate candidate must share with a person (besides a phone or a document):
    each pair of the person's phonetic name keys, in any order, and each key with the birth
    year. Two people sharing none of them are never compared."""
    names = [person.family_name, person.given_names, *(person.aliases or [])]
    keys = sorted({k for k in (phonetic(w) for w in fold(" ".join(names)).split()) if k})
    pairs = [f"{a}|{b}" for i, a in enumerate(keys) for b in keys[i + 1 :]]
    year = person.birth_date.year if person.birth_date else None
    with_year = [f"{k}|{year}" for k in keys] if year else []
    return pairs + with_year
