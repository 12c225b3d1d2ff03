"""Panels of one indicator drawn several ways say how each is broken down (the walk found three
panels titled "Cas enregistrés" that nothing told apart)."""

from __future__ import annotations

from django.utils import translation

from sutura.dashboards.selectors import by_text
from sutura.dashboards.sets import SETS


def test_each_breakdown_has_words_and_panels_of_one_indicator_differ():
    with translation.override("en"):
        assert by_text("age_group") == "by age group" and by_text("") == ""
        assert by_text("status") == "by status" and by_text("no-such-dimension") == ""
    with translation.override("fr"):
        assert by_text("week") == "par semaine"
    for dashboard in SETS:
        charts: dict[str, set[str]] = {}
        for panel in dashboard.panels:
            way = by_text(panel.by or {"map": "admin1", "trend": "week"}.get(panel.chart, ""))
            assert way not in charts.setdefault(panel.indicator, set()), (dashboard.code, panel)
            charts[panel.indicator].add(way)
