"""The plainest rule: two records are the same person when PostgreSQL's trigram similarity of
their names (given names, then family name, as written) exceeds a threshold (pg_trgm).

Uses a table of its own (`bench_plain_names`, in the benchmark's database) with a trigram
index, and the `%` operator so the index finds the pairs. Django must be set up.

The pairwise scores do not join the records with themselves: common names (235 "Mamadou
Diallo" among 100,000 records) made that self-join quadratic, and it did not finish in 20
minutes at 100,000 records. The similarity of two names depends only on their sets of
trigrams, so `scores_by_threshold` joins the distinct sets and weighs each pair of sets by
the pairs of records it stands for; the counts are the same.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection

from dedup.metrics import Score

THRESHOLDS = (0.5, 0.6, 0.7, 0.8)


def set_threshold(cursor: Any, threshold: float) -> None:
    """What `%` means for this session: similarity above `threshold`."""
    cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(threshold)])


def name(record: dict[str, Any]) -> str:
    return f"{record['given_names']} {record['family_name']}"


def load(records: list[dict[str, Any]]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_names")
        cursor.execute(
            "CREATE TABLE bench_plain_names (record_id integer PRIMARY KEY, entity_id integer, "
            "name text)"
        )
        with cursor.cursor.copy(
            "COPY bench_plain_names (record_id, entity_id, name) FROM STDIN"
        ) as copy:
            for r in records:
                copy.write_row((r["record_id"], r["entity_id"], name(r)))
        cursor.execute(
            "CREATE INDEX bench_plain_names_trgm ON bench_plain_names USING gin (name gin_trgm_ops)"
        )
        cursor.execute("ANALYZE bench_plain_names")


def scores_by_threshold(
    n: int, truth: int, thresholds: tuple[float, ...] = THRESHOLDS
) -> dict[float, Score]:
    """Pairwise scores at each threshold over the records numbered below n (the others are
    not part of the evaluation): the pairs whose `similarity` is above t (predicted) and, of
    those, the pairs of one entity (correct), as a self-join of the records on `a.name %
    b.name` at the lowest threshold would count them, without that self-join.

    Predicted: `similarity(a, b)` is a function of the trigram sets of a and b (`show_trgm`:
    "MAMADOU DIALLO" and "Mamadou Diallo" have the same), so the records are grouped by their
    set (one of its names stands for it) and the sets are joined with themselves on `%`
    (a trigram index of their own). Two sets with a and b records give a·b pairs; one set
    with k records gives k·(k−1)/2 pairs with itself, at the similarity of its name with
    itself (1, unless the name has no trigram). Correct: every pair of records of one entity
    (~1 per record) with its similarity, computed once; `> t` implies `%` at the lowest t.
    """
    predicted = ", ".join(f"sum(weight) FILTER (WHERE s > {t}::real)" for t in thresholds)
    correct = ", ".join(f"count(*) FILTER (WHERE s > {t}::real)" for t in thresholds)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_distinct_names")
        cursor.execute(  # one row per set of trigrams, named by one of its names
            "CREATE TEMPORARY TABLE bench_plain_distinct_names AS "
            "SELECT min(name) AS name, count(*) AS records FROM bench_plain_names "
            "WHERE record_id < %s GROUP BY show_trgm(name)",
            [n],
        )
        cursor.execute("CREATE INDEX ON bench_plain_distinct_names USING gin (name gin_trgm_ops)")
        cursor.execute("ANALYZE bench_plain_distinct_names")
        set_threshold(cursor, min(thresholds))
        cursor.execute(
            f"SELECT {predicted} FROM ("  # noqa: S608 - thresholds are our floats
            "  SELECT similarity(a.name, b.name) AS s, CASE WHEN a.name = b.name"
            "    THEN a.records * (a.records - 1) / 2 ELSE a.records * b.records END AS weight"
            "  FROM bench_plain_distinct_names a JOIN bench_plain_distinct_names b"
            "  ON a.name % b.name AND a.name <= b.name"  # no parameters: % is not doubled
            ") pairs"
        )
        predicted_row = cursor.fetchone()
        cursor.execute(
            f"SELECT {correct} FROM ("  # noqa: S608 - thresholds are our floats
            "  SELECT similarity(a.name, b.name) AS s"
            "  FROM bench_plain_names a JOIN bench_plain_names b"
            "  ON a.entity_id = b.entity_id AND a.record_id < b.record_id"
            "  WHERE a.record_id < %s AND b.record_id < %s"
            ") pairs",
            [n, n],
        )
        correct_row = cursor.fetchone()
        cursor.execute("DROP TABLE bench_plain_distinct_names")
    assert predicted_row is not None and correct_row is not None
    return {
        t: Score(predicted=int(predicted_row[i] or 0), correct=correct_row[i], truth=truth)
        for i, t in enumerate(thresholds)
    }


def top5(
    queries: list[dict[str, Any]], entity_of_record: dict[int, int], *, threshold: float
) -> tuple[int, int, list[float]]:
    """The rule at registration: the 5 most similar names (pg_trgm's default cut, 0.3), shown
    when above `threshold`. (true match among the 5, candidates shown, lookup times in ms)."""
    found = shown = 0
    times: list[float] = []
    with connection.cursor() as cursor:
        set_threshold(cursor, 0.3)
        for r in queries:
            begin = time.perf_counter()
            cursor.execute(
                "SELECT record_id, similarity(name, %s) AS s FROM bench_plain_names "
                "WHERE name %% %s AND record_id <> %s ORDER BY s DESC, record_id LIMIT 5",
                [name(r), name(r), r["record_id"]],
            )
            rows = cursor.fetchall()
            times.append((time.perf_counter() - begin) * 1000)
            shown += any(s > threshold for _i, s in rows)
            found += r["entity_id"] in {entity_of_record[i] for i, _s in rows}
    return found, shown, times
