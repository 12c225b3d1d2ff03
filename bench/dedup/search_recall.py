"""Search recall in the first 10: is the person searched for by another spelling on page 1?

A namesake (another person with the very same true name) ranked ahead is not held against the
search: no name search can tell two Aminata Sow apart. So a query counts as found when one of
the person's files ranks within 10 + (namesakes ranked ahead of it). Nor, in the second
figure (`found_written`), is another person whose file is written as the query is (the same
words once folded, in any order): "MAMADOU DIALLO" typed for Mamadou Ibrahima Diallo cannot
list his files before the people registered as Mamadou Diallo. The file the query was read
from (`own`) is left out of the list: it is the search's answer only in the benchmark.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection

from dedup.plain_trigram import set_threshold

VARIANTS_CSV = Path("sutura/people/tests/data/spelling_variants.csv")
DEPTH = 200  # as deep as namesakes may be forgiven (search.RERANK)


@dataclass
class Recall:
    asked: int = 0
    found: int = 0  # within 10, namesakes ahead not counted
    found_raw: int = 0  # within the first 10 as listed
    found_written: int = 0  # within 10, namesakes and people written as the query not counted
    missed: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.found / self.asked if self.asked else 0.0

    @property
    def share_raw(self) -> float:
        return self.found_raw / self.asked if self.asked else 0.0

    @property
    def share_written(self) -> float:
        return self.found_written / self.asked if self.asked else 0.0


def _judge(
    result: Recall,
    ranked: list[Any],
    wanted: set[Any],
    namesake: set[Any],
    query: str,
    written: Collection[Any] = (),
    own: Collection[Any] = (),
) -> None:
    """Where the first of the person's files (`wanted`) is listed in `ranked`, the file the
    query was read from (`own`) left out; `namesake` and `written` (people whose file is
    written as the query) ranked ahead are forgiven, `written` in the second figure only."""
    result.asked += 1
    ahead = ahead_written = 0
    for rank, item in enumerate(item for item in ranked if item not in own):
        if item in wanted:
            result.found += rank < 10 + ahead
            result.found_raw += rank < 10
            result.found_written += rank < 10 + ahead_written
            if rank >= 10 + ahead:
                result.missed.append(query)
            return
        ahead += item in namesake
        ahead_written += item in namesake or item in written
    result.missed.append(query)


Query = tuple[str, set[Any], set[Any], set[Any], set[Any]]


def sutura_recall(user: Any, queries: list[Query]) -> Recall:
    """queries: (typed text, the person's files, namesakes' files, files written as the
    text, the file the text was read from)."""
    from sutura.people.search import closest_people

    result = Recall()
    for text, wanted, namesakes, written, own in queries:
        ranked = closest_people(user, text, limit=DEPTH + len(own))
        _judge(result, ranked, wanted, namesakes, text, written, own)
    return result


def trigram_recall(queries: list[Query], *, threshold: float) -> Recall:
    """The plain rule as a search: names by trigram similarity to the typed text."""
    result = Recall()
    with connection.cursor() as cursor:
        set_threshold(cursor, threshold)
        for text, wanted, namesakes, written, own in queries:
            cursor.execute(
                "SELECT record_id FROM bench_plain_names WHERE name %% %s "
                "ORDER BY similarity(name, %s) DESC, record_id LIMIT %s",
                [text, text, DEPTH + len(own)],
            )
            ranked = [row[0] for row in cursor.fetchall()]
            _judge(result, ranked, wanted, namesakes, text, written, own)
    return result


def variants_csv(root: Path) -> list[dict[str, str]]:
    """The names engineer's spelling variants (given_names, family_name, searched, kind)."""
    path = root / VARIANTS_CSV
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
