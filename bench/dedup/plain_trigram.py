"""The plainest rule: two records are the same person when PostgreSQL's trigram similarity of
their names (given names, then family name, as written) exceeds a threshold (pg_trgm).

Uses a table of its own (`bench_plain_names`, in the benchmark's database) with a trigram
index, and the `%` operator so the index finds the pairs. Django must be set up.
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
    """Pairwise scores at each threshold, counted in the database (one self-join at the
    lowest threshold; records numbered n and above are not part of the evaluation)."""
    counts = ", ".join(
        f"count(*) FILTER (WHERE s > {t}::real), count(*) FILTER (WHERE s > {t}::real AND same)"
        for t in thresholds
    )
    with connection.cursor() as cursor:
        set_threshold(cursor, min(thresholds))
        cursor.execute(
            f"SELECT {counts} FROM ("  # noqa: S608 - thresholds are our floats
            "  SELECT similarity(a.name, b.name) AS s, a.entity_id = b.entity_id AS same"
            "  FROM bench_plain_names a JOIN bench_plain_names b"
            "  ON a.name %% b.name AND a.record_id < b.record_id"
            "  WHERE a.record_id < %s AND b.record_id < %s"
            ") pairs",
            [n, n],
        )
        row = cursor.fetchone()
    assert row is not None
    return {
        t: Score(predicted=row[2 * i], correct=row[2 * i + 1], truth=truth)
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
