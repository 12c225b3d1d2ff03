"""The duplicate model: one Fellegi–Sunter definition, scored by Splink and by plain Python.

Two files may be the same person. Each *comparison* (name, birth date, phone, document, sex,
place of origin) puts a pair in one of its *levels* (exact, variant, close, different…); each
level carries m (how often true matches fall in it) and u (how often random pairs do), and the
match weight of a pair is the sum of log2(m/u) over the comparisons, plus the prior
log2(λ/(1-λ)). A shared *common* name is weak evidence: on the name levels the u of the level
is replaced by the frequency of the name (Splink's term-frequency adjustment), so "Mamadou
Diallo, born 1 January 1995" adds little and a shared phone or document number a lot.

The levels are defined once, below (`COMPARISONS`): each with its Splink SQL condition and the
same test in Python. Their parameters (m/u, λ, thresholds) are data, `data/match_model.json`,
estimated with Splink (u by random sampling, m by expectation maximisation, see
`match_training`) on generated people; `python manage.py train_match_model` rebuilds it.

Used by two engines:
- **Splink on DuckDB** for the batch run over a whole registry (`sutura.dedup`), or Splink on
  Spark for a registry too large for one machine (docs/architecture.md, "Duplicate model");
- **the pure-Python scorer** at registration (`people.duplicates`): a few hundred candidates
  in a few milliseconds, no DuckDB.
A test checks that both give the same probabilities.

The functions other parts call:
- `person_rows(people, frequencies=None) -> list[dict]`: the feature table (one dict per
  person: ids, name tokens and keys, phones, documents, birth date and its precision, sex,
  origin, blocking keys, the name's frequency). `people` are Person objects (documents
  prefetched, or not: then read) or dicts with the same field names;
- `splink_settings(params=None) -> dict`: the same comparisons as a Splink settings dict,
  with the trained parameters and the blocking rules (name keys OR phone OR document);
- `predict_pairs(rows, threshold=None, progress=None) -> list[Pair]`: every pair above the
  threshold (default: the model's), with probability and reason codes (`match_reasons`);
  `progress(done, total)` is called as chunks finish;
- `score(a_row, b_row) -> Match`: one pair, in Python, with the same parameters;
- `cluster(pairs, threshold=None) -> dict[id, group]`: connected components of the pairs
  above the threshold (group = the smallest id of the component);
- `block_keys(person) -> list[str]`: the name keys a candidate must share (Person.block_keys);
- `refresh_frequencies()`: recount `NameWord.people` in bulk (seed_demo, the nightly
  `manage.py refresh_name_frequencies`).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from sutura.people import names
from sutura.people.match_explain import reasons

MODEL_FILE = Path(__file__).parent / "data" / "match_model.json"
# A name word's frequency never counts as rarer than this (one person in ten million): a typo
# seen once must not read as the strongest evidence there is.
MIN_WORD_FREQUENCY = 1e-7
# A word this long or longer may differ by one letter (two from SHORT_EDIT_LEN * 2) and still
# count as the same word: a typo the phonetic key did not absorb.
SHORT_EDIT_LEN = 4


def _canonical(word: str) -> str:
    """The dictionary form of a name word (Fatou ~ Fatoumata), when names offers one."""
    canonical = getattr(names, "canonical", None)
    return canonical(word) if canonical else word


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The key two spellings of one name word share (dictionary variant, then phonetic)."""
    return names.phonetic(_canonical(word)) or names.skeleton(word).replace(" ", "")


# The person's own fields the model reads (`person_rows`; documents come apart): what the
# registration check and a batch run fetch of each person.
PERSON_FIELDS = (
    "id",
    "organisation_id",
    "family_name",
    "given_names",
    "aliases",
    "sex",
    "birth_date",
    "birth_date_estimated",
    "phone",
    "other_phones",
    "place_of_origin_id",
    "nationality",
)


# --- features ------------------------------------------------------------------------------


def _get(person: Any, name: str, default: Any = None) -> Any:
    if type(person) is dict or isinstance(person, Mapping):  # a dict is told at once
        return person.get(name, default)
    return getattr(person, name, default)


@lru_cache(maxsize=200_000)
def _skeleton(text: str) -> tuple[str, ...]:
    return tuple(names.skeleton(text).split())


@lru_cache(maxsize=200_000)
def _folded(text: str) -> tuple[str, ...]:
    return tuple(names.fold(text).split())


def _name_words(person: Any, *, folded: bool = False) -> tuple[list[str], list[str]]:
    split = _folded if folded else _skeleton
    family = list(split(_get(person, "family_name", "") or ""))
    given = list(split(_get(person, "given_names", "") or ""))
    for alias in _get(person, "aliases", None) or []:
        given += split(alias)
    return family, given


def given_words(person: Any) -> list[str]:
    """The skeletons of a person's given names and aliases, as the keys are made of them."""
    return _name_words(person)[1]


def _folded_words(person: Any) -> list[str]:
    family, given = _name_words(person, folded=True)
    return family + given


def _phones(person: Any) -> list[str]:
    """The last 8 digits of each phone: a number written with or without its country code, or
    with a leading 0, is the same number."""
    raw = [_get(person, "phone", "") or "", *(_get(person, "other_phones", None) or [])]
    digits = [_digits(p) for p in raw if p]
    return sorted({d[-8:] for d in digits if len(d) >= 7})


@lru_cache(maxsize=100_000)
def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())


def _documents(person: Any) -> list[tuple[str, str]]:
    documents = _get(person, "documents", None)
    if documents is None:
        return []
    if hasattr(documents, "all"):
        documents = [(d.type, d.number) for d in documents.all()]
    out = []
    for document in documents:
        kind, number = (
            (document["type"], document["number"])
            if isinstance(document, Mapping)
            else (document[0], document[1])
        )
        number = normalise_document_number(number)
        if number:
            out.append((kind or "other", number))
    return out


def normalise_document_number(number: str) -> str:
    """Letters and digits only, upper case: "a-123 456" and "A123456" are one number."""
    return "".join(c for c in (number or "") if c.isalnum()).upper()


def _birth(person: Any) -> tuple[str | None, int | None, bool]:
    born = _get(person, "birth_date", None)
    if isinstance(born, str):
        born = date.fromisoformat(born) if born else None
    if born is None:
        return None, None, False
    # 1 January is how an estimated or year-only date is written: a year, not a day.
    estimated = bool(_get(person, "birth_date_estimated", False)) or (born.month, born.day) == (
        1,
        1,
    )
    return born.isoformat(), born.year, estimated


def name_keys(person: Any) -> list[str]:
    """The distinct keys of a person's name words (names and aliases)."""
    family, given = _name_words(person)
    return sorted({k for k in (word_key(w) for w in family + given) if k})


def block_keys(person: Any) -> list[str]:
    """The name keys a duplicate candidate must share with a person (besides a phone or a
    document number): each pair of the person's name-word keys, in any order (swapped names,
    a middle name more or less), and each key with the birth year (one badly written word),
    the years either side too when the date is estimated. Two people sharing none of them,
    nor a phone, nor a document, are never compared."""
    keys = name_keys(person)
    pairs = [f"{a}|{b}" for i, a in enumerate(keys) for b in keys[i + 1 :]]
    _, year, estimated = _birth(person)
    years = [] if year is None else ([year - 1, year, year + 1] if estimated else [year])
    return pairs + [f"{k}|{y}" for k in keys for y in years]


def name_frequency(keys: Iterable[str], frequencies: Mapping[str, float]) -> float:
    """How common a whole name is, as the product of its words' frequencies (independence):
    the term frequency of the name comparison."""
    product = 1.0
    for key in keys:
        product *= max(frequencies.get(key, 0.0), MIN_WORD_FREQUENCY)
    return max(product, MIN_WORD_FREQUENCY)


def person_rows(
    people: Iterable[Any],
    *,
    frequencies: Mapping[str, float] | None = None,
    with_block_keys: bool = True,
    filled_from: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The feature table of the model: one dict per person (see the module docstring).
    `frequencies` maps a name key to the share of people carrying it; by default it is counted
    on `people` themselves (right for a batch over a whole registry), and, with the model's
    parameters as `filled_from`, as a registration reads a registry (`registry_shares`: one
    smaller than the trained records with the people it lacks)."""
    rows = [_row(person, with_block_keys) for person in people]
    if frequencies is None:
        counts = Counter(k for row in rows for k in row["name_keys"])
        if filled_from is not None:
            frequencies = registry_shares(counts, len(rows), filled_from)[1]
        else:
            frequencies = {k: n / max(len(rows), 1) for k, n in counts.items()}
    with_frequencies(rows, frequencies)
    return rows


def registry_shares(
    counts: Mapping[str, int], registry: int, params: dict[str, Any]
) -> tuple[int, dict[str, float]]:
    """The size a registry of `registry` people is scored at, and the share of people
    carrying each name key, from how many of them carry it (`counts`). A registry smaller than
    the records the model was trained on is read as that large, the people it lacks drawn from
    those records (`reference_frequencies`): in an office of 200, one Mamadou is his own
    share plus nine tenths of the region's, not one in 20,000. Nor is a name its own people
    carry read rarer than they say, beside one who may be the person ((n - 1) / registry): eight
    Serigne of 140 people are a common name there, whatever the region's records; one Goudiaby
    stays rare. A registry the trained size or larger is counted alone (n / registry)."""
    size = max(registry, int(params.get("records", 0)), 1)
    lacking = 1 - registry / size
    reference = reference_frequencies(params) if lacking > 0 else {}
    shares = {key: lacking * share for key, share in reference.items()}  # carried by none
    for key, n in counts.items():
        shares[key] = max(
            n / size + lacking * reference.get(key, 0.0), (n - 1) / registry if registry else 0.0
        )
    return size, shares


def namesake_shares(candidates: Iterable[dict[str, Any]], size: int) -> dict[str, float]:
    """The share of a registry of `size` people carrying each whole name (`name_key`: its
    words' keys in any order), as the candidates of one registration show it: the carriers of
    a name beside one, who may be the person registered. A floor of the name's frequency, as
    the candidates carrying a word are of the word's (`with_frequencies`)."""
    counts = Counter(row["name_key"] for row in candidates if row["name_key"])
    return {key: (n - 1) / max(size, 1) for key, n in counts.items() if n > 1}


@lru_cache(maxsize=200_000)
def _name_features(
    family_name: str, given_names: str, aliases: tuple[str, ...]
) -> tuple[tuple[str, Any], ...]:
    """The name columns of a row, for a name as written (a pure function of it: a name
    common to thousands of people is worked out once)."""
    person = {"family_name": family_name, "given_names": given_names, "aliases": aliases}
    family, given = _name_words(person)
    words = sorted(set(family + given))
    keys = sorted({k for k in (word_key(w) for w in words) if k})
    # Each word's key, skeleton and spelling as written (folded): a slip of the pen is looked
    # for on both, since a spelling rule may hide it ("Daillo" / "Diallo": dailo / jalo).
    written: dict[str, str] = {}
    for folded in sorted(_folded_words(person)):
        written.setdefault(names.skeleton(folded), folded)
    return (
        (
            "name_tokens",
            tuple(f"{word_key(w)}|{w}|{written.get(w, w)}" for w in words),
        ),
        ("name_keys", tuple(keys)),
        # The tokens of the given names alone (no family name, no alias): which of them the
        # other name lacks tells relatives apart (`_GIVEN_CONFLICT`).
        (
            "given_tokens",
            tuple(
                f"{word_key(w)}|{w}|{written.get(w, w)}"
                for w in sorted(set(_skeleton(given_names)))
            ),
        ),
        ("name_key", " ".join(keys)),
        # As written, bar case, accents and punctuation: "same name" rather than "a variant".
        ("name_folded", " ".join(sorted(set(_folded_words(person))))),
        ("family_keys", tuple(sorted({word_key(w) for w in family}))),
        ("given_keys", tuple(sorted({word_key(w) for w in given}))),
        # The keys of the given names and of the names the dictionary relates to them (Modou
        # for Mamadou, Awa for Hawa): one name in another form, not another name.
        ("given_related", _related_keys(tuple(given))),
    )


def _related_keys(given: tuple[str, ...]) -> tuple[str, ...]:
    """The keys of the given names `given` and of their related names (`names.related`)."""
    keys = {word_key(w) for w in given}
    keys |= {word_key(r) for w in given for r in names.related(w)}
    return tuple(sorted(k for k in keys if k))


def _row(person: Any, with_block_keys: bool = True) -> dict[str, Any]:
    name = _name_features(
        _get(person, "family_name", "") or "",
        _get(person, "given_names", "") or "",
        tuple(_get(person, "aliases", None) or ()),
    )
    documents = _documents(person)
    born, year, estimated = _birth(person)
    sex = _get(person, "sex", None)
    origin = _get(person, "place_of_origin_id", None) or _get(person, "place_of_origin", None)
    organisation = _get(person, "organisation_id", None) or _get(person, "organisation", None)
    return {
        "unique_id": str(_get(person, "pk", None) or _get(person, "id", None)),
        "organisation": str(getattr(organisation, "pk", organisation) or ""),
        **{column: list(v) if isinstance(v, tuple) else v for column, v in name},
        "phones": _phones(person),
        "doc_numbers": sorted({n for _, n in documents}),
        "doc_types": sorted({t for t, _ in documents}),
        "birth_date": born,
        "birth_year": year,
        "birth_estimated": estimated,
        "sex": sex if sex in ("male", "female") else None,
        "origin": str(getattr(origin, "pk", origin)) if origin else None,
        "nationality": (_get(person, "nationality", "") or "").upper() or None,
        "block_keys": block_keys(person) if with_block_keys else [],
    }


# --- the comparisons, once -----------------------------------------------------------------


def _edits_allowed(a: str, b: str) -> int:
    shortest = min(len(a), len(b))
    return 0 if shortest < SHORT_EDIT_LEN else (1 if shortest < SHORT_EDIT_LEN * 2 else 2)


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _edit_distance(a: str, b: str) -> int:
    """Damerau–Levenshtein distance (letters inserted, deleted, replaced, or two neighbours
    exchanged: "Soussneou" is one edit from "Soussenou"), the unrestricted form DuckDB's
    `damerau_levenshtein` computes, so both engines agree."""
    infinity = len(a) + len(b)
    last_row: dict[str, int] = {}
    d = [[infinity] * (len(b) + 2)] + [[infinity] + [0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i + 1][1] = i
    for j in range(len(b) + 1):
        d[1][j + 1] = j
    for i in range(1, len(a) + 1):
        last_match = 0
        for j in range(1, len(b) + 1):
            k, ell = last_row.get(b[j - 1], 0), last_match
            cost = 0 if a[i - 1] == b[j - 1] else 1
            if not cost:
                last_match = j
            d[i + 1][j + 1] = min(
                d[i][j] + cost,
                d[i + 1][j] + 1,
                d[i][j + 1] + 1,
                d[k][ell] + (i - k - 1) + 1 + (j - ell - 1),
            )
        last_row[a[i - 1]] = i
    return d[len(a) + 1][len(b) + 1]


@lru_cache(maxsize=500_000)
def _tokens_meet(x: str, y: str) -> bool:
    """Two name tokens (key|skeleton|as written) are one word: the same key, or a slip of
    the pen apart, in their skeletons or as written."""
    key_x, word_x, written_x = [*x.split("|"), "", ""][:3]
    key_y, word_y, written_y = [*y.split("|"), "", ""][:3]
    if key_x == key_y:
        return True
    return _slip(word_x, word_y) or _slip(written_x or word_x, written_y or word_y)


def _slip(a: str, b: str) -> bool:
    """One or two letters apart, by the words' length (`_edits_allowed`)."""
    allowed = _edits_allowed(a, b)
    if abs(len(a) - len(b)) > allowed:
        return False
    if allowed == 1 and a[:1] != b[:1]:
        return False  # Faye / Gaye: a short name's first letter changed is another name
    # An exchange of two letters is two Levenshtein edits and one Damerau–Levenshtein edit:
    # the plain distance (quicker) settles most pairs, the full one only those in between.
    plain = _levenshtein(a, b)
    if plain <= allowed or plain > 2 * allowed:
        return plain <= allowed
    return _edit_distance(a, b) <= allowed


def words_matched(left: list[str], right: list[str]) -> int:
    """How many words of the name with fewer matched words meet a word of the other (same key,
    or one or two letters apart): swapped order and a middle name more or less do not matter.
    The DuckDB macro `sutura_words_matched` computes the same."""
    ab = sum(1 for x in left if any(_tokens_meet(x, y) for y in right))
    ba = sum(1 for y in right if any(_tokens_meet(y, x) for x in left))
    return min(ab, ba)


def words_unmatched(left: list[str], right: list[str]) -> int:
    """How many words of `left` meet no word of `right` (the DuckDB macro
    `sutura_words_unmatched`)."""
    return sum(1 for x in left if not any(_tokens_meet(x, y) for y in right))


# The same in DuckDB, as a macro Splink's SQL calls (created on the connection by
# `duckdb_connection`); on Spark, register a function of that name (see the docs).
def _slip_sql(part: int) -> str:
    """`_slip` of the tokens' `part` (2: skeleton, 3: as written), in DuckDB's SQL."""
    a, b = f"split_part(x, '|', {part})", f"split_part(y, '|', {part})"
    shortest = f"least(length({a}), length({b}))"
    return (
        f"(damerau_levenshtein({a}, {b}) <= (CASE WHEN {shortest} < {SHORT_EDIT_LEN} THEN 0 "
        f"WHEN {shortest} < {SHORT_EDIT_LEN * 2} THEN 1 ELSE 2 END) "
        f"AND ({shortest} >= {SHORT_EDIT_LEN * 2} OR left({a}, 1) = left({b}, 1)))"
    )


_TOKEN_MEET_SQL = (
    f"split_part(x, '|', 1) = split_part(y, '|', 1) OR {_slip_sql(2)} OR {_slip_sql(3)}"
)
DUCKDB_MACROS = [
    "CREATE OR REPLACE MACRO sutura_words_matched(a, b) AS least("
    f"len(list_filter(a, lambda x: len(list_filter(b, lambda y: {_TOKEN_MEET_SQL})) > 0)), "
    f"len(list_filter(b, lambda x: len(list_filter(a, lambda y: {_TOKEN_MEET_SQL})) > 0)))",
    "CREATE OR REPLACE MACRO sutura_words_unmatched(a, b) AS "
    f"len(list_filter(a, lambda x: len(list_filter(b, lambda y: {_TOKEN_MEET_SQL})) = 0))",
]


def _shared(a: list[Any], b: list[Any]) -> int:
    return len(set(a) & set(b))


def _years(a: dict[str, Any], b: dict[str, Any]) -> int:
    return abs(a["birth_year"] - b["birth_year"])


def _precise(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return not (a["birth_estimated"] or b["birth_estimated"])


@dataclass(frozen=True)
class Level:
    code: str
    sql: str  # Splink's condition, on columns suffixed _l and _r
    test: Callable[[dict[str, Any], dict[str, Any]], bool]  # the same, in Python
    null: bool = False
    tf: bool = False  # term-frequency adjusted on the name's frequency


@dataclass(frozen=True)
class Comparison:
    code: str
    columns: tuple[str, ...]
    levels: tuple[Level, ...]  # first that holds wins; the last is "else"


_SHORTER = "least(array_length(name_keys_l), array_length(name_keys_r))"
# A given name of one is a form the dictionary relates to a given name of the other (Modou /
# Mamadou, Hawa / Awa), either way.
_GIVEN_RELATED = (
    "(array_length(array_intersect(given_related_l, given_keys_r)) > 0 "
    "OR array_length(array_intersect(given_keys_l, given_related_r)) > 0)"
)
_FAMILY_SHARED = "array_length(array_intersect(family_keys_l, family_keys_r)) > 0"
# The family name is shared, no given name is, and a given name of one is a related form of
# one of the other's: one person written in another language or by a short form (or relatives
# named after one ancestor).
_RELATED_GIVEN = (
    f"{_FAMILY_SHARED} AND array_length(array_intersect(given_keys_l, given_keys_r)) = 0 "
    f"AND {_GIVEN_RELATED}"
)
# The family name is shared and the given names disagree outright (not a variant, not a
# related form, not a typo: only one word of the names meets): the pattern of relatives
# (siblings, twins, a son named after his father's family) more than of one person written
# twice.
# The family name shared, and given names on both sides (`_family_shared_given_both`).
_FAMILY_SHARED_GIVEN_BOTH = (
    f"{_FAMILY_SHARED} AND array_length(given_keys_l) > 0 AND array_length(given_keys_r) > 0"
)
_GIVEN_DIFFER = (
    f"{_FAMILY_SHARED_GIVEN_BOTH} "
    f"AND NOT {_GIVEN_RELATED} "
    "AND sutura_words_matched(name_tokens_l, name_tokens_r) <= 1"
)
# The family name is shared and each has a given name (aliases aside) that meets no word of
# the other's whole name, and neither holds a related form of the other's given names: given
# names that disagree, whatever else meets ("Mamadou Saliou Diallo" / "Mamadou Aliou Diallo",
# Fula brothers; "Mahamat Saleh Abakar" / "Mahamat Ali Abakar"). A middle name more or less is
# not this (the shorter name's words all meet), nor a second family name ("Aminata" of
# "Diallo Sow" and of "Diallo Barry") nor another alias. With a shared phone, it is how a
# household's members look: the phone's `shared_given_differ` level.
_GIVEN_RELATED_FORM = (  # a given name of one is a related form of one the other lacks
    "(array_length(list_filter(given_keys_r, lambda k: list_contains(given_related_l, k) "
    "AND NOT list_contains(given_keys_l, k))) > 0 "
    "OR array_length(list_filter(given_keys_l, lambda k: list_contains(given_related_r, k) "
    "AND NOT list_contains(given_keys_r, k))) > 0)"
)
_GIVEN_CONFLICT = (
    f"{_FAMILY_SHARED_GIVEN_BOTH} "
    f"AND NOT {_GIVEN_RELATED_FORM} "
    "AND sutura_words_unmatched(given_tokens_l, name_tokens_r) > 0 "
    "AND sutura_words_unmatched(given_tokens_r, name_tokens_l) > 0"
)
# Birth years at least this far apart (either date estimated or not): the all-but-veto level
# (a father and the son named after him, sharing the household's phone).
FAR_YEARS = 15
# An estimated date this many years or fewer from the other: still some evidence.
ESTIMATED_YEARS = 5
_MATCHED = "sutura_words_matched(name_tokens_l, name_tokens_r)"
_KEYS_SHARED = "array_length(array_intersect(name_keys_l, name_keys_r))"


def _shorter(a: dict[str, Any], b: dict[str, Any]) -> int:
    return min(len(a["name_keys"]), len(b["name_keys"]))


# The last pair's count of words matched: the name levels ask it up to four times a pair.
# One tuple, read and replaced whole (threads see one pair's count or another's, never a mix),
# of copies of the token lists, compared by content (a list changed in place is a new pair).
_last_matched: tuple[list[str], list[str], int] = ([], [], -1)


def _matched(a: dict[str, Any], b: dict[str, Any]) -> int:
    global _last_matched
    left, right = a["name_tokens"], b["name_tokens"]
    last = _last_matched
    if last[2] >= 0 and last[0] == left and last[1] == right:
        return last[2]
    count = words_matched(left, right)
    _last_matched = (list(left), list(right), count)
    return count


def _given_related(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(
        _shared(a["given_related"], b["given_keys"]) or _shared(a["given_keys"], b["given_related"])
    )


def _related_given(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        bool(_shared(a["family_keys"], b["family_keys"]))
        and not _shared(a["given_keys"], b["given_keys"])
        and _given_related(a, b)
    )


def _family_shared_given_both(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(_shared(a["family_keys"], b["family_keys"]) and a["given_keys"] and b["given_keys"])


def _given_differ(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return _family_shared_given_both(a, b) and not _given_related(a, b) and _matched(a, b) <= 1


def _related_form(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """A given name of `b` is a related form of one of `a`'s, and not a given name of `a`."""
    return bool(set(b["given_keys"]) & set(a["given_related"]) - set(a["given_keys"]))


def _given_conflict(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        _family_shared_given_both(a, b)
        and not (_related_form(a, b) or _related_form(b, a))
        and words_unmatched(a["given_tokens"], b["name_tokens"]) > 0
        and words_unmatched(b["given_tokens"], a["name_tokens"]) > 0
    )


ELSE = Level("else", "ELSE", lambda a, b: True)


def _coded(column: str) -> Comparison:
    """A comparison of one coded field (sex, nationality, place of origin): unknown on either
    side, the same, or not."""
    return Comparison(
        column,
        (column,),
        (
            Level(
                "null",
                f"{column}_l IS NULL OR {column}_r IS NULL",
                lambda a, b: a[column] is None or b[column] is None,
                null=True,
            ),
            Level("same", f"{column}_l = {column}_r", lambda a, b: a[column] == b[column]),
            ELSE,
        ),
    )


COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "name",
        ("name_keys", "name_key", "name_tokens"),
        (
            Level(
                "null",
                "array_length(name_keys_l) = 0 OR array_length(name_keys_r) = 0",
                lambda a, b: not (a["name_keys"] and b["name_keys"]),
                null=True,
            ),
            Level(
                "same",
                "name_key_l = name_key_r",
                lambda a, b: a["name_key"] == b["name_key"],
                tf=True,
            ),
            Level(
                "contained",  # a middle name more or less
                f"{_SHORTER} >= 2 AND {_KEYS_SHARED} = {_SHORTER}",
                lambda a, b: (
                    _shorter(a, b) >= 2
                    and _shared(a["name_keys"], b["name_keys"]) == _shorter(a, b)
                ),
                tf=True,
            ),
            Level(
                "all_similar",  # a rare name with a typo is still a rare name
                f"{_SHORTER} >= 2 AND {_MATCHED} >= {_SHORTER}",
                lambda a, b: _shorter(a, b) >= 2 and _matched(a, b) >= _shorter(a, b),
                tf=True,
            ),
            Level("two_similar", f"{_MATCHED} >= 2", lambda a, b: _matched(a, b) >= 2),
            Level("related_given", _RELATED_GIVEN, _related_given, tf=True),
            Level("family_only", _GIVEN_DIFFER, _given_differ),
            Level("one_similar", f"{_MATCHED} >= 1", lambda a, b: _matched(a, b) >= 1),
            ELSE,
        ),
    ),
    Comparison(
        "birth",
        ("birth_date", "birth_year", "birth_estimated"),
        (
            Level(
                "null",
                "birth_year_l IS NULL OR birth_year_r IS NULL",
                lambda a, b: a["birth_year"] is None or b["birth_year"] is None,
                null=True,
            ),
            Level(
                "exact",
                "NOT birth_estimated_l AND NOT birth_estimated_r AND birth_date_l = birth_date_r",
                lambda a, b: _precise(a, b) and a["birth_date"] == b["birth_date"],
            ),
            Level(
                "same_year",
                "NOT birth_estimated_l AND NOT birth_estimated_r AND birth_year_l = birth_year_r",
                lambda a, b: _precise(a, b) and _years(a, b) == 0,
            ),
            Level(
                "year_1",
                "NOT birth_estimated_l AND NOT birth_estimated_r "
                "AND abs(birth_year_l - birth_year_r) <= 1",
                lambda a, b: _precise(a, b) and _years(a, b) <= 1,
            ),
            Level(
                "estimated_same_year",
                "birth_year_l = birth_year_r",
                lambda a, b: _years(a, b) == 0,
            ),
            Level(
                "estimated_close",
                "(birth_estimated_l OR birth_estimated_r) "
                "AND abs(birth_year_l - birth_year_r) <= 2",
                lambda a, b: not _precise(a, b) and _years(a, b) <= 2,
            ),
            Level(
                "estimated_apart",  # two guesses of the same age may be years apart
                "(birth_estimated_l OR birth_estimated_r) "
                f"AND abs(birth_year_l - birth_year_r) <= {ESTIMATED_YEARS}",
                lambda a, b: not _precise(a, b) and _years(a, b) <= ESTIMATED_YEARS,
            ),
            Level(
                "far",
                f"abs(birth_year_l - birth_year_r) >= {FAR_YEARS}",
                lambda a, b: _years(a, b) >= FAR_YEARS,
            ),
            ELSE,
        ),
    ),
    Comparison(
        "phone",
        ("phones",),
        (
            Level(
                "null",
                "array_length(phones_l) = 0 OR array_length(phones_r) = 0",
                lambda a, b: not (a["phones"] and b["phones"]),
                null=True,
            ),
            Level(
                "shared_given_differ",  # a household's phone, another member of it
                "array_length(array_intersect(phones_l, phones_r)) > 0 "
                f"AND (({_GIVEN_DIFFER}) OR ({_GIVEN_CONFLICT}))",
                lambda a, b: (
                    bool(_shared(a["phones"], b["phones"]))
                    and (_given_differ(a, b) or _given_conflict(a, b))
                ),
            ),
            Level(
                "shared",
                "array_length(array_intersect(phones_l, phones_r)) > 0",
                lambda a, b: bool(_shared(a["phones"], b["phones"])),
            ),
            ELSE,
        ),
    ),
    Comparison(
        "document",
        ("doc_numbers", "doc_types"),
        (
            Level(
                "null",
                "array_length(doc_numbers_l) = 0 OR array_length(doc_numbers_r) = 0",
                lambda a, b: not (a["doc_numbers"] and b["doc_numbers"]),
                null=True,
            ),
            Level(
                "shared",
                "array_length(array_intersect(doc_numbers_l, doc_numbers_r)) > 0",
                lambda a, b: bool(_shared(a["doc_numbers"], b["doc_numbers"])),
            ),
            Level(
                "same_type_other_number",
                "array_length(array_intersect(doc_types_l, doc_types_r)) > 0",
                lambda a, b: bool(_shared(a["doc_types"], b["doc_types"])),
            ),
            ELSE,
        ),
    ),
    _coded("sex"),
    _coded("nationality"),
    _coded("origin"),
)


def levels_of(a: dict[str, Any], b: dict[str, Any]) -> dict[str, str]:
    """The level each comparison puts the pair in: {"name": "contained", "phone": "shared", …}."""
    return {comparison.code: level.code for comparison, level in _levels(a, b)}


def _levels(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[Comparison, Level]]:
    found = []
    for comparison in COMPARISONS:
        for level in comparison.levels:
            if level.test(a, b):
                found.append((comparison, level))
                break
    return found


# --- parameters ----------------------------------------------------------------------------


@cache
def load_params(path: str | None = None) -> dict[str, Any]:
    """The trained parameters (m/u per level, λ, thresholds), versioned with the code."""
    return json.loads(Path(path or MODEL_FILE).read_text())


def _log2_bayes_factor(params: dict[str, Any], comparison: str, level: str) -> float:
    entry = params["comparisons"][comparison][level]
    return math.log2(entry["m"] / entry["u"])


@dataclass
class Match:
    probability: float
    weight: float
    reasons: list[str] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)


def probability_of(weight: float) -> float:
    return 1.0 / (1.0 + 2.0 ** (-weight))


# The share of registrations whose person is already on file, in an office too small for the
# trained λ (`prior`): one in eight, an assumption, not a measure (the bench's people have about
# two records each, far more than an office's). How the demo office's names read under 1/8,
# 1/4 and the trained λ is in bench/README.md ("A small office's prior").
ON_FILE_SHARE = 1 / 8


def prior(params: dict[str, Any], records: int | None = None) -> float:
    """λ, the probability that two records drawn at random are one person, for a registry of
    `records` people: each person has about as many duplicates in a large registry as in a
    small one, so λ falls as 1/N from the size the model was trained on. Below that size it
    keeps the trained λ, except in an office so small that one registration in eight
    (`ON_FILE_SHARE`) being someone on file says more: spread over its N files, ON_FILE_SHARE / N
    each. The one Malick Badji of an office of 140 is then likely the Malik Badji typed with no
    date, where the trained λ read them as strangers (1 %). No `records` (a user who may not count
    the registry): the trained λ."""
    trained = float(params["probability_two_random_records_match"])
    if not records or not params.get("records"):
        return trained
    if records <= params["records"]:
        return max(trained, ON_FILE_SHARE / records)
    return trained * params["records"] / records


def small_office(params: dict[str, Any], records: int | None) -> bool:
    """Whether a registry of `records` people is small enough for a prior of its own
    (`prior`: ON_FILE_SHARE / N above the trained λ, under about 1,300 files); False when its
    size is unknown (a user who may not count it)."""
    return bool(records) and prior(params, records) > float(
        params["probability_two_random_records_match"]
    )


def score(
    a: dict[str, Any],
    b: dict[str, Any],
    *,
    params: dict[str, Any] | None = None,
    records: int | None = None,
    explain: bool = True,
) -> Match:
    """One pair, in Python, with the model's parameters (same result as Splink for a registry
    of `records` people). `explain` False leaves the reasons out (`explained` adds them): a
    registration scores a few hundred candidates and shows five."""
    params = params or load_params()
    lam = prior(params, records)
    weight = math.log2(lam / (1 - lam))
    found = _levels(a, b)
    for comparison, level in found:
        if level.null or comparison.code not in params["comparisons"]:
            continue  # no evidence, or a comparison the parameters predate
        weight += _log2_bayes_factor(params, comparison.code, level.code)
        if level.tf:
            weight += tf_adjustment(params, comparison.code, level.code, a, b)
    levels = {comparison.code: level.code for comparison, level in found}
    match = Match(probability_of(weight), weight, [], levels)
    return explained(match, a, b, params) if explain else match


# Scores within this many bits of each other are one score: `closeness` orders them.
TIE_BITS = 0.01


def closeness(new: dict[str, Any], other: dict[str, Any]) -> int:
    """Of candidates the model scores alike, which is written closest to the new person: the
    name as written (bar case and accents) before a spelling the model holds for the same
    name, then the same birth date as written. A common name has dozens of files at one score
    ("Mamadou Sow", born about 1995, no phone): the one that reads as typed comes first, where
    the file's id would put it anywhere."""
    same_name = new["name_folded"] == other["name_folded"]
    same_date = new["birth_date"] is not None and new["birth_date"] == other["birth_date"]
    return 2 * same_name + same_date


def rank_key(match: Match, new: dict[str, Any], other: dict[str, Any]) -> tuple[int, int, str]:
    """The order of the candidates of a registration: the strongest first (in bits: near
    certainty, probabilities all round to 1); of scores within `TIE_BITS`, the closest as
    written (`closeness`); then the file's id, so that a list reads the same twice."""
    return (-round(match.weight / TIE_BITS), -closeness(new, other), other["unique_id"])


def explained(
    match: Match, a: dict[str, Any], b: dict[str, Any], params: dict[str, Any] | None = None
) -> Match:
    """`match` (of `a` and `b`, scored with `explain` False) with its reasons."""
    match.reasons = reasons(a, b, match.levels, params or load_params())
    return match


def tf_adjustment(
    params: dict[str, Any], comparison: str, level: str, a: dict[str, Any], b: dict[str, Any]
) -> float:
    """Splink's term-frequency adjustment: log2(u of the level / frequency of the name), the
    commoner of the two names' frequencies."""
    u = params["comparisons"][comparison][level]["u"]
    tf = max(a["tf_name_key"], b["tf_name_key"], params.get("tf_minimum_u_value", 0.0))
    return params.get("tf_adjustment_weight", 1.0) * (math.log2(u) - math.log2(tf))


def threshold(kind: str = "batch") -> float:
    """The probability above which a pair is proposed: "batch" (the review queue) or
    "registration" (candidates shown at registration)."""
    return float(load_params()["thresholds"][kind])


# --- name frequencies ----------------------------------------------------------------------

# NameWord.people: how many people (all organisations, merged files left out) carry each word.
REFRESH_FREQUENCIES_SQL = """
UPDATE people_nameword w SET people = coalesce(c.n, 0)
FROM people_nameword w2
LEFT JOIN (
    SELECT x.word, count(DISTINCT x.person_id) AS n
    FROM people_personnameword x JOIN people_person p ON p.id = x.person_id
    WHERE p.merged_into_id IS NULL
    GROUP BY x.word
) c ON c.word = w2.word
WHERE w.word = w2.word AND w.people IS DISTINCT FROM coalesce(c.n, 0)
"""


# Each organisation's count of a word carried by at least this many of its people is kept by
# the recount (`OrganisationNameCount`); a rarer word is counted at each lookup (under a
# millisecond), so a word seen for the first time since the recount is never missed.
COMMON_WORD_PEOPLE = 500

REFRESH_ORGANISATION_COUNTS_SQL = """
INSERT INTO people_organisationnamecount (organisation_id, word, people)
SELECT organisation_id, word, count(*) FROM people_personnameword
GROUP BY organisation_id, word HAVING count(*) >= %s;
"""


def refresh_frequencies() -> int:
    """Recount how many people carry each name word (`NameWord.people`), in one statement, and
    each organisation's common words (`OrganisationNameCount`); also fills a missing phonetic
    key. Returns the number of people counted. The counts the registration check cached are
    dropped (`frequency_generation`)."""
    from django.db import connection, transaction

    from sutura.people.models import NameWord

    missing = list(NameWord.objects.filter(phonetic=""))
    for word in missing:
        word.phonetic = names.phonetic(word.word)
    NameWord.objects.bulk_update(missing, ["phonetic"], batch_size=5000)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(REFRESH_FREQUENCIES_SQL)
        # Replaced in one transaction: a lookup meanwhile reads the former counts, not none.
        cursor.execute("DELETE FROM people_organisationnamecount")
        cursor.execute(REFRESH_ORGANISATION_COUNTS_SQL, [COMMON_WORD_PEOPLE])
        cursor.execute("SELECT count(*) FROM people_person WHERE merged_into_id IS NULL")
        (total,) = cursor.fetchone()
    new_frequency_generation()
    return int(total)


def dictionary_digest() -> str:
    """The SHA-256 of the variant dictionary as shipped (`names.VARIANTS_FILE`): a migration
    that refreshes the keys records the digest it was written for (see `refresh_name_keys`)."""
    import hashlib

    return hashlib.sha256(names.VARIANTS_FILE.read_bytes()).hexdigest()


def refresh_name_keys(*, apps: Any = None, chunk: int = 5000) -> dict[str, int]:
    """Bring the stored keys in line with the normaliser and the variant dictionary after
    either changed: each vocabulary word's phonetic key (`NameWord.phonetic`, read by search),
    then the blocking keys of every person carrying a word whose key changed
    (`Person.block_keys`, and by its triggers the `PersonBlockKey` rows the registration check
    reads). The name counts are by word, not by key: they stay. The search keys
    (`Person.search_key`) are skeletons, made by `names.RULES`, not by the dictionary: a change
    of the rules needs them recomputed too (migration 0009 did). `apps`: a migration's
    historical models. Returns what changed."""
    from django.db import transaction

    if apps is None:
        from django.apps import apps
    NameWord = apps.get_model("people", "NameWord")
    Person = apps.get_model("people", "Person")
    PersonNameWord = apps.get_model("people", "PersonNameWord")
    changed_words: list[str] = []
    batch: list[Any] = []
    for word in NameWord.objects.order_by("pk").iterator(chunk_size=chunk):
        sound = names.phonetic(word.word)
        if sound != word.phonetic:
            word.phonetic = sound
            batch.append(word)
            changed_words.append(word.word)
            if len(batch) == chunk:
                NameWord.objects.bulk_update(batch, ["phonetic"])
                batch = []
    NameWord.objects.bulk_update(batch, ["phonetic"])
    _name_features.cache_clear()
    people = 0
    for start in range(0, len(changed_words), chunk):
        words = changed_words[start : start + chunk]
        ids = PersonNameWord.objects.filter(word__in=words).values("person_id").distinct()
        rows = Person.objects.filter(pk__in=ids).only(
            "family_name",
            "given_names",
            "aliases",
            "birth_date",
            "birth_date_estimated",
            "block_keys",
        )
        with transaction.atomic():
            update = []
            for person in rows.iterator(chunk_size=chunk):
                keys = block_keys(person)
                if keys != person.block_keys:
                    person.block_keys = keys
                    update.append(person)
            Person.objects.bulk_update(update, ["block_keys"], batch_size=chunk)
            people += len(update)
    return {"words": len(changed_words), "people": people}


# The registration check caches an organisation's size and the counts of the name words it
# looked up for `FREQUENCY_CACHE_SECONDS` (counting Mamadou among 200,000 people costs tens of
# milliseconds), under a generation that a bulk recount (`refresh_frequencies`: a seeding, an
# import, a batch run) moves on, so that a bulk change is never read from a stale count. A
# person registered since is counted at the next expiry; meanwhile the candidates carrying a
# key are a floor of its count (people.duplicates).
FREQUENCY_CACHE_SECONDS = 300
_GENERATION_KEY = "people:frequency-generation"


def frequency_generation() -> int:
    from django.core.cache import cache

    return int(cache.get_or_set(_GENERATION_KEY, 0, None) or 0)


def new_frequency_generation() -> None:
    from django.core.cache import cache

    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(_GENERATION_KEY, 1, None)


def registry_size(organisation_id: Any = None) -> int:
    """How many people are on file: in one organisation (registration: the candidates' own
    registry, so that nothing about another organisation's files moves a probability), or in
    all (training, benchmarks). The planner's estimate for the whole table at scale; an
    organisation's count is cached for `FREQUENCY_CACHE_SECONDS`."""
    from django.core.cache import cache
    from django.db import connection

    from sutura.people.models import Person

    if organisation_id is not None:
        key = f"people:registry-size:{frequency_generation()}:{organisation_id}"
        size = cache.get(key)
        if size is None:
            size = Person.objects.filter(
                organisation_id=organisation_id, merged_into__isnull=True
            ).count()
            cache.set(key, size, FREQUENCY_CACHE_SECONDS)
        return max(int(size), 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'people_person'")
        found = cursor.fetchone()
    if found and found[0] and found[0] > 10_000:
        return int(found[0])
    return max(Person.objects.count(), 1)


# How many of an organisation's people carry each word of the vocabulary under these phonetic
# keys (its rows of the name index, read from their index alone).
# The organisation's count of each word under these phonetic keys: the common words' from the
# last recount (`OrganisationNameCount`), the others counted on the name index now.
WORD_COUNTS_SQL = """
SELECT w.phonetic, w.word, coalesce(
    c.people,
    (SELECT count(*) FROM people_personnameword x
     WHERE x.organisation_id = %(organisation)s::uuid AND x.word = w.word)
)
FROM people_nameword w
LEFT JOIN people_organisationnamecount c
    ON c.organisation_id = %(organisation)s::uuid AND c.word = w.word
WHERE w.phonetic = ANY(%(phonetic)s)
"""


def key_frequencies(
    words: Iterable[str], total: int | None = None, organisation_id: Any = None
) -> dict[str, float]:
    """The share of people carrying each name key of these words (registration): the words
    of the vocabulary under the same phonetic key (`NameWord.phonetic`), counted under this
    model's key (`word_key`). With `organisation_id`, counted among that organisation's people
    only (`word_counts`): another organisation's files never move a probability its users see.
    Without, the bulk counts of every organisation (`NameWord.people`)."""
    total = total or registry_size(organisation_id)
    return {key: n / total for key, n in key_counts(words, organisation_id).items()}


# An organisation's people carrying each of these words' keys, each person once however many
# of their name words (names and aliases) share the key (`people_counts`).
PEOPLE_COUNTS_SQL = """
SELECT k.key, count(DISTINCT x.person_id)
FROM unnest(%(words)s::text[], %(keys)s::text[]) AS k(word, key)
JOIN people_personnameword x ON x.organisation_id = %(organisation)s::uuid AND x.word = k.word
GROUP BY k.key
"""


def people_counts(words: Iterable[str], organisation_id: Any) -> Counter[str]:
    """How many of an organisation's people carry each name key of these words, each person
    once: "Tchakounte alias Chakounte", or a file that kept a merged file's names as aliases,
    is one person, where `key_counts` adds up the words' counts. Read at each lookup, uncached:
    for a registry smaller than the trained records (`registration_frequencies`), where one
    person more is a share of the registry, not one in 20,000."""
    from django.db import connection

    from sutura.people.models import NameWord

    phonetic = {names.phonetic(w) for w in words} - {""}
    if not phonetic:
        return Counter()
    vocabulary = list(NameWord.objects.filter(phonetic__in=phonetic).values_list("word", flat=True))
    if not vocabulary:
        return Counter()
    with connection.cursor() as cursor:
        cursor.execute(
            PEOPLE_COUNTS_SQL,
            {
                "words": vocabulary,
                "keys": [word_key(w) for w in vocabulary],
                "organisation": str(organisation_id),
            },
        )
        return Counter({key: int(n) for key, n in cursor.fetchall() if key})


def key_counts(words: Iterable[str], organisation_id: Any = None) -> Counter[str]:
    """How many people carry each name key of these words (`key_frequencies`, counted)."""
    counts: Counter[str] = Counter()
    for word, people in word_counts(words, organisation_id).items():
        counts[word_key(word)] += people
    return counts


def word_counts(words: Iterable[str], organisation_id: Any = None) -> dict[str, int]:
    """How many people carry each word of the vocabulary sharing a phonetic key with these
    words (the words themselves included): among one organisation's people (its rows of the
    name index; cached by phonetic key for `FREQUENCY_CACHE_SECONDS`), or, without
    `organisation_id`, every organisation's (`NameWord.people`)."""
    from django.core.cache import cache
    from django.db import connection

    from sutura.people.models import NameWord

    phonetic = {names.phonetic(w) for w in words} - {""}
    if not phonetic:
        return {}
    if organisation_id is None:
        return dict(NameWord.objects.filter(phonetic__in=phonetic).values_list("word", "people"))
    prefix = f"people:word-counts:{frequency_generation()}:{organisation_id}:"
    cached: dict[str, list[tuple[str, int]]] = {
        key[len(prefix) :]: value
        for key, value in cache.get_many([prefix + p for p in phonetic]).items()
    }
    missing = phonetic - set(cached)
    if missing:
        found: dict[str, list[tuple[str, int]]] = {p: [] for p in missing}
        with connection.cursor() as cursor:
            cursor.execute(
                WORD_COUNTS_SQL,
                {"organisation": str(organisation_id), "phonetic": sorted(missing)},
            )
            for sound, word, people in cursor.fetchall():
                if people:
                    found[sound].append((word, people))
        cache.set_many({prefix + p: v for p, v in found.items()}, FREQUENCY_CACHE_SECONDS)
        cached.update(found)
    return {word: int(people) for p in phonetic for word, people in cached[p]}


def reference_frequencies(params: dict[str, Any] | None = None) -> dict[str, float]:
    """The shares of the common name keys among the records the model was trained on
    (`match_training.reference_frequencies`): how common a name is read where a registry is too
    small to count it, or where the user may not count it. Empty for parameters that predate
    them."""
    return dict((params or load_params()).get("reference_frequencies", {}))


def registration_frequencies(
    words: Iterable[str], organisation_id: Any, params: dict[str, Any], *, counted: bool
) -> tuple[int, int, dict[str, float]]:
    """The size a registration is scored at, the registry's own size, and the name-key shares
    (`registry_shares`): of the organisation's counts of these words (`key_counts`; each
    person once in a registry smaller than the trained records, `people_counts`), or of
    none where the user may not count them (`counted` False: a case manager kept to their own
    cases, scored as a registry of no people of its own, with the training records' shares;
    the registry's size is then not theirs to read either: 0)."""
    registry = registry_size(organisation_id) if counted else 0
    counts: Mapping[str, int] = {}
    if counted and registry < int(params.get("records", 0)):
        counts = people_counts(words, organisation_id)
    elif counted:
        counts = key_counts(words, organisation_id)
    size, shares = registry_shares(counts, registry, params)
    return size, registry, shares


def with_frequencies(
    rows: list[dict[str, Any]],
    frequencies: Mapping[str, float],
    shares: Mapping[str, float] | None = None,
) -> None:
    """Set the rows' name frequency (the term frequency of the name comparison): the product
    of its words' frequencies, or, where it is higher, the share of people seen carrying the
    whole name (`shares`: `namesake_shares` at registration). Words that go together are
    commoner together than their product says: Mohamed Kamara in Sierra Leone, Mamadou Diallo
    in Guinea. The product alone took forty namesakes on file for a rare name, and each for
    the person registered."""
    shares = shares or {}
    for row in rows:
        row["tf_name_key"] = max(
            name_frequency(row["name_keys"], frequencies), shares.get(row["name_key"], 0.0)
        )


# The rest (Splink settings, prediction, clustering) lives in match_splink; re-exported here so
# callers import one module.
from sutura.people.match_splink import (  # noqa: E402
    Pair,
    cluster,
    duckdb_connection,
    predict_pairs,
    splink_settings,
)

__all__ = [
    "COMPARISONS",
    "PERSON_FIELDS",
    "Match",
    "Pair",
    "block_keys",
    "cluster",
    "duckdb_connection",
    "key_frequencies",
    "levels_of",
    "person_rows",
    "predict_pairs",
    "refresh_frequencies",
    "registration_frequencies",
    "registry_shares",
    "registry_size",
    "score",
    "splink_settings",
    "threshold",
]
