"""The charts alone (no database): valid SVG, the numbers read aloud, "<5" drawn as no bar,
the map's circles at the regions' capitals and none for a region it cannot place."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from types import SimpleNamespace

from sutura.dashboards import charts
from sutura.dashboards.charts import Point

NS = "{http://www.w3.org/2000/svg}"


def _svg(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - our own output


def test_bars_draw_a_bar_per_number_and_none_for_a_hidden_count() -> None:
    root = _svg(charts.bars("Cases", [Point("a", "Female", 12), Point("b", "Male", "<5")]))
    assert root.get("role") == "img"
    assert root.find(f"{NS}title").text == "Cases"  # type: ignore[union-attr]
    assert root.get("aria-label") == "Cases: Female 12; Male <5"
    assert len(root.findall(f"{NS}rect")) == 1
    assert "<5" in [t.text for t in root.findall(f"{NS}text")]


def test_a_trend_has_one_column_per_step_and_a_stub_for_a_hidden_one() -> None:
    steps = [Point("2031-01", "Jan", 3), Point("2031-02", "Feb", "<5"), Point("2031-03", "Mar", 0)]
    root = _svg(charts.trend("Referrals", steps))
    rects = root.findall(f"{NS}rect")
    assert len(rects) == 3
    assert rects[1].get("height") == "3"  # the hidden one: a stub, not a zero, not a value


def test_the_map_places_known_regions_and_leaves_out_the_others() -> None:
    dakar = SimpleNamespace(country_code="SN", iso_code="SN-DK", name_fr="Dakar")
    kita = SimpleNamespace(country_code="ML", iso_code=None, name_fr="Kita")
    nowhere = SimpleNamespace(country_code="SN", iso_code="SN-XX", name_fr="Nulle part")
    points = [Point("1", "Dakar", 40), Point("2", "Kita", 10), Point("3", "Nulle part", 7)]
    root = _svg(charts.admin1_map("Cases", points, {"1": dakar, "2": kita, "3": nowhere}))
    titled = [c for c in root.iter(f"{NS}circle") if c.find(f"{NS}title") is not None]
    titles = [c.findtext(f"{NS}title") or "" for c in titled]
    assert sorted(titles) == ["Dakar 40", "Kita 10"]
    big, small = sorted(titled, key=lambda c: -float(c.get("r", 0)))
    assert big.findtext(f"{NS}title") == "Dakar 40"
    # Dakar lies west of Kita
    assert float(big.get("cx", 0)) < float(small.get("cx", 0))


def test_nothing_to_draw_draws_nothing() -> None:
    assert charts.bars("x", []) == ""
    assert charts.trend("x", []) == ""
    assert charts.admin1_map("x", [Point("1", "?", 3)], {}) == ""
