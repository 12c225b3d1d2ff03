"""Name keys for search and duplicate detection across spellings (pure functions, no database).

One person's name is written many ways: N'Diaye / Ndiaye / NDIAYE / Njie, Traoré / Trawally,
Coulibaly / Kulibali, Fatoumata / Fatimata / Fatou, Diallo / Jallow. Three keys, each built on
the one before:

- `fold()`: lower case, no accents, no apostrophes, hyphens and punctuation split words;
- `skeleton()`: folded, then French/English/national-alphabet transcriptions merged (dj ~ j,
  di + vowel ~ j, ou ~ u, c ~ k or s, doubled letters, silent h): the key the name index stores
  (`Person.search_key`, `PersonNameWord.word`, `NameWord.word`), compared by trigram similarity;
- `canonical()`: the skeleton of the first spelling of the word's group in the variant
  dictionary (data/name_variants.csv), or the word's own skeleton;
- `phonetic()`: the canonical key by sound (vowel classes, p ~ b, final -e dropped...), stored
  in `NameWord.phonetic`: every spelling of a dictionary group shares it, unknown spellings
  meet by sound, and different names (Sow / Sy, Diallo / Diouf) keep different keys.

`related()` gives the names that are the same name in another language but given as distinct
names (Mamadou / Mohamed): search lists them lower, duplicate detection weighs them as less
than the same name and more than different ones.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The name index's columns (NameWord.word, PersonNameWord.word) hold words of at most this
# many characters: forms and serializers refuse a longer word (`check_name_words`), and a key
# that folding made longer is cut (`skeleton`), so no name reaches the database too long.
MAX_WORD = 80

# Letters of the national alphabets (Wolof, Pulaar, Bambara/Manding, Hausa) that Unicode does
# not decompose into a Latin letter and an accent, written as a French or English form would.
_LETTERS = str.maketrans(
    {
        "ɓ": "b",
        "ɗ": "d",
        "ƴ": "y",
        "ŋ": "ng",
        "ɲ": "ny",
        "ñ": "ny",
        "ɛ": "e",
        "ɔ": "o",
        "ə": "e",
        "ß": "ss",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "ƙ": "k",
        "ʼ": "",
        "’": "",
        "‘": "",
        "'": "",
        "`": "",
        "´": "",
    }
)

# Applied in order to each folded word, until nothing changes. Our list, from the spelling
# variants in the domain notes and the French/English/national-alphabet transcriptions of West
# African names (sources: data/name_variants.csv's header).
RULES: list[tuple[str, str]] = [
    (r"(.)\1+", r"\1"),  # double letters: Diallo ~ Dialo, Sissé ~ Sisé
    (r"ph", "f"),
    (r"kh", "k"),  # Khadija ~ Kadija, Diakhité ~ Diakité
    (r"(?<=[bdgpt])h", ""),  # Diédhiou ~ Diédiou, Thiam ~ Tiam
    (r"dj", "j"),  # Djibril ~ Jibril
    (r"^ndi(?=[aeou])", "nj"),  # Ndiaye ~ Njaye
    (r"^di(?=[aeou])", "j"),  # Diallo ~ Jallow, Diop ~ Jop
    (r"(?<=[aeiou])di(?=[aeou])", "j"),  # Kadiatou ~ Kajatu
    (r"ou", "u"),  # Mamadou ~ Mamadu, Coulibaly ~ Kulibali
    (r"c(?=[eiy])", "s"),  # Cissé ~ Sissé
    (r"c(?=[aou])", "k"),  # Camara ~ Kamara
    (r"ck", "k"),
    (r"q", "k"),
    (r"gu(?=[ei])", "g"),  # Guèye ~ Gueye
    (r"y", "i"),
    (r"owe?$", "o"),  # Jallow ~ Diallo, Sowe ~ Sow
    (r"h(?![aeiou])", ""),  # silent h: Jalloh ~ Jallo, Bah ~ Ba
]
_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in RULES]


def fold(text: str) -> str:
    """Lower case, no accents, no apostrophes, letters and digits only, one space between
    words ("N'Diaye" -> "ndiaye", "Abdoul-Aziz" -> "abdoul aziz", "ƁAH" -> "bah")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower().translate(_LETTERS))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LETTERS)
    return " ".join(re.findall(r"[a-z0-9]+", bare))


def _skeleton_word(word: str) -> str:
    for _round in range(4):  # the rules feed each other (Diiallo -> Diallo -> Jalo)
        before = word
        for pattern, replacement in _COMPILED:
            word = pattern.sub(replacement, word)
        if word == before:
            break
    return word[:MAX_WORD]


def skeleton(text: str) -> str:
    """The search key of a name or query: folded, then spelling variants merged, word by word
    (idempotent: the skeleton of a skeleton is itself)."""
    return " ".join(k for k in (_skeleton_word(w) for w in fold(text).split()) if k)


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


# The phonetic key of a word's canonical form: vowels in three classes (a; e i; o u), p ~ b,
# z ~ s, v ~ f, w ~ u, a final e after a consonant and a final -ai/-ay dropped (Jobe ~ Jop,
# Touray ~ Toure), h dropped, repeats merged. Vowels are kept: Sow and Sy, Diallo and Diouf,
# Camara and Kane stay apart.
_PHONETIC: list[tuple[str, str]] = [
    (r"(?<=.)h", ""),
    (r"w", "u"),
    (r"p", "b"),
    (r"z", "s"),
    (r"v", "f"),
    (r"x", "k"),
    (r"gn|ny", "n"),
    (r"(?<=[bcdfgjklmnrst])ai$", ""),  # Touray ~ Toure, Sisay ~ Cissé
    (r"(?<=[bcdfgjklmnrst])e$", ""),  # Jobe ~ Jop, Cissé ~ Sis
    (r"e", "i"),
    (r"o", "u"),
    (r"(.)\1+", r"\1"),
]
_PHONETIC_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in _PHONETIC]


def _sound(key: str) -> str:
    for pattern, replacement in _PHONETIC_COMPILED:
        key = pattern.sub(replacement, key)
    return key


@dataclass(frozen=True)
class Variants:
    """The variant dictionary (data/name_variants.csv), by skeleton key."""

    canonical: dict[str, str]  # skeleton of a spelling -> skeleton of its group's first spelling
    related: dict[str, frozenset[str]]  # canonical key -> canonical keys of related groups
    kinds: dict[str, str]  # canonical key -> "family" | "given"


VARIANTS_FILE = Path(__file__).resolve().parent / "data" / "name_variants.csv"


def load_variants(path: Path = VARIANTS_FILE) -> tuple[Variants, list[str]]:
    """The dictionary and the problems found in it (a spelling in two groups, a related row
    naming no group). Groups sharing a spelling are merged, so the problems never break search."""
    rows: list[tuple[str, list[str]]] = []
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines):
            keys = [
                k for k in (skeleton(s).replace(" ", "") for s in row["spellings"].split("|")) if k
            ]
            if keys:
                rows.append((row["kind"].strip(), keys))
    canonical: dict[str, str] = {}
    kinds: dict[str, str] = {}
    problems: list[str] = []
    for kind, keys in rows:
        if kind == "related":
            continue
        head = keys[0]
        if head in canonical:
            problems.append(f"{head}: a row naming a group already made ({canonical[head]})")
            head = canonical[head]
        for key in keys:
            if key in canonical and canonical[key] != head:
                problems.append(f"{key}: in the groups of {canonical[key]} and {head}")
                continue
            canonical[key] = head
        kinds.setdefault(head, kind)
    related: dict[str, set[str]] = {}
    for kind, keys in rows:
        if kind != "related":
            continue
        if any(k not in canonical for k in keys):
            problems.append(f"related {keys}: a name in no group")
            continue
        heads = [canonical[k] for k in keys]
        for head in heads:
            related.setdefault(head, set()).update(h for h in heads if h != head)
    frozen = {k: frozenset(v) for k, v in related.items()}
    return Variants(canonical=canonical, related=frozen, kinds=kinds), problems


@lru_cache(maxsize=1)
def variants() -> Variants:
    return load_variants()[0]


def canonical(word: str) -> str:
    """The canonical key of one name word: its dictionary group's first spelling (as a
    skeleton), or the word's own skeleton when the dictionary does not know it ("Jalloh" ->
    "jalo", "Kulibali" -> "kulibali", "Fatimata" -> "fatumata")."""
    key = skeleton(word).replace(" ", "")
    return variants().canonical.get(key, key)


def related(word: str) -> list[str]:
    """The canonical keys of the names related to `word` in another language (Mamadou:
    Mohamed, Modou): search lists them, duplicate detection weighs them as a level of their own
    (`matching` "related_given"), not as the same name."""
    return sorted(variants().related.get(canonical(word), ()))


def phonetic(word: str) -> str:
    """The phonetic key of one name word: every spelling of a dictionary group has its group's
    key (Fatoumata and Fatimata, Njie and N'Diaye), and spellings the dictionary does not know
    meet by sound (Diop and Jobe, Cissé and Sissé); '' for a word with no letters."""
    return _sound(canonical(word))[:MAX_WORD]


def written_as_one(text: str) -> str:
    """`text` folded, with each two neighbouring words that the variant dictionary lists as
    one name written as one word ("Al Amine" -> "alamine", a spelling of Lamine; "Abou Bakr" ->
    "aboubakr", of Boubacar); '' when no two words are. Each word is keyed alone everywhere
    else: the registration check also scores the name written so (`duplicates`)."""
    words = fold(text).split()
    known = variants().canonical
    written: list[str] = []
    at = 0
    while at < len(words):
        pair = words[at : at + 2]
        if len(pair) == 2 and skeleton(" ".join(pair)).replace(" ", "") in known:
            written.append("".join(pair))
            at += 2
        else:
            written.append(words[at])
            at += 1
    return " ".join(written) if len(written) < len(words) else ""


def name_keys(text: str) -> list[str]:
    """The phonetic keys of all the words of a name or query, once each, in order."""
    return list(dict.fromkeys(k for k in (phonetic(w) for w in fold(text).split()) if k))
