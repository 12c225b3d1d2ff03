"""Search recall in the first 10: is the person searched for by another spelling on page 1?

A namesake (another person with the very same true name) ranked ahead is not held against the
search: no name search can tell two Aminata Sow apart. So a query counts as found when one of
the person's files ranks within 10 + (namesakes ranked ahead of it).
"""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection

from dedup.plain_trigram import set_threshold

VARIANTS_CSV = Path("sutura/people/tests/data/spelling_variants.csv")
DEPTH = 60


@dataclass
class Recall:
    asked: int = 0
    found: int = 0  # within 10, namesakes ahead not counted
    found_raw: int = 0  # within the first 10 as listed
    missed: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.found / self.asked if self.asked else 0.0

    @property
    def share_raw(self) -> float:
        return self.found_raw / self.asked if self.asked else 0.0


def _judge(
    result: Recall, ranked: list[Any], wanted: set[Any], namesake: set[Any], query: str
) -> None:
    result.asked += 1
    ahead = 0
    for rank, item in enumerate(ranked):
        if item in wanted:
            result.found += rank < 10 + ahead
            result.found_raw += rank < 10
            if rank >= 10 + ahead:
                result.missed.append(query)
            return
        ahead += item in namesake
    result.missed.append(query)


def sutura_recall(
    user: Any,
    queries: list[tuple[str, set[uuid.UUID], set[uuid.UUID]]],
) -> Recall:
    """queries: (typed text, the person's files, namesakes' files)."""
    from sutura.people.search import closest_people

    result = Recall()
    for text, wanted, namesakes in queries:
        ranked = closest_people(user, text, limit=DEPTH)
        _judge(result, ranked, wanted, namesakes, text)
    return result


def trigram_recall(queries: list[tuple[str, set[int], set[int]]], *, threshold: float) -> Recall:
    """The plain rule as a search: names by trigram similarity to the typed text."""
    result = Recall()
    with connection.cursor() as cursor:
        set_threshold(cursor, threshold)
        for text, wanted, namesakes in queries:
            cursor.execute(
                "SELECT record_id FROM bench_plain_names WHERE name %% %s "
                "ORDER BY similarity(name, %s) DESC, record_id LIMIT %s",
                [text, text, DEPTH],
            )
            _judge(result, [row[0] for row in cursor.fetchall()], wanted, namesakes, text)
    return result


def variants_csv(root: Path) -> list[dict[str, str]]:
    """The names engineer's spelling variants (given_names, family_name, searched, kind)."""
    path = root / VARIANTS_CSV
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
