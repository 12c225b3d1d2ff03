"""Possible duplicates at registration: people who may already be on file, most probable first.

Candidates come only from the people the user may see (the access layer): a user never learns
from the list that a person exists in a file they may not open. A candidate shares with the
new person at least one name key (`Person.block_keys`: two name words in any order, or a name
word and the birth year; for a common name, the `MAX_NAMED` whose shared keys weigh most, the
rarer the more), a phone (both found on the narrow `PersonBlockKey` rows) or an
identity document number: the strong signals are never cut before scoring. Each candidate is
scored by the duplicate model (`people.matching`: Fellegi–Sunter, common names counting less)
and shown only at or above the registration threshold (or holding the same document number),
most probable first, with its reasons (`people.match_reasons`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Func, IntegerField, Sum, Value

from sutura.access import visible
from sutura.access.people import sees_whole_registry
from sutura.people import match_reasons, matching, names, search
from sutura.people.match_reasons import label
from sutura.people.models import IdentityDocument, Person, PersonBlockKey

MAX_CANDIDATES = 10
# At most this many people sharing only name keys are scored: for a very common name, those
# whose shared keys weigh most (`_named_keys`: rare words, both names, the birth year). A
# shared phone or document number is never cut.
MAX_NAMED = 200
# With a birth year to stand in, a name key more of the organisation's people than this are
# expected to share (Mamadou with Diallo in a registry of millions) is left out: its index
# rows would cost more than they tell.
MAX_KEY_PEOPLE = 5000
# At most this many name keys are looked up (the rarest): a name of many words and aliases
# makes pairs by the hundred, and each is a branch of the ranking's weights.
MAX_KEYS = 64
# A name word mistyped by one letter ("Aminta" for Aminata) shares no key with the person's
# file, and without a birth year in common nothing else brings that file to be scored. The
# words of the vocabulary one slip away (`search.slips`) stand in for it, at most this many per
# word (those the user's own registry carries, in alphabetical order), for words of
# at least `SLIP_MIN_LETTERS` letters (a slip of a shorter one is another name).
SLIP_WORDS = 4
SLIP_MIN_LETTERS = 4
# A word carried by this share of the registry or more is taken as written (Mamadou is a name,
# not a slip for Amadou).
SLIP_RARE = 1 / 200
# A key made with a word the person's name does not hold weighs this share of its worth: the
# files holding the name as written come first.
SLIP_SHARE = 0.5
# A phone's row in `PersonBlockKey`: this prefix and the number as written (people/0013).
PHONE_KEY = "tel:"


@dataclass
class Candidate:
    person: Person
    probability: float
    reasons: list[str] = field(default_factory=list)  # codes, match_reasons

    @property
    def score(self) -> float:
        return self.probability

    @property
    def reason_labels(self) -> list[str]:
        return [label(code) for code in self.reasons]

    @property
    def labels_for(self) -> list[str]:
        """What argues that this is the person, in the user's language."""
        return [label(code) for code in self.reasons if code not in match_reasons.AGAINST]

    @property
    def labels_against(self) -> list[str]:
        """What argues against it (another nationality, birth years far apart...)."""
        return [label(code) for code in self.reasons if code in match_reasons.AGAINST]

    @property
    def percent(self) -> int:
        return match_reasons.percent(self.probability)

    @property
    def shown_probability(self) -> float:
        """The probability in whole percent, as the page shows it: the API gives no more
        digits (they move with the counts of names among people the user may not see)."""
        return self.percent / 100

    @property
    def band(self) -> str:
        return match_reasons.band(self.probability)


def find_possible_duplicates(
    user: Any,
    *,
    family_name: str,
    given_names: str,
    aliases: list[str] | None = None,
    birth_date: date | None = None,
    birth_date_estimated: bool = False,
    sex: str = "",
    place_of_origin: Any = None,
    nationality: str = "",
    phones: list[str] | None = None,
    document_numbers: list[str] | None = None,
    documents: list[tuple[str, str]] | None = None,
    exclude_pk: Any = None,
    threshold: float | None = None,
    limit: int = MAX_CANDIDATES,
) -> list[Candidate]:
    """The people on file, visible to `user`, who may be this person, most probable first.
    `documents` are (type, number) pairs; `document_numbers` numbers of unknown type."""
    documents = [*(documents or []), *(("other", n) for n in document_numbers or [])]
    new = {
        "id": "new",
        "family_name": family_name,
        "given_names": given_names,
        "aliases": aliases or [],
        "birth_date": birth_date,
        "birth_date_estimated": birth_date_estimated,
        "sex": sex,
        "phone": "",
        "other_phones": [p for p in phones or [] if p],
        "place_of_origin": getattr(place_of_origin, "pk", place_of_origin),
        "nationality": nationality or "",
        "documents": [d for d in documents if d[1].strip()],
    }
    people = visible(user, Person)
    if exclude_pk:
        people = people.exclude(pk=exclude_pk)
    # Sizes and name frequencies are the user's organisation's (its registry is where the
    # candidates come from): nothing about another organisation's files moves a probability.
    # For a user who sees only some of them (a case manager kept to their own cases), not even
    # those: the counts would tell how many of a colleague's people carry a name. Their
    # frequencies are those of the records the model was trained on
    # (`matching.reference_frequencies`), raised by the candidates they see; so are a registry's
    # smaller than those records, in the share of the people it lacks.
    organisation_id = user.organisation_id
    params = matching.load_params()
    # Given names written in two words for one ("Al Amine" for Lamine) are also read as one.
    joined = _written_as_one(new)
    (new_row, *joined_rows) = matching.person_rows([new, *joined], frequencies={})
    words = list(
        dict.fromkeys(
            t.split("|")[1] for row in [new_row, *joined_rows] for t in row["name_tokens"]
        )
    )
    whole = sees_whole_registry(user)
    size, registry, frequencies = matching.registration_frequencies(
        words, organisation_id, params, counted=whole
    )
    # A common word is a name as written; a rare one may be a slip of the pen (Aminta for
    # Aminata): its neighbours are looked up, and counted.
    slipped = _slipped_words(
        user, [w for w in words if frequencies.get(matching.word_key(w), 0.0) < SLIP_RARE]
    )
    # A given name in another form (Modou for Mamadou, Hawa for Awa: the dictionary's related
    # names) shares no key with the file either: its forms are looked up as a slip's are, in
    # the given names only (Moussa Moussa is not Moïse Moïse).
    related = _related_words(new)
    if (slipped or related) and whole:
        near = [w for others in [*slipped.values(), *related.values()] for w in others]
        *_, nearby = matching.registration_frequencies(near, organisation_id, params, counted=True)
        for key, share in nearby.items():
            frequencies[key] = max(frequencies.get(key, 0.0), share)
    keys = _named_keys(new, frequencies, size)
    for form in joined:
        keys.update(
            {k: w for k, w in _named_keys(form, frequencies, size).items() if k not in keys}
        )
    keys.update(_slipped_keys(new, slipped, frequencies, size, keys))
    keys.update(_slipped_keys(new, related, frequencies, size, keys, in_family=False))
    rows = _candidate_rows(user, people, new, keys, exclude_pk=exclude_pk)
    if not rows:
        return []
    others = matching.person_rows(rows, frequencies={}, with_block_keys=False)
    # The candidates carrying a key are a floor of its count (a word registered since the last
    # refresh of the frequencies is not taken for a rare one).
    carried = Counter(key for row in others for key in row["name_keys"])
    for key, count in carried.items():
        frequencies[key] = max(frequencies.get(key, 0.0), count / size)
    # So are the candidates carrying a whole name, beside one who may be the person, of its
    # share: forty files of Mohamed Kamara are forty namesakes, whatever each word's share
    # (among the registry's people, or, for a user who may not count them, the trained size).
    shares = matching.namesake_shares(others, registry or size)
    # A name with aliases is also compared without them, and the closer reading kept: "Ousmane
    # Cissé alias Ous" is the same name as "Ousmane Cissé", not one with a given name more.
    new_forms = [
        new_row,
        *joined_rows,
        *matching.person_rows(_alias_free([new, *joined]), frequencies={}),
    ]
    plain = matching.person_rows(_alias_free(rows), frequencies={}, with_block_keys=False)
    forms: dict[str, list[dict[str, Any]]] = {other["unique_id"]: [other] for other in others}
    for row in plain:
        forms[row["unique_id"]].append(row)
    matching.with_frequencies([*new_forms, *others, *plain], frequencies, shares)
    cutoff = matching.threshold("registration") if threshold is None else threshold
    # The prior is the registry's own (`matching.prior`: one file in an office of 140 is more
    # likely the person than one in 20,000); a user who may not count it (registry 0) gets the
    # trained one, whatever the trained size and λ.
    scored = [
        max(
            (
                (matching.score(a, b, records=registry or None, explain=False), a, b)
                for a in new_forms
                for b in forms[other["unique_id"]]
            ),
            key=lambda s: s[0].weight,
        )
        for other in others
    ]
    # A document number already on file is always shown, whatever the names and however many
    # namesakes rank above: the service refuses a second person with it, so the user must see
    # who holds it. In an office small enough for a prior of its own (`matching.small_office`),
    # so is a file of the same name (each word the same or a variant of it, in any order) with
    # nothing against it, however common the name: a handful of namesakes is quickly looked at,
    # and a person typed again minutes after the first file has no other evidence (browser
    # walks: Dembélé Mamadou saved twice at 11 %; Sissé Ousmane with two Cissé Ousmane on file,
    # 6 % each).
    namesakes = matching.small_office(params, registry)

    def shown(match: matching.Match, a: dict[str, Any], b: dict[str, Any]) -> bool:
        if match.probability >= cutoff or match.levels["document"] == "shared":
            return True
        return namesakes and match.levels["name"] == "same" and not _against(match, a, b)

    ranked = sorted((s for s in scored if shown(*s)), key=lambda s: matching.rank_key(*s))
    chosen = ranked[:limit] + [s for s in ranked[limit:] if s[0].levels["document"] == "shared"]
    if not chosen:
        return []
    kept = [(matching.explained(m, a, b, params), b["unique_id"]) for m, a, b in chosen]
    found = people.select_related("place_of_origin").order_by().in_bulk([pk for _, pk in kept])
    loaded = {str(pk): person for pk, person in found.items()}
    return [
        Candidate(person=loaded[pk], probability=m.probability, reasons=m.reasons)
        for m, pk in kept
        if pk in loaded
    ]


def _against(match: matching.Match, a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether anything argues against the pair (`match_reasons.AGAINST`: another sex, birth
    years far apart...)."""
    return any(code in match_reasons.AGAINST for code in matching.explained(match, a, b).reasons)


def _written_as_one(new: dict[str, Any]) -> list[dict[str, Any]]:
    """The new person with their given names written as one where two words are one name of
    the dictionary (`names.written_as_one`), if they are."""
    given = names.written_as_one(new["given_names"])
    return [{**new, "id": "new-joined", "given_names": given}] if given else []


def _alias_free(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Those of `people` who have aliases, without them."""
    return [{**person, "aliases": []} for person in people if person.get("aliases")]


def _slipped_words(user: Any, words: list[str]) -> dict[str, list[str]]:
    """Each name word of the new person (its skeleton) -> the words one slip away that people
    the user may see carry (their rows of the name index, `PersonNameWord`), whose key differs
    from its own: at most `SLIP_WORDS`, in alphabetical order. Only the user's own registry
    chooses them: another organisation's names, or a colleague's people for a case manager kept
    to their own cases, change nothing."""
    near = {
        word: search.slips(word) for word in dict.fromkeys(words) if len(word) >= SLIP_MIN_LETTERS
    }
    asked = sorted(set().union(*near.values())) if near else []
    if not asked:
        return {}
    # The platform's vocabulary first (one range join on its primary key, `search.known`),
    # then which of the few words found the user's people carry.
    vocabulary = search.carried(user, (row[0] for row in search.known(asked, "")))
    found = {}
    for word, keys in near.items():
        own = matching.word_key(word)
        others = sorted(k for k in keys & vocabulary if matching.word_key(k) != own)
        if others:
            found[word] = others[:SLIP_WORDS]
    return found


def _related_words(new: dict[str, Any]) -> dict[str, list[str]]:
    """Each given name of the new person (its skeleton) -> the names the dictionary relates
    to it (`names.related`: Mamadou -> Modou, Mohamed)."""
    given = dict.fromkeys(matching.given_words(new))
    return {word: forms for word in given if (forms := names.related(word))}


def _slipped_keys(
    new: dict[str, Any],
    slipped: dict[str, list[str]],
    frequencies: dict[str, float],
    size: int,
    named: dict[str, int],
    *,
    in_family: bool = True,
) -> dict[str, int]:
    """The block keys the new person would have with one of its words written as a word one
    slip away (`_slipped_words`) or as a related form (`_related_words`, given names only:
    `in_family` False), those it does not have already, each weighing `SLIP_SHARE` of its
    worth (`_named_keys`); at most `MAX_KEYS`, those that tell most first."""
    found: dict[str, int] = {}
    for word, near in slipped.items():
        for other in near:
            family = new["family_name"]
            changed = {
                **new,
                "family_name": _replace_word(family, word, other) if in_family else family,
                "given_names": _replace_word(new["given_names"], word, other),
                "aliases": [_replace_word(a, word, other) for a in new["aliases"]],
            }
            for key, weight in _named_keys(changed, frequencies, size).items():
                if key not in named:
                    found[key] = max(found.get(key, 0), max(1, round(weight * SLIP_SHARE)))
    rarest = sorted(found, key=lambda k: (-found[k], k))[:MAX_KEYS]
    return {key: found[key] for key in rarest}


def _replace_word(text: str, word: str, other: str) -> str:
    """`text` (a name as written) with the words whose skeleton is `word` written `other`."""
    return " ".join(
        other if names.skeleton(part) == word else part for part in (text or "").split()
    )


def _named_keys(new: dict[str, Any], frequencies: dict[str, float], size: int) -> dict[str, int]:
    """The new person's block keys, each with what sharing it tells (whole milli-bits: the
    rarer the words, the more): two name words, -log2 of the share of people carrying both; a
    name word and a birth year, -log2 of its share over 60 years, divided among the years an
    estimated date gives that word (three years of one word are one word's worth, not three).
    With a birth date, the name pairs so common that thousands share them are left out."""
    keys = matching.block_keys(new)

    def word(key: str) -> float:  # a word nobody carries yet counts as one person's
        return max(frequencies.get(key, 0.0), 1 / max(size, 1))

    years = Counter(k.split("|", 1)[0] for k in keys if k.split("|", 1)[1].isdigit())
    weights: dict[str, int] = {}
    for key in keys:
        first, second = key.split("|", 1)
        if second.isdigit():
            bits = -math.log2(word(first) / 60) / years[first]
        else:
            share = word(first) * word(second)
            if new.get("birth_date") is not None and size * share > MAX_KEY_PEOPLE:
                continue
            bits = -math.log2(share)
        weights[key] = max(1, round(bits * 1000))
    rarest = sorted(weights, key=lambda k: (-weights[k], k))[:MAX_KEYS]
    return {key: weights[key] for key in rarest}


class _KeyWeight(Func):
    """The weight of a key row's key: `weights[array_position(keys, key)]`, two array
    parameters (one CASE branch a key cost Django more to build than PostgreSQL to run)."""

    output_field = IntegerField()

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, list[Any]]:
        (weights, w), (keys, k), (key, c) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        sql = f"COALESCE((({weights})::integer[])[array_position(({keys})::text[], {key})], 0)"
        return sql, [*w, *k, *c]


def _candidate_rows(
    user: Any, people: Any, new: dict[str, Any], keys: dict[str, int], exclude_pk: Any = None
) -> list[dict[str, Any]]:
    """The visible people sharing a name key (`keys`: each with its weight, `_named_keys`), a
    phone or a document number with `new`, as Person-like dicts (their documents included
    when `new` has one)."""
    phones = [p for p in new["other_phones"] if p]
    numbers = {n for _, n in new["documents"]} | {
        matching.normalise_document_number(n) for _, n in new["documents"]
    }
    numbers = {n.strip().upper() for n in numbers if n.strip()}
    # A shared phone or document is never cut; name keys are. One query: the people sharing a
    # phone, those holding the document number, and the named candidates ranked and cut inside
    # PostgreSQL, each part on its own index (UNION ALL; a person found twice is kept once).
    parts = []
    if phones:
        holding = visible(user, PersonBlockKey).filter(key__in=[PHONE_KEY + p for p in phones])
        parts.append(
            people.filter(pk__in=holding.values("person_id"))
            .order_by()
            .values(*matching.PERSON_FIELDS)
        )
    if numbers:
        holders = visible(user, IdentityDocument).filter(number__in=numbers)
        parts.append(
            people.filter(pk__in=holders.values("person_id"))
            .order_by()
            .values(*matching.PERSON_FIELDS)
        )
    if keys:
        # For a common name, those whose shared keys tell the most (rare words, both names,
        # the birth year) first, ranked on the narrow key rows from their index alone; then
        # only the chosen people's rows are read.
        keyed = visible(user, PersonBlockKey).filter(key__in=list(keys))
        if exclude_pk:
            keyed = keyed.exclude(person_id=exclude_pk)
        weight = _KeyWeight(Value(list(keys.values())), Value(list(keys)), "key")
        ranked = (
            keyed.values("person_id")
            .annotate(shared=Sum(weight))
            .order_by("-shared", "person_id")
            .values_list("person_id", flat=True)[:MAX_NAMED]
        )
        parts.append(people.filter(pk__in=ranked).order_by().values(*matching.PERSON_FIELDS))
    rows = []
    if parts:
        found = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        seen: set[Any] = set()
        for row in found:
            if row["id"] not in seen:
                seen.add(row["id"])
                rows.append(row)
    if not numbers:  # no document to compare: the comparison is void, skip the query
        for row in rows:
            row["documents"] = []
        return rows
    documents: dict[Any, list[tuple[str, str]]] = {}
    for person_id, kind, number in (
        visible(user, IdentityDocument)
        .filter(person_id__in=[row["id"] for row in rows])
        .values_list("person_id", "type", "number")
    ):
        documents.setdefault(person_id, []).append((kind, number))
    for row in rows:
        row["documents"] = documents.get(row["id"], [])
    return rows
