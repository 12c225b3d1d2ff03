"""Search recall over spellings: each person of data/spelling_variants.csv, registered among
thousands of people with similar names, is searched by another spelling (a letter changed, a
vowel doubled or dropped, the name as another language writes it, a middle name added or
dropped, given and family names swapped, apostrophes, hyphens, capitals, accents). Recall in the
first 10 and on page 1 (25 rows), through `closest_people` and through the case search.

The file's format (reused by bench/): CSV with a header, one pair a row:
    given_names,family_name,searched,kind
(the registered person's given and family names, the spelling typed in the search box, and the
kind of variant, a free label)."""

from __future__ import annotations

import csv
import datetime
import random
import statistics
import uuid
from pathlib import Path

import pytest

from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.cases.selectors import CaseFilters, cases_for
from sutura.people.models import NameWord, Person, PersonNameWord
from sutura.people.names import canonical, fold, phonetic, search_key
from sutura.people.search import closest_people

pytestmark = pytest.mark.django_db

VARIANTS = Path(__file__).resolve().parent / "data" / "spelling_variants.csv"
DISTRACTORS = 4000
TARGET_RECALL = 0.95


def variant_pairs() -> list[dict[str, str]]:
    with VARIANTS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _name_set(given: str, family: str) -> frozenset[str]:
    return frozenset(canonical(word) for word in fold(f"{given} {family}").split())


def _distractors(pairs: list[dict[str, str]], count: int) -> list[tuple[str, str]]:
    """People with the same common names in other combinations, and near spellings: every
    target's family name with other given names, every given name with other family names,
    and a third of them with a second given name. A distractor named exactly as a target (the
    same canonical words) is left out: no search could tell them apart."""
    rng = random.Random(19)
    givens = sorted(
        {p["given_names"] for p in pairs} | {p["given_names"].split()[0] for p in pairs}
    )
    families = sorted({p["family_name"] for p in pairs})
    targets = {_name_set(p["given_names"], p["family_name"]) for p in pairs}
    made: list[tuple[str, str]] = []
    while len(made) < count:
        given = rng.choice(givens)
        if rng.random() < 0.33:
            given = f"{given} {rng.choice(givens).split()[0]}"
        family = rng.choice(families)
        if _name_set(given, family) not in targets:
            made.append((given, family))
    return made


def _register(organisation, user, names: list[tuple[str, str]]) -> list[Person]:
    """People, their name index and a case each, in bulk (the path `seed_demo` takes)."""
    people = [
        Person(
            id=uuid.uuid4(),
            organisation=organisation,
            given_names=given,
            family_name=family,
            sex="female",
            nationality="SN",
            registered_by=user,
            search_key=search_key(family, given),
        )
        for given, family in names
    ]
    Person.objects.bulk_create(people, batch_size=2000)
    rows = [
        PersonNameWord(organisation=organisation, person=p, word=w)
        for p in people
        for w in p.search_key.split()
    ]
    PersonNameWord.objects.bulk_create(rows, batch_size=5000)
    words = {r.word for r in rows}
    NameWord.objects.bulk_create(
        [NameWord(word=w, phonetic=phonetic(w)) for w in words], ignore_conflicts=True
    )
    Case.objects.bulk_create(
        [
            Case(
                person=p,
                organisation=organisation,
                number=f"TS-{uuid.uuid4().hex[:12].upper()}",
                case_type="return_reintegration",
                case_manager=user,
                opened_on=datetime.date(2026, 1, 10),
            )
            for p in people
        ],
        batch_size=2000,
    )
    return people


def test_search_finds_spelling_variants_on_the_first_page(users_a):
    user = users_a[Role.CASE_MANAGER]
    pairs = variant_pairs()
    assert len(pairs) >= 150
    targets = _register(
        user.organisation, user, [(p["given_names"], p["family_name"]) for p in pairs]
    )
    _register(user.organisation, user, _distractors(pairs, DISTRACTORS))

    found = {"people, first 10": 0, "people, page 1": 0, "cases, first 10": 0, "cases, page 1": 0}
    missed = []
    ranks = []
    for pair, person in zip(pairs, targets, strict=True):
        people = closest_people(user, pair["searched"], limit=25)
        cases = [
            c.person_id
            for c in cases_for(user, CaseFilters(query=pair["searched"], sort="relevance"))[:25]
        ]
        ranks.append(people.index(person.pk) + 1 if person.pk in people else 99)
        found["people, first 10"] += person.pk in people[:10]
        found["people, page 1"] += person.pk in people
        found["cases, first 10"] += person.pk in cases[:10]
        found["cases, page 1"] += person.pk in cases
        if person.pk not in people[:10] or person.pk not in cases[:10]:
            missed.append(f"{pair['given_names']} {pair['family_name']} <- {pair['searched']}")
    recall = {label: count / len(pairs) for label, count in found.items()}
    print(
        f"\nsearch recall over {len(pairs)} spelling variants among {DISTRACTORS} similar names: "
        + ", ".join(f"{label} {share:.1%}" for label, share in recall.items())
        + f"; rank of the person: median {statistics.median(ranks)}, worst {max(ranks)}"
        + f" ({pairs[ranks.index(max(ranks))]['searched']})"
        + ("\nmissed in the first 10: " + "; ".join(missed) if missed else "")
    )
    assert all(share >= TARGET_RECALL for share in recall.values()), (recall, missed)


def test_one_word_matching_nothing_lowers_the_rank_but_drops_nobody(users_a):
    user = users_a[Role.CASE_MANAGER]
    awa, other = _register(user.organisation, user, [("Awa", "Diop"), ("Awa", "Ndiaye")])[:2]
    _register(user.organisation, user, [("Moussa", "Diop")])
    assert closest_people(user, "Awa Diop Qwxyz", limit=10)[0] == awa.pk
    assert closest_people(user, "Qwxyz", limit=10) == []
    ranked = closest_people(user, "Awa Jobe", limit=10)
    assert ranked[0] == awa.pk and other.pk in ranked
    first = cases_for(user, CaseFilters(query="Jobe Awa Xq", sort="relevance")).first()
    assert first is not None and first.person_id == awa.pk


def test_a_name_written_in_one_word_is_found_in_two_and_back(users_a):
    user = users_a[Role.CASE_MANAGER]
    elhadji, abdoulaziz, da_silva = _register(
        user.organisation,
        user,
        [("Elhadji", "Tall"), ("Abdoulaziz Moussa", "Sy"), ("Antoine", "Da Silva")],
    )
    _register(
        user.organisation,
        user,
        [
            ("Hadja", "Tall"),
            ("Aziz", "Sylla"),
            ("Moussa", "Sy"),
            ("Antoine", "Silva"),
            ("Antoine", "Da Costa"),
        ],
    )
    assert closest_people(user, "El Hadji Tall", limit=10)[0] == elhadji.pk
    assert closest_people(user, "Abdoul Aziz Sy", limit=10)[0] == abdoulaziz.pk
    assert closest_people(user, "Antoine Dasilva", limit=10)[0] == da_silva.pk
    assert closest_people(user, "DASILVA", limit=10)[0] == da_silva.pk
