"""Panels of one indicator drawn several ways say how each is broken down (the walk found three
panels titled "Cas enregistrés" that nothing told apart)."""

from __future__ import annotations

from django.utils import translation

from sutura.core.indicators import UNKNOWN
from sutura.dashboards.labels import natural_rank
from sutura.dashboards.selectors import _unless_said, by_text
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


def test_a_title_says_its_breakdown_once_in_plain_words():
    with translation.override("fr"):
        assert _unless_said("Cas par statut", by_text("status")) == ""
        assert _unless_said("Cas enregistrés", by_text("status")) == "par statut"
        assert _unless_said("Cas vulnérables par catégorie", by_text("vulnerability")) == ""
        assert _unless_said("Réunions parrainées", by_text("status")) == "par statut"
        assert by_text("admin1") == "par région"  # "(admin 1)" belongs to the filters


def test_cells_come_in_their_natural_order():
    ages = ["18-59", "5-11", UNKNOWN, "0-4", "60+", "12-17"]
    assert sorted(ages, key=natural_rank("age_group")) == [
        "0-4",
        "5-11",
        "12-17",
        "18-59",
        "60+",
        UNKNOWN,
    ]
    statuses = ["closed", UNKNOWN, "registered", "monitoring"]
    assert sorted(statuses, key=natural_rank("status")) == [
        "registered",
        "monitoring",
        "closed",
        UNKNOWN,
    ]
    weeks = ["2026-W40", UNKNOWN, "2026-W39"]  # as counted, unknown last
    assert sorted(weeks, key=natural_rank("week")) == ["2026-W40", "2026-W39", UNKNOWN]
