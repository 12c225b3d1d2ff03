"""A table too wide for a phone scrolls in its own box, and the box shows that it scrolls.

Lists (`table.list`) turn into cards at 360 px; every other table of a screen (figures, grids of
counts) sits in a `.table-scroll` box, which the stylesheet draws with a shadow on the edge
where more columns wait. PDF and e-mail templates are not screens."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

SUTURA = Path(settings.BASE_DIR) / "sutura"
STYLESHEET = SUTURA / "static" / "css" / "sutura.css"
TABLE = re.compile(r"<table\b[^>]*>")
# The last element opened before the table, skipping a caption of a form's fieldset
BOX_BEFORE = re.compile(r"<div\b[^>]*\bclass=\"[^\"]*\btable-scroll\b[^\"]*\"[^>]*>\s*$")


def screen_templates() -> list[Path]:
    return [
        path
        for path in sorted(SUTURA.rglob("templates/**/*.html"))
        if not {"pdf", "email", "emails"} & set(path.parts)
    ]


def test_every_wide_table_of_a_screen_sits_in_a_scrolling_box() -> None:
    loose = []
    for path in screen_templates():
        text = path.read_text(encoding="utf-8")
        for found in TABLE.finditer(text):
            if 'class="list' in found.group(0):
                continue
            if not BOX_BEFORE.search(text[: found.start()]):
                loose.append(f"{path.relative_to(SUTURA)}: {found.group(0)}")
    assert loose == []


def test_the_scrolling_box_shows_that_more_columns_follow() -> None:
    rule = re.search(r"\.table-scroll \{(.*?)\}", STYLESHEET.read_text(encoding="utf-8"), re.S)
    assert rule is not None
    assert "overflow-x: auto" in rule.group(1)
    # the shadow at the edge, and the cover that scrolls with the table to hide it at the end
    assert "radial-gradient" in rule.group(1) and "local" in rule.group(1)
