"""Review of issue 14: an attendance sheet is read all or nothing.

`sheets.read` reads only the first SUTURA_ATTENDANCE_MAX_ROWS + 2 lines of the sheet, then
drops blank lines. Participants written below blank lines past that point are silently left
out: the import "succeeds" with part of the sheet."""

from __future__ import annotations

from typing import Any

from sutura.meetings import sheets
from sutura.meetings.tests.helpers import raw_sheet


def test_review_lines_below_a_gap_are_not_silently_dropped(settings: Any) -> None:
    settings.SUTURA_ATTENDANCE_MAX_ROWS = 5
    header = ["Nom", "Organisation", "Catégorie", "Sexe", "Âge"]
    lines: list[list[Any]] = [header, ["Awa Ndiaye", "Mairie", "CBO", "F", "25-59"]]
    lines += [[None] * 5 for _ in range(10)]  # a gap of blank lines
    lines += [["Jean Diouf", "OIM", "UN agency", "H", "25-59"]]
    reading = sheets.read(raw_sheet(lines))
    # FAILS: reading.ok is True with one row; "Jean Diouf" (line 13) is dropped without an error
    assert not reading.ok or [r.name for r in reading.rows] == ["Awa Ndiaye", "Jean Diouf"]
