"""The generated people in PostgreSQL, one organisation, and the checks a caseworker runs on them.

`load()` writes the records as `Person` rows (with what `Person.save()` derives: the search
key, the blocking keys, the name index) and their identity documents, for one organisation
made for the benchmark, and returns the person id of each record. Django must be set up.
"""

from __future__ import annotations

import inspect
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

ORGANISATION = "Benchmark: duplicate persons"
USERNAME = "bench.dedup"


def benchmark_user() -> Any:
    """A case manager of an organisation of its own (the generated people are all its files)."""
    from sutura.accounts.models import Organisation, User
    from sutura.accounts.roles import Role
    from sutura.geo.models import Location

    country = Location.objects.filter(level=0, country_code="SN").first()
    assert country is not None, "the geography is not loaded (run seed_demo --persons 0)"
    organisation, _created = Organisation.objects.get_or_create(
        name=ORGANISATION,
        defaults={"acronym": "BENCH", "type": "international_ngo", "country": country},
    )
    user, _created = User.objects.get_or_create(
        username=USERNAME,
        defaults={"organisation": organisation, "roles": [Role.CASE_MANAGER]},
    )
    return user


def _clear(organisation_id: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM people_personnameword WHERE organisation_id = %s", [organisation_id]
        )
        cursor.execute(
            "DELETE FROM people_identitydocument d USING people_person p "
            "WHERE d.person_id = p.id AND p.organisation_id = %s",
            [organisation_id],
        )
        cursor.execute("DELETE FROM people_person WHERE organisation_id = %s", [organisation_id])


def derive(person: Any) -> None:
    """What `Person.save()` computes before writing (bulk creation bypasses save)."""
    from sutura.people import models  # the very functions save() calls

    person.search_key = models.search_key(person.family_name, person.given_names, *person.aliases)
    person.block_keys = models.block_keys(person)
    for hook in ("derive_keys", "refresh_keys"):  # if the model grows a method for it
        if callable(getattr(person, hook, None)):
            getattr(person, hook)()


def load(
    records: list[dict[str, Any]], user: Any, *, seed: int = 0, chunk: int = 20_000
) -> dict[uuid.UUID, int]:
    """Replace the benchmark organisation's people by `records`; {person id: record id}."""
    from sutura.people.models import IdentityDocument, Person, phonetic

    rng = random.Random(seed)
    ids: dict[uuid.UUID, int] = {}
    _clear(user.organisation_id)
    for start in range(0, len(records), chunk):
        people: list[Any] = []
        documents: list[Any] = []
        for r in records[start : start + chunk]:
            person = Person(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                organisation_id=user.organisation_id,
                registered_by=user,
                given_names=r["given_names"],
                family_name=r["family_name"],
                sex=r["sex"],
                birth_date=r["birth_date"],
                birth_date_estimated=r["birth_date_estimated"],
                phone=r["phone"],
                other_phones=list(r["other_phones"]),
                nationality=r.get("nationality", ""),
            )
            derive(person)
            people.append(person)
            ids[person.id] = r["record_id"]
            if r["document_number"]:
                documents.append(
                    IdentityDocument(
                        person_id=person.id, type=r["document_type"], number=r["document_number"]
                    )
                )
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=2000)
            IdentityDocument.objects.bulk_create(documents, batch_size=2000)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_personnameword (organisation_id, person_id, word) "
            "SELECT p.organisation_id, p.id, word FROM people_person p, "
            "unnest(string_to_array(p.search_key, ' ')) AS word "
            "WHERE word <> '' AND p.organisation_id = %s",
            [user.organisation_id],
        )
        cursor.execute(
            "SELECT DISTINCT word FROM people_personnameword WHERE organisation_id = %s",
            [user.organisation_id],
        )
        words = [row[0] for row in cursor.fetchall()]
        cursor.executemany(
            "INSERT INTO people_nameword (word, phonetic, people) VALUES (%s, %s, 0) "
            "ON CONFLICT (word) DO UPDATE SET phonetic = EXCLUDED.phonetic",
            [(w, phonetic(w)) for w in words],
        )
        refresh_word_counts(cursor)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ids


def loaded_ids(records: list[dict[str, Any]], *, seed: int = 0) -> dict[uuid.UUID, int]:
    """The person ids `load(records, seed=seed)` gave (drawn from the seed, in order), for a
    run on people already loaded."""
    rng = random.Random(seed)
    return {uuid.UUID(int=rng.getrandbits(128), version=4): r["record_id"] for r in records}


def refresh_word_counts(cursor: Any) -> None:
    """NameWord.people: how many people carry each word (the model's name frequencies)."""
    try:
        from sutura.people.matching import refresh_frequencies
    except ImportError:
        cursor.execute(
            "UPDATE people_nameword n SET people = c.people FROM ("
            "  SELECT word, count(*) AS people FROM people_personnameword GROUP BY word"
            ") c WHERE c.word = n.word"
        )
    else:
        refresh_frequencies()


def registration(record: dict[str, Any]) -> dict[str, Any]:
    """The registration form's fields for the check, from a generated record (only those
    the check takes)."""
    from sutura.people.duplicates import find_possible_duplicates

    document = (record["document_type"], record["document_number"])
    fields = {
        "family_name": record["family_name"],
        "sex": record["sex"],
        "documents": [document] if record["document_number"] else [],
        "given_names": record["given_names"],
        "birth_date": record["birth_date"],
        "birth_date_estimated": record["birth_date_estimated"],
        "phones": [p for p in [record["phone"], *record["other_phones"]] if p],
        "document_numbers": [record["document_number"]] if record["document_number"] else [],
        "nationality": record.get("nationality", ""),
    }
    accepted = inspect.signature(find_possible_duplicates).parameters
    if "documents" in accepted:
        del fields["document_numbers"]
    return {k: v for k, v in fields.items() if k in accepted}


@dataclass
class CheckResult:
    asked: int = 0
    top5: int = 0
    first: int = 0
    shown: int = 0  # registrations with at least one candidate
    times_ms: list[float] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    # Where each top-5 miss was lost (`stage_of_miss`), and, for people not on file, the levels
    # of the first candidate shown (what joined them: the precision traps).
    stages: Counter[str] = field(default_factory=Counter)
    shown_levels: Counter[str] = field(default_factory=Counter)


# The stages of the registration check where a true match can be lost (`stage_of_miss`).
STAGES = {
    "a": "(a) never retrieved: shares no block key, phone or document with the query",
    "a_selective": "(a) shares only name keys `_named_keys` left out as too common",
    "a_phone_format": "(a) shares a phone or document only once normalised (not as written)",
    "b": "(b) retrieved by name keys but cut by MAX_NAMED",
    "c": "(c) scored, but below the registration threshold",
    "d": "(d) above the threshold, ranked below 5",
}


def stage_of_miss(user: Any, record: dict[str, Any], own: Any, wanted: set[Any]) -> str:
    """Where the registration check lost the true match of `record` (its other files `wanted`,
    person ids): one of `STAGES`."""
    from sutura.access.people import sees_whole_registry
    from sutura.people import duplicates, matching
    from sutura.people.models import IdentityDocument, Person

    fields = registration(record)
    everything = duplicates.find_possible_duplicates(
        user, **fields, exclude_pk=own, threshold=0.0, limit=10**9
    )
    ranked = [str(c.person.pk) for c in everything]
    hits = [i for i, pk in enumerate(ranked) if pk in {str(w) for w in wanted}]
    if hits:
        best = everything[hits[0]]
        return "c" if best.probability < matching.threshold("registration") else "d"
    new = {
        "family_name": record["family_name"],
        "given_names": record["given_names"],
        "aliases": [],
        "birth_date": record["birth_date"],
        "birth_date_estimated": record["birth_date_estimated"],
    }
    keys = set(matching.block_keys(new))
    (row,) = matching.person_rows([new], frequencies={})
    size, _registry, frequencies = matching.registration_frequencies(
        [t.split("|")[1] for t in row["name_tokens"]],
        user.organisation_id,
        matching.load_params(),
        counted=sees_whole_registry(user),
    )
    selective = set(duplicates._named_keys(new, frequencies, size))
    others = list(Person.objects.filter(pk__in=wanted))
    if any(selective & set(p.block_keys) for p in others):
        return "b"
    if any(keys & set(p.block_keys) for p in others):
        return "a_selective"
    phones = {p for p in [record["phone"], *record["other_phones"]] if p}
    tails = set(matching._phones({"phone": "", "other_phones": list(phones)}))
    number = matching.normalise_document_number(record["document_number"])
    held = set(IdentityDocument.objects.filter(person__in=others).values_list("number", flat=True))
    for p in others:
        if tails & set(matching._phones(p)):
            return "a_phone_format"
    if number and number in {matching.normalise_document_number(n) for n in held}:
        return "a_phone_format"
    return "a"


def ask_check(
    user: Any,
    queries: list[dict[str, Any]],
    person_of_record: dict[int, uuid.UUID],
    record_of_person: dict[uuid.UUID, int],
    entity_of_record: dict[int, int],
    *,
    diagnose: bool = True,
) -> CheckResult:
    """Each query registers again someone already on file (their own file excluded): is one
    of their other files among the first 5 candidates?"""
    from sutura.people.duplicates import find_possible_duplicates

    result = CheckResult()
    for record in queries:
        own = person_of_record[record["record_id"]]
        begin = time.perf_counter()
        candidates = find_possible_duplicates(user, **registration(record), exclude_pk=own)
        result.times_ms.append((time.perf_counter() - begin) * 1000)
        entities = [entity_of_record[record_of_person[c.person.pk]] for c in candidates]
        result.asked += 1
        result.shown += bool(candidates)
        if record["entity_id"] in entities[:5]:
            result.top5 += 1
        else:
            result.missed.append(record)
            if diagnose:
                wanted = {
                    pk
                    for pk, rid in record_of_person.items()
                    if entity_of_record.get(rid) == record["entity_id"] and pk != own
                }
                result.stages[stage_of_miss(user, record, own, wanted)] += 1
        result.first += bool(entities) and entities[0] == record["entity_id"]
    return result


def ask_new(
    user: Any, queries: list[dict[str, Any]], person_of_record: dict[int, uuid.UUID]
) -> CheckResult:
    """Registrations of people not on file: any candidate shown is a false alarm."""
    from sutura.people.duplicates import find_possible_duplicates

    result = CheckResult()
    for record in queries:
        own = person_of_record[record["record_id"]]
        begin = time.perf_counter()
        candidates = find_possible_duplicates(user, **registration(record), exclude_pk=own)
        result.times_ms.append((time.perf_counter() - begin) * 1000)
        result.asked += 1
        result.shown += bool(candidates)
        if candidates:
            first = candidates[0]
            result.shown_levels[_levels_label(first)] += 1
    return result


def _levels_label(candidate: Any) -> str:
    """The comparison levels of a candidate shown ("name same, birth else, phone shared…")."""
    reasons = ", ".join(candidate.reasons)
    return f"p≥{int(candidate.probability * 10) / 10:.1f}: {reasons}"
