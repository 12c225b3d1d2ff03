"""The registration check made fast without changing what it answers: the same candidates, the
same probabilities, the same order as the plain path it replaced (one query per signal, the
shared keys counted by array intersection, the features worked out afresh for each row, the
name counts read on every lookup)."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.test import override_settings

from sutura.access import visible
from sutura.accounts.roles import Role
from sutura.people import duplicates, matching
from sutura.people.duplicates import MAX_NAMED, find_possible_duplicates
from sutura.people.models import IdentityDocument, OrganisationNameCount, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

GIVEN = ["Mamadou", "Mamadu", "Fatoumata", "Fatimata", "Awa", "Ibrahima", "Ibrahim Khalil"]
FAMILY = ["Diallo", "Jallow", "Djallo", "Ndiaye", "N'Diaye", "Njie", "Sow", "Coulibaly"]


@pytest.fixture
def world(org_a, org_b):
    """Namesakes by the dozen (more sharing a key than the check scores), with years, some
    estimated, phones and documents; a few in another organisation."""
    rng = random.Random(19)
    people = []
    for i in range(160):
        year = rng.choice([1988, 1989, 1990, 1991, 1995, 2001])
        estimated = rng.random() < 0.4
        person = PersonFactory.create(
            organisation=org_b if i % 20 == 0 else org_a,
            family_name=rng.choice(FAMILY),
            given_names=rng.choice(GIVEN),
            aliases=[rng.choice(GIVEN)] if i % 11 == 0 else [],
            birth_date=datetime.date(year, 1, 1)
            if estimated
            else datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            birth_date_estimated=estimated,
            phone=f"+22177000{i % 40:04d}" if i % 3 else "",
            other_phones=[f"77100{i:04d}"] if i % 7 == 0 else [],
        )
        if i % 5 == 0:
            IdentityDocument.objects.create(person=person, type="passport", number=f"A-{i:05d}")
        people.append(person)
    matching.refresh_frequencies()
    return people


def asks() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, (given, family) in enumerate(
        [(g, f) for g in ["Mamadou", "Fatimata", "Awa Mamadou"] for f in ["Diallo", "Njie"]]
    ):
        out.append(
            {
                "family_name": family,
                "given_names": given,
                "birth_date": datetime.date(1990, 1, 1) if i % 2 else datetime.date(1989, 3, 4),
                "birth_date_estimated": bool(i % 2),
                "sex": "male" if i % 3 else "",
                "phones": [f"+22177000{i:04d}"] if i % 2 else [],
                "document_numbers": ["a 00005"] if i == 3 else [],
            }
        )
    out.append({"family_name": "Sow", "given_names": "Ibrahima", "phones": ["770000007"]})
    out.append({"family_name": "Jallow", "given_names": "Ibrahim Khalil"})
    return out


def _plain_candidate_rows(
    user: Any, people: Any, new: dict[str, Any], keys: dict[str, int], exclude_pk: Any = None
) -> list[dict[str, Any]]:
    """The path replaced: one query for the strong signals, one for the names ranked by the
    weights of the keys in the person's array, one for the documents."""
    phones = [p for p in new["other_phones"] if p]
    numbers = {n for _, n in new["documents"]} | {
        matching.normalise_document_number(n) for _, n in new["documents"]
    }
    numbers = {n.strip().upper() for n in numbers if n.strip()}
    strong = Q(pk__in=[])
    if phones:
        strong |= Q(phone__in=phones) | Q(other_phones__overlap=phones)
    if numbers:
        holders = visible(user, IdentityDocument).filter(number__in=numbers)
        strong |= Q(pk__in=holders.values("person_id"))
    rows = list(people.filter(strong).values(*matching.PERSON_FIELDS)) if phones or numbers else []
    if keys:
        shared = RawSQL(
            "(SELECT sum(k.w) FROM unnest(%s::text[], %s::int[]) AS k(key, w) "
            "WHERE k.key = ANY(people_person.block_keys))",
            [list(keys), list(keys.values())],
        )
        named = people.filter(block_keys__overlap=list(keys)).values(*matching.PERSON_FIELDS)
        found = named.alias(shared=shared).order_by("-shared", "pk")[: duplicates.MAX_NAMED]
        seen = {row["id"] for row in rows}
        rows += [row for row in found if row["id"] not in seen]
    if not numbers:
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


def answers(user: Any, **extra: Any) -> list[list[tuple[Any, float, list[str]]]]:
    return [
        [
            (c.person.pk, c.probability, c.reasons)
            for c in find_possible_duplicates(user, **a, **extra)
        ]
        for a in asks()
    ]


@pytest.mark.parametrize("cut", [MAX_NAMED, 12])
def test_the_fast_path_answers_what_the_plain_path_answered(users_a, world, monkeypatch, cut):
    """Every candidate scored (threshold 0) and those shown, the same people with the same
    probabilities and reasons in the same order; with a cut the namesakes exceed, too."""
    user = users_a[Role.CASE_MANAGER]
    monkeypatch.setattr(duplicates, "MAX_NAMED", cut)
    # A file merged into another is no candidate; the person being edited is left out.
    Person.objects.filter(pk=world[4].pk).update(merged_into=world[5])
    edited = {"exclude_pk": world[2].pk}
    with override_settings(CACHES=LOCMEM):
        fast = (
            answers(user, threshold=0.0, limit=1000),
            answers(user),
            answers(user, threshold=0.0, limit=1000, **edited),
        )
        fast_again = answers(user, threshold=0.0, limit=1000), answers(user)  # counts cached
    with monkeypatch.context() as plain:
        plain.setattr(duplicates, "_candidate_rows", _plain_candidate_rows)
        plain.setattr(matching, "_name_features", matching._name_features.__wrapped__)
        slow = (
            answers(user, threshold=0.0, limit=1000),
            answers(user),
            answers(user, threshold=0.0, limit=1000, **edited),
        )
    assert all(world[4].pk not in [pk for pk, _p, _r in found] for found in fast[0])
    assert any(world[2].pk in [pk for pk, _p, _r in found] for found in fast[0])
    assert all(world[2].pk not in [pk for pk, _p, _r in found] for found in fast[2])
    assert cut == MAX_NAMED or any(len(found) >= cut for found in slow[0])  # cut reached
    assert any(found for found in slow[1])
    assert fast == slow
    assert fast_again == slow[:2]


def test_cached_name_counts_follow_a_bulk_recount(users_a, org_a):
    """The organisation's name counts are cached between lookups (a registration is counted
    at the next expiry); a recount (`refresh_frequencies`, which every bulk load ends with) is
    read at the next lookup."""
    PersonFactory.create(organisation=org_a, family_name="Goudiaby", given_names="Zeinabou")
    matching.refresh_frequencies()
    with override_settings(CACHES=LOCMEM):
        before = matching.key_frequencies(["Goudiaby"], 1000, org_a.pk)
        for _ in range(3):
            PersonFactory.create(organisation=org_a, family_name="Goudiaby", given_names="Awa")
        assert matching.key_frequencies(["Goudiaby"], 1000, org_a.pk) == before  # cached
        matching.refresh_frequencies()
        after = matching.key_frequencies(["Goudiaby"], 1000, org_a.pk)
    assert before == {matching.word_key("goudiaby"): 1 / 1000}
    assert after == {matching.word_key("goudiaby"): 4 / 1000}


def test_common_words_are_read_from_the_recount_and_rare_ones_counted_live(
    org_a, org_b, monkeypatch
):
    """An organisation's common words are counted by the bulk recount and read from there (a
    registration since moves them at the next recount); a rarer word is counted at the lookup;
    another organisation's people count for neither."""
    monkeypatch.setattr(matching, "COMMON_WORD_PEOPLE", 3)
    for _ in range(4):
        awa = PersonFactory.create(organisation=org_a, family_name="Goudiaby", given_names="Awa")
    PersonFactory.create(organisation=org_b, family_name="Goudiaby", given_names="Zeinabou")
    matching.refresh_frequencies()
    kept = set(OrganisationNameCount.objects.values_list("organisation_id", "word", "people"))
    assert {(word, people) for org, word, people in kept if org == org_a.pk} == {
        (word, 4) for word in awa.search_key.split()
    }
    assert not [row for row in kept if row[0] == org_b.pk]  # one person: below the cut
    PersonFactory.create(organisation=org_a, family_name="Goudiaby", given_names="Khady")
    key = matching.word_key
    found = matching.key_frequencies(["Goudiaby", "Khady"], 1000, org_a.pk)
    assert found[key("goudiaby")] == 4 / 1000  # the recount's figure
    assert found[key("khady")] == 1 / 1000  # counted now
    assert matching.key_frequencies(["Goudiaby"], 1000, org_b.pk) == {key("goudiaby"): 1 / 1000}
    matching.refresh_frequencies()
    assert matching.key_frequencies(["Goudiaby"], 1000, org_a.pk) == {key("goudiaby"): 5 / 1000}


def test_a_registry_smaller_than_the_trained_records_is_filled_with_the_regions_people(
    org_a, org_b, monkeypatch
):
    """An office of a few people reads the people it lacks to the trained size with the
    training records' shares (Mamadou stays common) and never reads a name rarer than its own
    people say, beside one who may be the person (three Tchakounte of a handful are common
    there); a name one of them carries stays rare. From the trained size on, its counts alone.
    """
    params = matching.load_params()
    trained = int(params["records"])
    reference = matching.reference_frequencies(params)
    key = matching.word_key
    for _ in range(3):
        PersonFactory.create(organisation=org_a, family_name="Tchakounte", given_names="Mamadou")
    PersonFactory.create(organisation=org_a, family_name="Nkanga", given_names="Awa")
    PersonFactory.create(organisation=org_b, family_name="Nkanga", given_names="Awa")
    matching.refresh_frequencies()
    words = ["Tchakounte", "Mamadou", "Nkanga"]
    registry = matching.registry_size(org_a.pk)
    assert registry == 4
    lacking = 1 - registry / trained
    size, counted, found = matching.registration_frequencies(words, org_a.pk, params, counted=True)
    assert (size, counted) == (trained, registry)
    assert found[key("mamadou")] == pytest.approx(
        max(3 / trained + lacking * reference["mamadu"], 2 / registry)
    )
    assert found[key("tchakounte")] == pytest.approx(2 / registry)  # common in this office
    assert found[key("nkanga")] == pytest.approx(1 / trained)  # one of theirs: rare
    assert not {key("tchakounte"), key("nkanga")} & set(reference)
    # A user who may not count the office's people: the region's shares alone, and no size.
    size, counted, shares = matching.registration_frequencies(
        ["Mamadou"], org_a.pk, params, counted=False
    )
    assert (size, counted) == (trained, 0) and shares == pytest.approx(reference)
    # A registry as large as the trained records or larger: its own counts only.
    monkeypatch.setattr(matching, "registry_size", lambda *args: 2 * trained)
    size, counted, found = matching.registration_frequencies(words, org_a.pk, params, counted=True)
    assert size == counted == 2 * trained
    assert found == {key("tchakounte"): 3 / size, key("mamadou"): 3 / size, key("nkanga"): 1 / size}


@pytest.mark.parametrize("how", ["alias", "merge"])
def test_a_person_whose_words_share_a_key_is_counted_once(users_a, org_a, how):
    """Privacy review: "Tchakounte alias Chakounte" has two rows of the name index under one
    key; counted twice, in an office read beside one who may be the person, she was her own
    namesake and her file scored 0.74 for 0.99. A merge gives the kept file the other's names
    as aliases: the same. Each person is counted once."""
    from sutura.dedup.services.merges import merge_persons

    user = users_a[Role.CASE_MANAGER]
    born = datetime.date(1991, 6, 12)
    mine = {"organisation": org_a, "given_names": "Nafissatou", "birth_date": born}
    if how == "alias":
        kept = PersonFactory.create(**mine, family_name="Tchakounte", aliases=["Chakounte"])
    else:
        kept = PersonFactory.create(**mine, family_name="Tchakounte")
        other = PersonFactory.create(**mine, family_name="Chakounte")
        merge_persons(
            actor=users_a[Role.PROGRAMME_MANAGER], kept=kept, merged=other, reason="same person"
        )
    for n in range(30):  # an office, not a handful
        PersonFactory.create(organisation=org_a, family_name=f"Filler{n}", given_names="Awa")
    matching.refresh_frequencies()
    key = matching.word_key
    assert key("Tchakounte") == key("Chakounte")
    *_, shares = matching.registration_frequencies(
        ["Tchakounte"], org_a.pk, matching.load_params(), counted=True
    )
    assert shares[key("tchakounte")] == pytest.approx(1 / matching.load_params()["records"])
    (found,) = find_possible_duplicates(
        user, family_name="Tchakounte", given_names="Nafissatou", birth_date=born
    )
    assert found.person == kept and found.probability > 0.95
