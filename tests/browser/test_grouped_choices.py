"""Ticks grouped under a heading (people under their organisation: `PeopleChoiceField`) stand
one per line on a phone: the house's stylesheet once laid a group's options in one row, 479 px
wide on a 360 px screen, names off-screen (the visit form)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms

from tests.browser.support import BROWSER_MARKS, SHOTS

pytestmark = BROWSER_MARKS
CSS = Path(__file__).resolve().parents[2] / "sutura" / "static" / "css" / "sutura.css"


def test_grouped_ticks_stand_one_per_line_at_360_px(browser: Any) -> None:
    groups = [
        ("Association des Jeunes Rapatriés de Kayes", [(1, "Oumar Maïga"), (2, "Rokia Sangaré")]),
        ("Croix-Rouge malienne", [(3, "Aminata Traoré"), (4, "Boubacar Keïta")]),
    ]
    field = forms.CheckboxSelectMultiple(choices=groups).render("people", [1])
    html = (
        f"<!doctype html><html><head><style>{CSS.read_text('utf-8')}</style></head><body><main>"
        f'<form><fieldset class="choices"><legend>Qui y est allé</legend>{field}</fieldset>'
        "</form></main></body></html>"
    )
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.set_content(html)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "grouped-choices-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    tops = page.evaluate(
        "() => [...document.querySelectorAll('input[type=checkbox]')]"
        ".map(box => Math.round(box.getBoundingClientRect().top))"
    )
    assert len(tops) == 4 and len(set(tops)) == 4  # each tick on a line of its own
