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
