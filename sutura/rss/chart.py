"""A case's four scores over time as a small SVG line chart, drawn on the server (no script):
the geometry here, the drawing in `rss/chart.html`. 320 units wide, so it fits a 360 px
phone; the surveys sit evenly along the x axis in date order (a survey every few months: even
spacing reads better than a time scale with long gaps)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sutura.rss import texts
from sutura.rss.scoring import SCORES

WIDTH, HEIGHT = 320, 210
LEFT, RIGHT, TOP, BOTTOM = 30, 30, 10, 60  # the legend sits under the axis
COLOURS = {
    "economic": "#1b6ca8",
    "social": "#2e7d32",
    "psychosocial": "#8e44ad",
    "composite": "#222222",
}
DASHES = {"economic": "", "social": "6 3", "psychosocial": "2 3", "composite": ""}


# Coordinates are strings: a float in a template would be localised ("150,5" in French).
def _y(score: Decimal) -> str:
    return str(round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(score)), 1))


def _x(index: int, count: int) -> str:
    inner = WIDTH - LEFT - RIGHT
    if count == 1:
        return str(LEFT + inner / 2)
    return str(round(LEFT + inner * index / (count - 1), 1))


def lines(responses: list[Any]) -> dict[str, Any] | None:
    """The chart of these responses (in date order), or None when there is none."""
    if not responses:
        return None
    count = len(responses)
    series = []
    for index, name in enumerate(SCORES):
        points = [
            (_x(i, count), _y(getattr(response, name))) for i, response in enumerate(responses)
        ]
        series.append(
            {
                "name": name,
                "label": texts.DIMENSIONS[name],
                "colour": COLOURS[name],
                "dash": DASHES[name],
                "width": 3 if name == "composite" else 2,
                "points": " ".join(f"{x},{y}" for x, y in points),
                "dots": [{"x": x, "y": y} for x, y in points],
                # the legend: two columns of two, under the dates
                "key_x": str(LEFT + (index % 2) * 140),
                "key_y": str(HEIGHT - BOTTOM + 32 + (index // 2) * 16),
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 16,
        "grid": [{"y": _y(Decimal(value)), "label": value} for value in ("0", "0.5", "1")],
        "ticks": [
            {"x": _x(i, count), "day": response.surveyed_on} for i, response in enumerate(responses)
        ],
        "series": series,
    }
