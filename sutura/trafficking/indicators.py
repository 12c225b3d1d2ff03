"""The indicator this app feeds: victims of trafficking identified in a period (presumed or
identified; a case counted once, by its latest identification of the period), by status, sex
and age group at identification. Counts over the user's organisation only
(`access.cases.cases_counted_for`: M&E officers and programme managers)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sutura.access.trafficking import identifications_counted

# Age at identification, the people app's bands.
AGE_GROUPS: list[tuple[str, int, int | None]] = [
    ("0_4", 0, 4),
    ("5_11", 5, 11),
    ("12_17", 12, 17),
    ("18_59", 18, 59),
    ("60_plus", 60, None),
]


def age_group(birth_date: date | None, on: date) -> str:
    if birth_date is None:
        return "unknown"
    years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for code, low, high in AGE_GROUPS:
        if years >= low and (high is None or years <= high):
            return code
    return "unknown"


def victims_identified(user: Any, start: date, end: date) -> dict[str, Any]:
    rows = identifications_counted(user, start, end)
    return {
        "total": len(rows),
        "by_status": dict(Counter(row["status"] for row in rows)),
        "by_sex": dict(Counter(row["case__person__sex"] for row in rows)),
        "by_age_group": dict(
            Counter(
                age_group(row["case__person__birth_date"], row["identified_on"]) for row in rows
            )
        ),
    }
