"""The report's bar charts carry their size as attributes: the content security policy refuses
style attributes, and a refused one left each chart as wide as the page."""

from __future__ import annotations

from sutura.reports.render import bar_chart


def test_a_bar_chart_has_no_style_attribute_and_keeps_its_size():
    chart = str(bar_chart([("Dakar", 12), ("Thiès", "<5"), ("Kolda", 3)]))
    assert "style=" not in chart
    assert 'width="320" height="58"' in chart and 'class="bar-chart"' in chart
    assert chart.count("<rect") == 3
    assert bar_chart([("Dakar", "<5")]) is None


def test_figures_are_written_in_the_language_and_read_back_as_numbers():
    from django.utils import translation

    from sutura.reports.render import _number, shown

    with translation.override("fr"):
        assert shown(3465000) == "3\u202f465\u202f000" or shown(3465000) == "3\u00a0465\u00a0000"
        assert _number(shown(3465000)) == 3465000
        assert _number(shown(12.5)) == 12.5
        assert _number("<5") == "<5" and _number("Dakar") == "Dakar"
    with translation.override("en"):
        assert shown(3465000) == "3,465,000"
        assert _number(shown(3465000)) == 3465000


def test_amounts_kept_as_strings_by_the_snapshot_are_grouped_too():
    """The snapshot keeps amounts as strings (no float rounding): the page read "Total :
    3465000" and "XOF 3465000" (browser walk). Labels stay as they are."""
    from django.utils import translation

    from sutura.reports.render import _number, budget_rows, shown

    with translation.override("en"):
        assert shown("3465000") == "3,465,000" and shown("-12.5") == "-12.5"
        assert shown("2026-Q1") == "2026-Q1" and shown("<5") == "<5"
        line = {
            "budget_line": "1.1",
            "currency": "XOF",
            **dict.fromkeys(
                ["amount", "planned", "committed", "disbursed", "remaining"], "3465000"
            ),
            "committed_percent": 75,
            "level": "ok",
        }
        (row,) = budget_rows({"budget": [line]})
        assert row[2:7] == ["3,465,000"] * 5
        assert _number(row[2]) == 3465000  # still a number in the workbook
