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

import datetime
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    UUIDField,
    Value,
    When,
)
from django.db.models.functions import Greatest

from sutura.access import visible
from sutura.people.models import NameWord, Person, PersonNameWord
from sutura.people.names import fold, phonetic, related, skeleton

# A phone number is searched whole (8 digits or more: Mali's shortest); a few digits would
# match most numbers of a country (every Senegalese number holds "221").
PHONE = re.compile(r"^\+?\(?(?:\d[\s\-.()]*){8,}$")  # spaces, dashes, dots, brackets
# …but a whole date of birth typed alone (12.01.1994, 1994-01-12) is a date, not a number.
WHOLE_DATE = re.compile(r"^\s*(?:\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{4}-\d{1,2}-\d{1,2})\s*$")


def is_phone(query: str) -> bool:
    """Is what was typed in a search box a phone number (8 digits or more, written with
    spaces, dashes, dots or brackets)?"""
    return bool(PHONE.match(query)) and not WHOLE_DATE.match(query)


MAX_MATCHES = 1000  # people one name search returns at most (see core.forms.CappedPaginator)
MAX_WORDS = 6  # typed words scored (a name has rarely more; a pasted paragraph is cut)
SIMILARITY = 0.4  # below this trigram similarity, two keys are different names
VARIANTS_PER_WORD = 40  # known keys one typed word stands for, at most (the closest)
MIN_SPLIT = 5  # letters of the shortest key tried cut in two, or made by joining two words
CARRIED_BATCH = 100  # vocabulary words asked at once by `carried`
# How surely a known key stands for the typed word, besides its trigram similarity:
SAME_WORD = 1.0
SAME_SOUND = 0.9  # same phonetic key: same dictionary group, or spellings that sound alike
TYPO = 0.75  # one letter changed, dropped, added or two swapped (keys of 5 letters or more)
SHORT_TYPO = 0.6  # the same in a key of 3 or 4 letters (a letter added only for 3)
TYPO_SOUND = 0.7  # a name sounding as a key one letter away ("Mamaeou": Mamadou, Momodou)
RELATED = 0.6  # the name in another language (Mamadou / Mohamed): listed, below the above
JOINED = 0.7  # a joined key counts for both typed words only when it is at least this close
# The weight of a typed word: how rare the name it stands for is, as in a Fellegi-Sunter model
# (log 1/u, u the share of people carrying it), plus what a word matched rather than missed
# is worth whatever the name (log m/(1-m), m the chance that a person's own name holds it).
AGREEMENT = 2.0
MIN_WEIGHT = AGREEMENT + 0.5  # the commonest name still counts
# A word of the person's name that no typed word stands for (a middle name left out, or
# another person): it costs this much, so an exact "Mamadou Diallo" lists before "Mamadou
# Yaya Diallo", and a person matching two typed words and nothing else before one matching
# two and carrying a third name.
EXTRA_WORD = 1.0
RERANK = 200  # the best people of the index query, scored again on their whole names
# A year typed with the name ("Mamadou Diallo 1995") is the birth year asked for: it lifts the
# people born that year (or within a year, where their date was estimated) above their
# namesakes, by about what one common name word weighs. The index query cannot rank by it, so
# more people are scored again.
YEAR = re.compile(r"^(?:19|20)\d\d$")
DAY = re.compile(r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>(?:19|20)\d\d)$")
ISO_DAY = re.compile(r"^(?P<year>(?:19|20)\d\d)-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
BIRTH_YEAR = 3.0
BIRTH_DAY = 1.0  # the whole date typed, and the person's file holds it
NEAR_YEAR = 1.5
RERANK_WITH_YEAR = 1000
# A typed initial ("J.-P. Nkanga", "N. Nsimba") stands for a name word that begins with it: it
# cannot find anybody (the index query ranks by the other words), but among the people found it
# takes a word of theirs, for this share of the commonest name's weight, so Jean-Paul Nkanga
# Nsimba comes before Marie Nkanga Nsimba, whose name word no typed word stands for.
INITIAL = 0.5

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class Typed:
    """One typed word: the known keys it stands for (key -> 0 to 1) and its weight."""

    word: str
    scores: dict[str, float]
    weight: float = MIN_WEIGHT


def one_typo(word: str, *, short: bool = False) -> set[str]:
    """The keys one letter away from `word`: a letter changed, dropped, added, or two
    neighbours swapped (Damerau distance 1); with `short`, only a letter added."""
    out = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        for letter in _LETTERS:
            out.add(head + letter + tail)
        if short or not tail:
            continue
        out.add(head + tail[1:])
        if len(tail) > 1:
            out.add(head + tail[1] + tail[0] + tail[2:])
        for letter in _LETTERS:
            out.add(head + letter + tail[1:])
    out.discard(word)
    return out


def typed_typos(written: str) -> set[str]:
    """The keys a typo of the written (folded) word would give: a letter dropped, doubled or
    two swapped as written ("Mosusa" for Moussa), then made a key."""
    out = set()
    for i in range(len(written)):
        out.add(written[:i] + written[i + 1 :])
        if i + 1 < len(written):
            out.add(written[:i] + written[i + 1] + written[i] + written[i + 2 :])
    return {key for key in (skeleton(w) for w in out) if key and " " not in key}


def slips(word: str, written: str = "") -> set[str]:
    """The keys one slip of the pen away from the key `word` (typed as `written`, folded):
    `one_typo` and `typed_typos`, none shorter than 3 letters ("Ba", "Sy": two letters away
    from most short names, so none for them)."""
    if len(word) < 3:
        return set()
    typos = one_typo(word, short=len(word) < 4) | typed_typos(written or word)
    return {key for key in typos if len(key) >= 3} - {word}


def known(keys: list[str], word: str) -> list[tuple[str, str, float, int]]:
    """The keys of the vocabulary among `keys` (word, phonetic, similarity to `word`, people),
    on the primary key: for `word IN (...)` or `word = ...` the planner picks the trigram
    index (gin_trgm_ops serves = too), 40-100x slower on short keys; a range it cannot serve."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH t AS MATERIALIZED (SELECT DISTINCT unnest(%s::text[]) AS word) "
            "SELECT w.word, w.phonetic, similarity(w.word, %s), w.people "
            "FROM t JOIN people_nameword w ON w.word >= t.word AND w.word <= t.word",
            [keys, word],
        )
        return [(k, p, float(s), int(n)) for k, p, s, n in cursor.fetchall()]


def carried(user: Any, words: Iterable[str]) -> set[str]:
    """Which of these vocabulary words people the user may see carry (their rows of the name
    index): one `EXISTS` a word, which stops at the first row (Amadou: thousands). Each word is
    asked as a range, as in `known`: for `word IN (...)` the planner may take the trigram index
    (32 ms for four words on the benchmark's vocabulary, against 0.2 ms on the primary key)."""
    asked = sorted(set(words))
    found: set[str] = set()
    for start in range(0, len(asked), CARRIED_BATCH):  # an OR of N ranges costs N per row
        each = Q()
        for word in asked[start : start + CARRIED_BATCH]:
            each |= Q(word__gte=word, word__lte=word)
        found.update(
            NameWord.objects.filter(each)
            .filter(_carried_by_visible(user))
            .values_list("word", flat=True)
        )
    return found


def _carried_by_visible(user: Any) -> Exists:
    return Exists(visible(user, PersonNameWord).filter(word=OuterRef("word")))


def word_scores(user: Any, word: str, written: str = "") -> dict[str, float]:
    """The name keys that stand for the typed key `word` (typed as `written`, folded), each
    with its score: the platform's vocabulary (`NameWord`) narrowed to the words people the user
    may see carry, so that no other organisation's names (nor, for a case manager kept to their
    own cases, a colleague's people) take a place among the `VARIANTS_PER_WORD`."""
    sound = phonetic(word)
    kin = [phonetic(key) for key in related(word)]
    near = Q(word__trigram_similar=word) | Q(phonetic=sound)
    if kin:
        near |= Q(phonetic__in=kin)
    typos = slips(word, written)
    rows = known(sorted(typos), word) if typos else []
    visible_words = carried(user, (row[0] for row in rows))
    rows = [row for row in rows if row[0] in visible_words]
    typos = {row[0] for row in rows}
    typo_sounds = {row[1] for row in rows if row[1]} - {sound} if len(word) >= MIN_SPLIT else set()
    if typo_sounds:
        near |= Q(phonetic__in=sorted(typo_sounds))
    rows += list(
        NameWord.objects.filter(near)
        .filter(_carried_by_visible(user))
        .annotate(similarity=TrigramSimilarity("word", word))
        .order_by("-similarity")
        .values_list("word", "phonetic", "similarity", "people")[: VARIANTS_PER_WORD * 10]
    )
    typo = TYPO if len(word) >= MIN_SPLIT else SHORT_TYPO
    scores: dict[str, float] = {}
    for key, key_sound, similarity, _people in rows:
        score = float(similarity) if similarity >= SIMILARITY else 0.0
        if key == word:
            score = SAME_WORD
        elif sound and key_sound == sound:
            score = max(score, SAME_SOUND)
        else:
            if key in typos:
                score = max(score, typo)
            elif key_sound in typo_sounds:
                score = max(score, TYPO_SOUND)
            if key_sound in kin:
                score = max(score, RELATED)
        if score:
            scores[key] = score
    best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:VARIANTS_PER_WORD]
    return dict(best)


def weight(scores: dict[str, float], counts: dict[str, int], total: int) -> float:
    """A typed word's weight: log of how rare the people carrying the name it stands for are
    (each key standing for it at least as surely as a typo, by its score; else its closest
    key: a typo's own key is rare, not its name), plus AGREEMENT."""
    sure = _sure(scores)
    people = sum(counts.get(key, 0) * score for key, score in sure.items())
    return max(MIN_WEIGHT, AGREEMENT + math.log((total + 1) / (people + 1)))


def _sure(scores: dict[str, float]) -> dict[str, float]:
    """The keys a typed word's weight is counted on (`weight`)."""
    sure = {key: score for key, score in scores.items() if score >= TYPO}
    if not sure and scores:
        top = max(scores.values())
        sure = {key: score for key, score in scores.items() if score == top}
    return sure


def splits(user: Any, words: list[str]) -> dict[str, tuple[str, str]]:
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
    vocabulary = carried(user, (row[0] for row in known(sorted(parts), "")))
    found = {}
    for word, pairs in cuts.items():
        whole = [pair for pair in pairs if pair[0] in vocabulary and pair[1] in vocabulary]
        if whole:
            found[word] = max(whole, key=lambda pair: min(len(pair[0]), len(pair[1])))
    return found


def _best(scores: dict[str, float], factor: float = 1.0) -> Expression:
    """The best score among a person's name words for one typed word (0 when none matches),
    times the word's weight."""
    return Max(
        Case(
            *[When(word=key, then=Value(score * factor)) for key, score in scores.items()],
            default=Value(0.0),
            output_field=FloatField(),
        )
    )


def typed_words(user: Any, query: str) -> tuple[list[Typed], dict[str, tuple[str, str]]]:
    """The typed words of a name query, each with the keys it stands for and its weight, and
    the typed words that are two known keys written together."""

    written: dict[str, str] = {}  # key -> the word as typed (folded)
    for word in fold(query).split():
        key = skeleton(word)
        if key and key not in written:  # "Ba Ba" is one word
            written[key] = word
    words = list(written)[:MAX_WORDS]
    typed = [Typed(word, word_scores(user, word, written[word])) for word in words]
    # A name written in one word on file and in two in the box ("Elhadji" / "El Hadji",
    # "Abdoulaziz" / "Abdoul Aziz"): each of the two typed words also stands for the joined
    # key, when it is close to the joined word and stands for neither word alone ("Aminta
    # Tall" is not "Aminta").
    for index in range(len(words) - 1):
        joined = skeleton(words[index] + words[index + 1])
        if len(joined) >= MIN_SPLIT and joined not in words:
            alone = set(typed[index].scores) | set(typed[index + 1].scores)
            for key, score in word_scores(user, joined).items():
                if score < JOINED or key in alone:
                    continue
                for side in (index, index + 1):
                    typed[side].scores[key] = max(typed[side].scores.get(key, 0.0), score)
    # Counted only where a weight reads them (each count is a lookup at first).
    counts, total = people_counts(user, {key for one in typed for key in _sure(one.scores)})
    for one in typed:
        one.weight = weight(one.scores, counts, total)
    return typed, splits(user, words)


def people_counts(user: Any, keys: set[str]) -> tuple[dict[str, int], int]:
    """How many people carry each key, and how many there are, as the user may count them: the
    organisation's (cached counts, `matching.word_counts`) for a user who sees its whole
    registry; the people they see for one who sees part of it (a case manager kept to their own
    cases). Nothing about another organisation's people, or a colleague's, moves a rank."""
    from sutura.access.people import sees_whole_registry
    from sutura.people.matching import registry_size, word_counts

    if not keys:
        return {}, 1
    if sees_whole_registry(user):
        counts = word_counts(keys, user.organisation_id)
        return {key: counts.get(key, 0) for key in keys}, registry_size(user.organisation_id)
    rows = (
        visible(user, PersonNameWord)
        .filter(word__in=sorted(keys))
        .order_by()
        .values("word")
        .annotate(people=Count("person_id", distinct=True))
        .values_list("word", "people")
    )
    return dict(rows), max(visible(user, Person).count(), 1)


def name_score(
    typed: list[Typed],
    halves: dict[str, tuple[str, str]],
    words: list[str],
    starts: dict[str, set[str]] | None = None,
) -> float:
    """A person's score on their whole name (their keys `words`): each typed word takes the
    best of the person's words not already taken by a better match, times its weight; a typed
    initial then takes a word left that begins with it (`starts`: the letters each key's words
    begin with, as written and as keys), for INITIAL of MIN_WEIGHT; each word of the person's
    name that no typed word took costs EXTRA_WORD."""
    total = 0.0
    done_typed: set[int] = set()
    taken: set[int] = set()
    for i, one in enumerate(typed):  # "Dasilva" for a person named Da Silva: whole
        if one.word in halves and all(part in words for part in halves[one.word]):
            done_typed.add(i)
            taken.update(words.index(part) for part in halves[one.word])
            total += one.weight
    pairs = []
    for i, one in enumerate(typed):
        for j, word in enumerate(words):
            score = one.scores.get(word, 0.0)
            if score:
                pairs.append((score * one.weight, i, j))
    pairs.sort(reverse=True)
    for value, i, j in pairs:
        if i in done_typed or j in taken:
            continue
        done_typed.add(i)
        taken.add(j)
        total += value
    for i, one in enumerate(typed):  # "Dasilva" for a person named Silva: half
        if i in done_typed or one.word not in halves:
            continue
        parts = [j for j, word in enumerate(words) if word in halves[one.word] and j not in taken]
        if parts:
            total += one.weight / 2
            taken.add(parts[0])
    for i, one in enumerate(typed):  # "J." for Jean, "D." for Djibril
        if i in done_typed or not is_initial(one.word):
            continue
        for j, word in enumerate(words):
            if j not in taken and one.word in (starts or {}).get(word, {word[:1]}):
                done_typed.add(i)
                taken.add(j)
                total += INITIAL * MIN_WEIGHT  # a letter says less than the commonest name
                break
    return total - EXTRA_WORD * (len(words) - len(taken))


def is_initial(word: str) -> bool:
    """A typed word of one letter: an initial ("J." folds to "j")."""
    return len(word) == 1 and word.isalpha()


def initials_of(*names: str) -> dict[str, set[str]]:
    """The letters a person's name words begin with, by key: as written and as keys ("Djibril"
    begins with d as written, j as a key; "Ousmane" with o and u)."""
    starts: dict[str, set[str]] = {}
    for word in fold(" ".join(names)).split():
        key = skeleton(word)
        if key:
            starts.setdefault(key, set()).update({word[0], key[0]})
    return starts


def _typed_day(word: str) -> datetime.date | None:
    """A whole date typed with the name: 12/01/1994, 12-01-1994, 12.01.1994 (day first, as
    written in the region) or 1994-01-12."""
    match = DAY.match(word) or ISO_DAY.match(word)
    if match is None:
        return None
    day, month, year = (int(match.group(k)) for k in ("day", "month", "year"))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def split_years(query: str) -> tuple[str, set[int], set[datetime.date]]:
    """The name part of a query, the years typed with it ("Diallo Mamadou 1995") and the whole
    dates ("Diallo Mamadou 12/01/1995": its year counts as a year typed)."""
    name, years, days = [], set(), set()
    for word in query.split():
        if YEAR.match(word):
            years.add(int(word))
        elif (day := _typed_day(word)) is not None:
            days.add(day)
            years.add(day.year)
        else:
            name.append(word)
    return " ".join(name), years, days


def year_bonus(
    born: Any, estimated: bool, years: set[int], days: set[datetime.date] | frozenset = frozenset()
) -> float:
    """What a typed birth year adds to a person born on `born`: BIRTH_YEAR for the same year
    (BIRTH_DAY more for the very date typed), NEAR_YEAR for a year either side of a date
    written as estimated (or as 1 January)."""
    if born is None or not years:
        return 0.0
    if born in days:
        return BIRTH_YEAR + BIRTH_DAY
    if born.year in years:
        return BIRTH_YEAR
    roughly = estimated or (born.month, born.day) == (1, 1)
    if roughly and (born.year - 1 in years or born.year + 1 in years):
        return NEAR_YEAR
    return 0.0


def closest_people(user: Any, query: str, *, limit: int) -> list[UUID]:
    """Up to `limit` ids of people the user may see whose names match `query` best, best
    first: every typed word adds its best match among the person's names (0 to 1 each) times
    its weight (rare names weigh more), so a person matching most words strongly is listed
    even when one word matches nothing. The best RERANK are then scored on their whole names:
    one name word answers one typed word, and a name word no typed word stands for costs a
    little (an exact written name before the same name with a middle name). A year typed with
    the name counts as the birth year asked for, a whole date as its year and its day
    (`year_bonus`); a year alone finds nobody."""
    query, years, days = split_years(query)
    rerank = RERANK_WITH_YEAR if years else RERANK
    typed, halves = typed_words(user, query)
    per_word: list[Expression] = []
    keys: set[str] = set()
    for one in typed:
        best = _best(one.scores, one.weight) if one.scores else None
        if one.word in halves:
            first, second = halves[one.word]
            both = (_best({first: 1.0}) + _best({second: 1.0})) * Value(0.5 * one.weight)
            best = Greatest(best, both) if best is not None else both
            keys.update(halves[one.word])
        if best is not None:
            per_word.append(best)
            keys.update(one.scores)
    if not per_word:
        return []
    total: Any = per_word[0]
    for expression in per_word[1:]:
        total = total + expression
    ids = list(
        visible(user, PersonNameWord)
        .filter(word__in=sorted(keys))
        .values("person_id")
        .annotate(score=total)
        .order_by("-score", "person_id")
        .values_list("person_id", flat=True)[: max(limit, rerank)]
    )
    head = ids[:rerank]
    order = {pk: rank for rank, pk in enumerate(head)}
    scored = dict.fromkeys(head, 0.0)
    # The names as written only where an initial was typed (what it begins with).
    written = ("given_names", "family_name") if any(is_initial(t.word) for t in typed) else ()
    for pk, key, born, estimated, *names in (
        visible(user, Person)
        .filter(pk__in=head)
        .values_list("pk", "search_key", "birth_date", "birth_date_estimated", *written)
    ):
        starts = initials_of(*names) if names else None
        scored[pk] = name_score(typed, halves, (key or "").split(), starts)
        scored[pk] += year_bonus(born, estimated, years, days)
    head.sort(key=lambda pk: (-scored[pk], order[pk]))
    return (head + ids[rerank:])[:limit]


def rank_in(ids: list[UUID], field: str = "pk") -> Func:
    """An expression ordering rows as `ids` lists them (1 = first): the order of
    `closest_people` kept by a query that filters on its ids."""
    return Func(
        Value(ids, output_field=ArrayField(UUIDField())),
        F(field),
        function="array_position",
        output_field=IntegerField(),
    )
