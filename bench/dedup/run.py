"""Benchmark of duplicate detection: Sutura, a plain Splink model and a plain trigram rule,
side by side, on generated West African people with ground truth (`generator.py`).

For each size (10,000 and 100,000 records by default), in one run:
- pairwise precision, recall and F1: Sutura's batch model (`matching.person_rows` then
  `predict_pairs`, Splink on DuckDB), the plain Splink model (`plain_splink.py`) and the
  plain trigram rule (`similarity(name_a, name_b) > t`, the best of a few t);
- at registration: a sample of records whose person has other files is registered again (its
  own file excluded); is the true match among the first 5 candidates of
  `people.duplicates.find_possible_duplicates`? how often are candidates shown for people with
  no other file? how long does the check take?
- search recall in the first 10 (`people.search.closest_people`) for the sampled records'
  written names and for the names engineer's spelling variants;
- with --at-scale: lookup time p50/p95 of the registration check at 1,000,000 people
  (`seed_demo --persons N` in its own database, as people_at_scale.py does).

    createdb sutura_bench_dedup   # with DATABASE_URL; the embedded server creates it
    .venv/bin/python bench/dedup/run.py [--sizes 10000 100000] [--at-scale]

Prints one table per size (markdown) and what Sutura misses (error kinds, precision traps).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import ROOT, percentile

sys.path.insert(0, str(ROOT))  # the project's modules (external.py reads country names there)

from dedup import external, metrics, plain_splink, plain_trigram, registry, search_recall
from dedup.generator import generate

DEFAULT_DB = "sutura_bench_dedup"
# --registration-only does not rank the trigram rule's thresholds: its top 5 uses this one.
REGISTRATION_ONLY_TRIGRAM = 0.5
SCALE_DB = "sutura_bench"


def setup(database: str) -> None:
    os.environ["SUTURA_DB_NAME"] = database
    os.environ["DJANGO_SETTINGS_MODULE"] = "sutura.settings.demo"
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import CommandError, call_command

    try:
        call_command("migrate", verbosity=0)
    except CommandError as error:  # e.g. two branches' data migrations not merged yet
        print(f"migrate failed, running on the schema as it is: {error}", flush=True)


def ms(samples: list[float]) -> str:
    if not samples:
        return "—"
    return f"{statistics.median(samples):.0f} / {percentile(samples, 0.95):.0f} ms"


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "—"


# ----------------------------------------------------------------------------- one size
def sutura_pairs(organisation_id: Any, record_of_person: dict[uuid.UUID, int]) -> Any:
    """Sutura's batch model on the organisation's people; None when it is not there yet."""
    try:
        matching: Any = importlib.import_module("sutura.people.matching")
    except ImportError:
        return None
    predict = getattr(matching, "predict_pairs", None)
    if predict is None:
        try:
            predict = importlib.import_module("sutura.people.match_splink").predict_pairs
        except ImportError:
            return None
    from sutura.people.models import Person

    people = Person.objects.filter(organisation_id=organisation_id).prefetch_related("documents")
    rows = matching.person_rows(people, filled_from=matching.load_params())
    found = predict(rows)
    by_id = {str(k): v for k, v in record_of_person.items()}
    return {metrics.pair(by_id[p.id_l], by_id[p.id_r]) for p in found}


def csv_people(rows: list[dict[str, str]], first_id: int) -> list[dict[str, Any]]:
    """A list of spellings (the names engineer's, or `--spellings`) as extra people on file,
    each searched by its variant."""
    out: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        out.append(
            {
                "family_name": row["family_name"],
                "given_names": row["given_names"],
                "sex": "not_stated",
                "birth_date": None,
                "birth_date_estimated": False,
                "phone": "",
                "other_phones": [],
                "document_type": "",
                "document_number": "",
                "place": "SN",
                "entity_id": -1 - i,
                "record_id": first_id + i,
                "errors": [],
                "trap": "",
                "true_name": f"{row['given_names']} {row['family_name']}",
                "searched": row["searched"],
                "kind": row.get("kind", ""),
            }
        )
    return out


def run_size(n: int, args: argparse.Namespace) -> dict[str, Any]:

    if args.records:  # someone else's records: their size, not n
        records = external.read_records(Path(args.records))
        n = len(records)
    else:
        records = generate(n, seed=args.seed)
    out: dict[str, Any] = {"n": n}
    truth = metrics.true_pairs(records)
    out["true_pairs"] = len(truth)
    out["people"] = len({r["entity_id"] for r in records})
    spellings = (
        external.read_spellings(Path(args.spellings))
        if args.spellings
        else search_recall.variants_csv(ROOT)
    )
    extra = csv_people(spellings, n)
    everyone = records + extra
    entity_of_record = {r["record_id"]: r["entity_id"] for r in everyone}
    print(f"\n## {n:,} records ({out['people']:,} people, {len(truth):,} true pairs)", flush=True)

    # Pairwise: plain Splink (no database).
    if args.skip_splink or args.registration_only or args.only_search:
        out["splink"] = None
    else:
        begin = time.monotonic()
        out["splink"] = metrics.score(plain_splink.predict(records), truth)
        out["splink_s"] = time.monotonic() - begin
        print(f"plain Splink: {out['splink'].cells()} in {out['splink_s']:.0f} s", flush=True)

    # The people in PostgreSQL, one organisation.
    user = registry.benchmark_user()
    begin = time.monotonic()
    if args.reuse_loaded:  # the same records already in the database (same size and seed)
        ids = registry.loaded_ids(everyone, seed=args.seed)
    else:
        ids = registry.load(everyone, user, seed=args.seed)
    out["load_s"] = time.monotonic() - begin
    person_of_record = {v: k for k, v in ids.items()}
    print(f"loaded in {out['load_s']:.0f} s", flush=True)

    # Pairwise: Sutura's batch model.
    begin = time.monotonic()
    try:
        found = (
            None
            if args.registration_only or args.only_search
            else sutura_pairs(user.organisation_id, ids)
        )
    except Exception as error:  # a model still being written: say so, measure the rest
        print(f"Sutura batch model failed: {error!r}", flush=True)
        out["sutura_error"] = repr(error)
        found = None
    out["sutura_s"] = time.monotonic() - begin
    if found is not None:
        found = {p for p in found if p[0] < n and p[1] < n}
        out["sutura"] = metrics.score(found, truth)
        out["sutura_missed"] = metrics.missed_by_error(found, truth, records)
        out["sutura_false"] = metrics.false_by_trap(found, truth, records)
        print(f"Sutura batch: {out['sutura'].cells()} in {out['sutura_s']:.0f} s", flush=True)
    else:
        out["sutura"] = None

    # Pairwise: the plain trigram rule (best threshold).
    plain_trigram.load(everyone)
    if args.only_search:
        return search_only(out, records, extra, everyone, ids, user, args)
    begin = time.monotonic()
    scores = (
        {REGISTRATION_ONLY_TRIGRAM: metrics.Score(0, 0, len(truth))}
        if args.registration_only
        else plain_trigram.scores_by_threshold(n, len(truth))
    )
    out["trigram_s"] = time.monotonic() - begin
    best = max(scores, key=lambda t: scores[t].f1)
    out["trigram"], out["trigram_t"] = scores[best], best
    out["trigram_all"] = {t: s.cells() for t, s in scores.items()}
    print(f"trigram: {out['trigram_all']} in {out['trigram_s']:.0f} s", flush=True)

    # At registration: someone on file registered again; someone new.
    _by_entity, on_file, new = sample(records, args)
    record_of_person = ids
    check = registry.ask_check(user, on_file, person_of_record, record_of_person, entity_of_record)
    false_alarm = registry.ask_new(user, new, person_of_record)
    out["check"], out["check_new"] = check, false_alarm
    out["check_missed_errors"] = Counter(e for r in check.missed for e in set(r["errors"]))
    out["check_errors_all"] = Counter(e for r in on_file for e in set(r["errors"]))
    found5, shown, times = plain_trigram.top5(on_file, entity_of_record, threshold=best)
    _found_new, shown_new, times_new = plain_trigram.top5(new, entity_of_record, threshold=best)
    out["trigram_check"] = (found5, shown, len(on_file), shown_new, len(new), times + times_new)
    print(
        f"top 5: Sutura {pct(check.top5, check.asked)}, trigram {pct(found5, len(on_file))}",
        flush=True,
    )

    if not (args.registration_only or args.skip_search):
        search_part(out, records, extra, everyone, person_of_record, user, on_file)
    return out


def sample(
    records: list[dict[str, Any]], args: argparse.Namespace
) -> tuple[dict[int, list[dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The records registered again (people with other files) and the new people."""
    rng = random.Random(args.seed)
    by_entity: dict[int, list[dict[str, Any]]] = {}
    for r in records:
        by_entity.setdefault(r["entity_id"], []).append(r)
    on_file = [rng.choice(rs) for rs in by_entity.values() if len(rs) > 1]
    on_file = rng.sample(on_file, min(args.sample, len(on_file)))
    new = [rs[0] for rs in by_entity.values() if len(rs) == 1]
    new = rng.sample(new, min(args.sample // 2, len(new)))
    return by_entity, on_file, new


def search_only(
    out: dict[str, Any],
    records: list[dict[str, Any]],
    extra: list[dict[str, Any]],
    everyone: list[dict[str, Any]],
    ids: dict[uuid.UUID, int],
    user: Any,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """--only-search: the search recall part alone (the same records searched)."""
    _by_entity, on_file, _new = sample(records, args)
    person_of_record = {v: k for k, v in ids.items()}
    search_part(out, records, extra, everyone, person_of_record, user, on_file)
    return out


def as_written(text: str) -> frozenset[str]:
    """A name as written, for the namesake rule: its keys, in any order."""
    from sutura.people.names import skeleton

    return frozenset(skeleton(text).split())


def namesake_key(record: dict[str, Any]) -> Any:
    """Who counts as a namesake of the record's person: the same true name, folded; where the
    data gives no true name (`external.read_records`), nobody but the person."""
    from sutura.people.names import skeleton

    if not record["true_name"]:
        return ("person", record["entity_id"])
    return skeleton(record["true_name"])


def search_part(
    out: dict[str, Any],
    records: list[dict[str, Any]],
    extra: list[dict[str, Any]],
    everyone: list[dict[str, Any]],
    person_of_record: dict[int, uuid.UUID],
    user: Any,
    on_file: list[dict[str, Any]],
) -> None:

    by_entity: dict[int, list[dict[str, Any]]] = {}
    for r in records:
        by_entity.setdefault(r["entity_id"], []).append(r)
    # Search recall in the first 10: the written names of the sampled records, then the
    # names engineer's variants placed among the generated people.
    namesakes: dict[str, set[int]] = {}
    written: dict[frozenset[str], set[int]] = {}
    for r in everyone:
        namesakes.setdefault(namesake_key(r), set()).add(r["record_id"])
        written.setdefault(as_written(f"{r['given_names']} {r['family_name']}"), set()).add(
            r["record_id"]
        )
    files = {e: {r["record_id"] for r in rs} for e, rs in by_entity.items()}
    generated_q: list[search_recall.Query] = []
    # The same, with the birth year the record gives typed after the name ("Mamadou Diallo
    # 1995": people.search.year_bonus), as a caseworker may narrow a common name.
    with_year_q: list[search_recall.Query] = []
    for r in on_file:
        text = f"{r['given_names']} {r['family_name']}"
        wanted = files[r["entity_id"]] - {r["record_id"]}
        others = namesakes[namesake_key(r)] - files[r["entity_id"]]
        same = written[as_written(text)] - files[r["entity_id"]]
        generated_q.append((text, wanted, others, same, {r["record_id"]}))
        year = f" {r['birth_date'].year}" if r["birth_date"] else ""
        with_year_q.append((text + year, wanted, others, same, {r["record_id"]}))
    csv_q: list[search_recall.Query] = []
    for r in extra:  # namesakes among the generated people do not count against the search
        wanted = {r["record_id"]}
        others = namesakes[namesake_key(r)] - wanted
        csv_q.append(
            (
                r["searched"],
                wanted,
                others,
                written.get(as_written(r["searched"]), set()) - wanted,
                set(),
            )
        )
    out["search"] = {}
    for label, queries in (
        ("generated", generated_q),
        ("generated_year", with_year_q),
        ("csv", csv_q),
    ):
        if not queries:
            continue

        def people(ids: set[Any]) -> set[Any]:
            return {person_of_record[i] for i in ids}

        as_people = [
            (text, people(wanted), people(others), people(same), people(own))
            for text, wanted, others, same, own in queries
        ]
        out["search"][label] = (
            search_recall.sutura_recall(user, as_people),
            search_recall.trigram_recall(queries, threshold=0.3),
        )
        s, t = out["search"][label]
        print(
            f"search recall ({label}): Sutura {s.share:.3f} ({s.share_written:.3f} written "
            f"forgiven, {s.share_raw:.3f} raw), trigram {t.share:.3f} ({t.share_written:.3f}, "
            f"{t.share_raw:.3f})",
            flush=True,
        )


# ----------------------------------------------------------------------------- at scale
SCALE_NAMES = [
    ("Mamadou", "Diallo"),
    ("Fatoumata", "Traoré"),
    ("Aminata", "Ndiaye"),
    ("Ibrahima", "Sow"),
    ("Moussa", "Coulibaly"),
    ("Awa", "Diop"),
]


def run_scale(args: argparse.Namespace) -> dict[str, Any]:
    """Lookup time of the registration check among a million people (own database)."""
    from django.core.management import call_command
    from django.db import connection

    from sutura.accounts.models import User
    from sutura.people.duplicates import find_possible_duplicates
    from sutura.people.models import Person

    out: dict[str, Any] = {"persons": args.persons, "seed_s": 0.0, "refreshed": 0}
    out["refresh_s"] = 0.0
    if not args.scale_as_is:
        begin = time.monotonic()
        call_command("seed_demo", persons=args.persons, quiet_logins=True)
        out["seed_s"] = time.monotonic() - begin
        begin = time.monotonic()
        out["refreshed"] = refresh_keys()
        out["refresh_s"] = time.monotonic() - begin
    # After a bulk load, as autovacuum leaves a registry in use: the visibility map set (the
    # key table's index-only scans read no heap) and the seeding's dead rows gone. Without it,
    # a lookup right after seeding took 75–84 ms at p95 instead of 63 (2026-12-07).
    # (--scale-as-is measures the database as it is: analysed only.)
    begin = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if args.scale_as_is else "VACUUM ANALYZE")
    out["vacuum_s"] = 0.0 if args.scale_as_is else time.monotonic() - begin
    out["people"] = Person.objects.count()
    user = User.objects.get(username="casemanager")
    # Registrations: people on file written another way, new people, very common names;
    # half with a phone.
    rng = random.Random(args.seed)
    generated = generate(args.lookups, seed=args.seed + 1)
    # The same people at each run of a seed (two runs compare, before and after a change).
    ids = sorted(Person.objects.filter(organisation=user.organisation).values_list("id", flat=True))
    chosen = rng.sample(ids, min(args.lookups // 3, len(ids)))
    found_people = Person.objects.in_bulk(chosen)
    sample: list[dict[str, Any]] = [
        {
            "given_names": p.given_names,
            "family_name": p.family_name,
            "birth_date": p.birth_date,
            "birth_date_estimated": p.birth_date_estimated,
            "phone": p.phone,
        }
        for p in (found_people[pk] for pk in chosen if pk in found_people)
    ]
    queries: list[tuple[str, dict[str, Any]]] = []
    for i, r in enumerate(generated[: args.lookups // 3]):
        queries.append(("new", registry.registration(r)))
        if i % 2:
            queries[-1][1]["phones"] = []
    for i, p in enumerate(sample):
        given = generated[i]["given_names"] if i % 5 == 0 else p["given_names"]
        queries.append(
            (
                "on file",
                {
                    "family_name": p["family_name"].upper() if i % 3 else p["family_name"],
                    "given_names": given,
                    "birth_date": p["birth_date"],
                    "birth_date_estimated": p["birth_date_estimated"],
                    "phones": [p["phone"]] if p["phone"] and i % 2 else [],
                    "document_numbers": [],
                },
            )
        )
    for i in range(args.lookups - len(queries)):
        given, family = rng.choice(SCALE_NAMES)
        queries.append(
            (
                "common name",
                {
                    "family_name": family,
                    "given_names": given,
                    "birth_date": generated[i]["birth_date"].replace(month=1, day=1)
                    if generated[i]["birth_date"]
                    else None,
                    "birth_date_estimated": True,
                    "phones": [generated[i]["phone"]] if generated[i]["phone"] and i % 2 else [],
                    "document_numbers": [],
                },
            )
        )
    find_possible_duplicates(user, **queries[0][1])  # warm-up
    times: dict[str, list[float]] = {}
    sql_times: dict[str, list[float]] = {}
    shown: Counter[str] = Counter()
    answers: list[Any] = []
    in_sql = [0.0]

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_sql[0] += time.perf_counter() - begin

    with connection.execute_wrapper(timed):
        for kind, query in queries:
            in_sql[0] = 0.0
            begin = time.perf_counter()
            found = find_possible_duplicates(user, **query)
            elapsed = (time.perf_counter() - begin) * 1000
            phone = "with phone" if query["phones"] else "no phone"
            for key in ("all", kind, phone):
                times.setdefault(key, []).append(elapsed)
                sql_times.setdefault(key, []).append(in_sql[0] * 1000)
            shown[kind] += bool(found)
            answers.append([kind, [[str(c.person.pk), round(c.probability, 9)] for c in found]])
    out["times"] = times
    out["sql_times"] = sql_times
    out["shown"] = dict(shown)
    out["load"] = os.getloadavg()
    if args.scale_answers:  # what each lookup answered: two runs compare
        Path(args.scale_answers).write_text(json.dumps(answers))
    out["trigram_times"] = trigram_at_scale(user, [q for _k, q in queries])
    return out


def refresh_keys() -> int:
    """Bring what `Person.save()` derives (search key, blocking keys, the name index) up to
    the code being measured, for people bulk-copied by an older `seed_demo` (or none): the
    check must find its candidates as in production. Returns how many people changed."""
    from django.db import connection, transaction

    from sutura.people.models import Person

    changed: list[tuple[str, str, list[str]]] = []
    people = Person.objects.only(
        "id", "given_names", "family_name", "aliases", "birth_date", "birth_date_estimated",
        "search_key", "block_keys",
    )  # fmt: skip
    for person in people.iterator(chunk_size=10_000):
        key, blocks = person.search_key, list(person.block_keys)
        registry.derive(person)
        if person.search_key != key or list(person.block_keys) != blocks:
            changed.append((str(person.pk), person.search_key, list(person.block_keys)))
    if not changed:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_keys (id uuid, search_key text, block_keys text[]) "
            "ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY bench_keys FROM STDIN") as copy:
            for row in changed:
                copy.write_row(row)
        cursor.execute(
            "UPDATE people_person p SET search_key = k.search_key, block_keys = k.block_keys "
            "FROM bench_keys k WHERE k.id = p.id"
        )
        cursor.execute(
            "DELETE FROM people_personnameword w USING bench_keys k WHERE w.person_id = k.id"
        )
        cursor.execute(
            "INSERT INTO people_personnameword (organisation_id, person_id, word) "
            "SELECT p.organisation_id, p.id, word FROM bench_keys k JOIN people_person p "
            "ON p.id = k.id, unnest(string_to_array(k.search_key, ' ')) AS word WHERE word <> ''"
        )
        cursor.execute(
            "INSERT INTO people_nameword (word, phonetic, people) "
            "SELECT DISTINCT word, '', 0 FROM people_personnameword ON CONFLICT DO NOTHING"
        )
        registry.refresh_word_counts(cursor)
    return len(changed)


def trigram_at_scale(user: Any, queries: list[dict[str, Any]]) -> list[float]:
    """The plain rule's lookup among the million: the 5 most similar names in the
    organisation (its own trigram index on the name as written)."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_plain_person_name_trgm ON people_person "
            "USING gin ((given_names || ' ' || family_name) gin_trgm_ops)"
        )
        cursor.execute("ANALYZE people_person")
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', '0.5', false)")
        for q in queries:
            text = f"{q['given_names']} {q['family_name']}"
            begin = time.perf_counter()
            cursor.execute(
                "SELECT id FROM people_person WHERE (given_names || ' ' || family_name) %% %s "
                "AND organisation_id = %s "
                "ORDER BY similarity(given_names || ' ' || family_name, %s) DESC LIMIT 5",
                [text, user.organisation_id, text],
            )
            cursor.fetchall()
            times.append((time.perf_counter() - begin) * 1000)
    return times


# ----------------------------------------------------------------------------- report
def table(result: dict[str, Any]) -> str:
    if "check" not in result:  # --only-search
        return _rows(result, search_rows(result))
    s, sp, tg = result.get("sutura"), result.get("splink"), result["trigram"]
    check, new = result["check"], result["check_new"]
    found5, shown, asked, shown_new, asked_new, tg_times = result["trigram_check"]

    def cell(score: Any, i: int) -> str:
        return score.cells()[i] if score is not None else "n/a"

    rows = [
        ("pairwise precision", cell(s, 0), cell(sp, 0), cell(tg, 0), "≥ 0.90 at 100,000"),
        ("pairwise recall", cell(s, 1), cell(sp, 1), cell(tg, 1), ""),
        ("pairwise F1", cell(s, 2), cell(sp, 2), cell(tg, 2), "≥ 0.75 at 100,000"),
        (
            "pairs predicted (true: {:,})".format(result["true_pairs"]),
            f"{s.predicted:,}" if s else "n/a",
            f"{sp.predicted:,}" if sp else "n/a",
            f"{tg.predicted:,} (t = {result['trigram_t']})",
            "",
        ),
        (
            "time to score every pair",
            f"{result['sutura_s']:.0f} s" if s else "n/a",
            f"{result['splink_s']:.0f} s" if sp else "n/a",
            f"{result['trigram_s']:.0f} s",
            "",
        ),
        (
            f"registration: true match in top 5 (n={check.asked:,})",
            pct(check.top5, check.asked),
            "—",
            pct(found5, asked),
            "≥ 95 %",
        ),
        ("registration: true match first", pct(check.first, check.asked), "—", "—", ""),
        (
            "candidates shown, person on file",
            pct(check.shown, check.asked),
            "—",
            pct(shown, asked),
            "",
        ),
        (
            f"candidates shown, person not on file (n={new.asked:,})",
            pct(new.shown, new.asked),
            "—",
            pct(shown_new, asked_new),
            "rare",
        ),
        (
            "registration check p50 / p95",
            ms(check.times_ms + new.times_ms),
            "—",
            ms(tg_times),
            "",
        ),
    ]
    return _rows(result, rows + search_rows(result))


def search_rows(result: dict[str, Any]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for label, key in (
        ("generated variants", "generated"),
        ("generated variants, birth year typed too", "generated_year"),
        ("names' variant list", "csv"),
    ):
        if key in result.get("search", {}):
            su, tr = result["search"][key]
            rows.append(
                (
                    f"search recall, first 10, {label} (n={su.asked:,})",
                    f"{100 * su.share:.1f} % / {100 * su.share_written:.1f} % "
                    f"({100 * su.share_raw:.1f} %)",
                    "—",
                    f"{100 * tr.share:.1f} % / {100 * tr.share_written:.1f} % "
                    f"({100 * tr.share_raw:.1f} %)",
                    "≥ 95 %",
                )
            )
    return rows


def _rows(result: dict[str, Any], rows: list[tuple[str, ...]]) -> str:
    lines = [
        f"### {result['n']:,} records ({result['people']:,} people)",
        "",
        "| measure | Sutura | plain Splink | plain trigram | target |",
        "|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def diagnostics(result: dict[str, Any]) -> str:
    lines = [f"### What Sutura misses at {result['n']:,}"]
    if "check" not in result:  # --only-search
        for key, (su, _tr) in result["search"].items():
            lines.append(f"\nSearch ({key}), misses: " + "; ".join(su.missed))
        return "\n".join(lines)
    if result.get("sutura") is not None:
        lines.append("\nBatch model, recall by kind of error in either record of a true pair:")
        lines.append("| error | true pairs | found | recall |\n|---|---|---|---|")
        for kind, total, hit, share in result["sutura_missed"]:
            lines.append(f"| {kind} | {total:,} | {hit:,} | {share:.2f} |")
        lines.append("\nBatch model, wrong pairs by what joined them:")
        for trap, count in result["sutura_false"].most_common():
            lines.append(f"- {trap}: {count:,}")
    check = result["check"]
    total = result["check_errors_all"]
    if total:
        lines.append(
            f"\nRegistration check, top-5 misses ({len(check.missed)} of {check.asked}): "
            "errors the query record carried (share of misses / share of all queries):"
        )
    else:
        lines.append(
            f"\nRegistration check, top-5 misses ({len(check.missed)} of {check.asked}): the "
            "records label no errors (someone else's file), so none is counted."
        )
    for kind, count in result["check_missed_errors"].most_common(12):
        lines.append(
            f"- {kind}: {count / max(len(check.missed), 1):.0%} / "
            f"{total[kind] / max(check.asked, 1):.0%}"
        )
    if check.stages:
        lines.append("\nRegistration check, where each top-5 miss was lost:")
        for stage, text in registry.STAGES.items():
            lines.append(f"- {text}: {check.stages.get(stage, 0)}")
    new = result["check_new"]
    if new.shown_levels:
        lines.append(
            f"\nRegistration check, people not on file shown a list ({new.shown} of "
            f"{new.asked}): the first candidate's probability and reasons (commonest 10):"
        )
        for text, count in new.shown_levels.most_common(10):
            lines.append(f"- {count}: {text}")
    for key, (su, _tr) in result.get("search", {}).items():
        if su.missed:
            lines.append(f"\nSearch ({key}), some misses: " + "; ".join(su.missed[:15]))
    return "\n".join(lines)


def scale_table(result: dict[str, Any]) -> str:
    times = result["times"]
    lines = [
        f"### Registration check among {result['people']:,} people "
        + (
            f"(seed_demo {result['seed_s']:.0f} s; block keys filled by the bench for "
            f"{result['refreshed']:,} in {result['refresh_s']:.0f} s"
            if result["seed_s"]
            else "(the scale database as it was: --scale-as-is"
        )
        + (f"; VACUUM ANALYZE {result['vacuum_s']:.0f} s)" if result.get("vacuum_s") else ")"),
        "",
        "| lookups | Sutura p50 / p95 | of which in SQL, p50 / p95 | max | candidates shown |",
        "|---|---|---|---|---|",
    ]
    sql_times = result.get("sql_times", {})
    for key in ("all", "on file", "new", "common name", "with phone", "no phone"):
        if key in times:
            shown = result["shown"].get(key)
            lines.append(
                f"| {key} (n={len(times[key])}) | {ms(times[key])} | "
                f"{ms(sql_times.get(key, []))} | {max(times[key]):.0f} ms | "
                f"{'' if shown is None else pct(shown, len(times[key]))} |"
            )
    lines.append(
        f"| plain trigram rule, all (n={len(result['trigram_times'])}) | "
        f"{ms(result['trigram_times'])} | | {max(result['trigram_times']):.0f} ms | |"
    )
    if result.get("load"):
        lines.append(
            "\nLoad average during the lookups (1, 5, 15 min): "
            + ", ".join(f"{x:.1f}" for x in result["load"])
            + f" on {os.cpu_count()} cores."
        )
    lines.append("\nTarget: ≤ 50 ms p95 at 1,000,000 people.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--records",
        metavar="CSV",
        help="measure on these records instead of generated ones: a CSV with a person id (the "
        "ground truth) and names, read by external.py (--sizes is then ignored)",
    )
    parser.add_argument(
        "--spellings",
        metavar="CSV",
        help="the spellings searched by (given_names, family_name, searched, kind) instead of "
        "sutura/people/tests/data/spelling_variants.csv",
    )
    parser.add_argument("--sample", type=int, default=1000, help="registrations asked")
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument(
        "--reuse-loaded",
        action="store_true",
        help="the people of a previous run of the same size and seed are in the database: "
        "do not load them again",
    )
    parser.add_argument(
        "--registration-only",
        action="store_true",
        help="only the registration check (no pairwise scores, no search recall)",
    )
    parser.add_argument(
        "--only-search", action="store_true", help="load the people, measure search recall only"
    )
    parser.add_argument(
        "--skip-search",
        action="store_true",
        help="no search recall (the pairwise scores and the registration check only)",
    )
    parser.add_argument("--database", default=os.environ.get("SUTURA_DB_NAME", DEFAULT_DB))
    parser.add_argument("--at-scale", action="store_true", help="lookup time at --persons")
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--scale-database", default=SCALE_DB)
    parser.add_argument(
        "--scale-as-is",
        action="store_true",
        help="measure on the scale database as it is: no seeding, no refresh of the keys "
        "(a copy of a database the bench seeded and refreshed before, timed again)",
    )
    parser.add_argument(
        "--scale-answers", metavar="JSON", help="write the candidates of each lookup at scale"
    )
    parser.add_argument("--scale-only", metavar="JSON", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.scale_only:  # the child process of --at-scale, in the scale database
        setup(args.scale_database)
        result = run_scale(args)
        Path(args.scale_only).write_text(json.dumps(result))
        return

    started = time.monotonic()
    if args.records:
        args.sizes = [0]  # one run, the file's size
        external.read_records(Path(args.records))  # a file refused before anything is loaded
    if args.spellings:
        external.read_spellings(Path(args.spellings))
    setup(args.database)
    results = []
    for n in args.sizes:
        results.append(run_size(n, args))
        print("\n" + table(results[-1]) + "\n", flush=True)  # each size as soon as it is done
    scale = None
    if args.at_scale:
        out = Path(tempfile.mkstemp(suffix=".json")[1])
        command = [
            sys.executable,
            __file__,
            "--scale-only",
            str(out),
            *("--persons", str(args.persons), "--lookups", str(args.lookups)),
            *("--seed", str(args.seed), "--scale-database", args.scale_database),
            *(["--scale-as-is"] if args.scale_as_is else []),
            *(["--scale-answers", args.scale_answers] if args.scale_answers else []),
        ]
        begin = time.monotonic()
        subprocess.run(command, check=True)  # noqa: S603 - our own script
        scale = json.loads(out.read_text())
        scale["wall_s"] = time.monotonic() - begin
        out.unlink()

    print("\n\n# Duplicate detection benchmark\n")
    for result in results:
        print(table(result), "\n")
    if scale:
        print(scale_table(scale), f"\n\n(--at-scale took {scale['wall_s']:.0f} s)\n")
    for result in results:
        print(diagnostics(result), "\n")
    print(f"Total: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except external.BadFile as refused:  # a file that cannot be measured: what is wrong, only
        sys.exit(f"Nothing measured. {refused}")
