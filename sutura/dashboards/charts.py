"""The dashboard's charts, drawn on the server as inline SVG (no JavaScript, no library): bars
by category or area, a trend over weeks or months, and a map of proportional circles by admin1.

Every chart is an `<svg role="img">` with a `<title>` and an aria-label that reads its numbers;
the page also prints them in a table under it (the fallback and the drill-down links). Colours
are presentation attributes, so the strict CSP allows them. A value hidden by the small-number
rule ("<5") draws no bar: the label says "<5". Widths are a viewBox: the chart scales to 360 px.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from sutura.community.diagnosis_map import GRID, INK, MUTED

BAR, BAR_SOFT = "#0f5c4d", "#9cc9bd"
WIDTH = 360
SUPPRESSED = "<5"


@dataclass(frozen=True)
class Point:
    """One value of a chart: its code, its label and its value (a number, "<5" or None)."""

    code: str
    label: str
    value: Any


def number(value: Any) -> float | None:
    """The value as a number to draw (None: hidden or nothing)."""
    if value is None or value == SUPPRESSED or isinstance(value, str):
        return None
    return float(value)


def shown(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return str(number_format(value, force_grouping=True))


def _svg(title: str, summary: str, width: int, height: int, body: str, css: str) -> SafeString:
    return format_html(
        '<svg class="chart {}" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        css,
        width,
        height,
        f"{title}: {summary}" if summary else title,
        title,
        mark_safe(body),  # noqa: S308 - every part built by format_html
    )


def _summary(points: Sequence[Point]) -> str:
    return "; ".join(f"{p.label} {shown(p.value)}" for p in points)


def bars(title: str, points: Sequence[Point]) -> SafeString:
    """Horizontal bars, each under its label on a line of its own (long labels stay readable
    at 360 px)."""
    if not points:
        return mark_safe("")
    line, top = 34, 4
    height = top + line * len(points)
    values = [number(p.value) or 0.0 for p in points]
    top_value = max(values) or 1.0
    # the value is written after its bar: leave room for the longest (~7 units a character)
    room = WIDTH - 8 - 7 * max(len(shown(p.value)) for p in points)
    parts = []
    for i, point in enumerate(points):
        y = top + i * line
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="12" fill="{}">{}</text>',
                y + 11,
                INK,
                point.label[:58] + ("…" if len(point.label) > 58 else ""),
            )
        )
        value = number(point.value)
        width = 0.0 if value is None else round(room * value / top_value, 1)
        if width:
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="14" fill="{}"/>', y + 15, width, BAR
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
                round(width + 4, 1),
                y + 26,
                MUTED if value is None else INK,
                shown(point.value),
            )
        )
    return _svg(title, _summary(points), WIDTH, height, "".join(parts), "chart-bars")


def trend(title: str, points: Sequence[Point]) -> SafeString:
    """Columns over time (weeks or months, in order), the first and last labelled below."""
    if not points:
        return mark_safe("")
    height, bottom, left, top = 150, 22, 34, 10
    values = [number(p.value) for p in points]
    top_value = max((v for v in values if v is not None), default=0.0) or 1.0
    plot_w, plot_h = WIDTH - left - 6, height - bottom - top
    step = plot_w / len(points)
    gap = min(4.0, step * 0.2)
    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
            '<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="end">{}</text>'
            '<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="end">0</text>',
            left,
            top + plot_h,
            WIDTH - 6,
            top + plot_h,
            GRID,
            left - 4,
            top + 8,
            MUTED,
            shown(int(top_value) if top_value == int(top_value) else round(top_value, 1)),
            left - 4,
            top + plot_h,
            MUTED,
        )
    ]
    for i, (point, value) in enumerate(zip(points, values, strict=True)):
        x = left + i * step + gap / 2
        if value is None:
            # hidden ("<5") or nothing: a soft stub so the gap is not read as zero
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="3" fill="{}">'
                    "<title>{} {}</title></rect>",
                    round(x, 1),
                    top + plot_h - 3,
                    round(step - gap, 1),
                    BAR_SOFT,
                    point.label,
                    shown(point.value),
                )
            )
            continue
        h = round(plot_h * value / top_value, 1)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} {}</title></rect>',
                round(x, 1),
                round(top + plot_h - h, 1),
                round(step - gap, 1),
                h,
                BAR,
                point.label,
                shown(point.value),
            )
        )
    for anchor, point, x in (
        ("start", points[0], left),
        ("end", points[-1], WIDTH - 6),
    ):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="{}">{}</text>',
                x,
                height - 6,
                MUTED,
                anchor,
                point.label,
            )
        )
    return _svg(title, _summary(points), WIDTH, height, "".join(parts), "chart-trend")


# --- the map of admin1 regions ----------------------------------------------------------------

POINTS_FILE = Path(__file__).parent / "data" / "admin1_points.csv"


@cache
def admin1_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(country, ISO code or French name) → (lon, lat) of the region's capital."""
    with POINTS_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {(r["country"], r["key"]): (float(r["lon"]), float(r["lat"])) for r in rows}


def position(region: Any) -> tuple[float, float] | None:
    """Where a region (a geo.Location of level 1) sits, or None when the table lacks it."""
    known = admin1_points()
    return known.get((region.country_code, region.iso_code or "")) or known.get(
        (region.country_code, region.name_fr)
    )


def admin1_map(title: str, points: Sequence[Point], regions: dict[str, Any]) -> SafeString:
    """Proportional circles at the regions' capitals (area ∝ count), the other regions of the
    same countries as grey dots for bearings; the projection of the community maps
    (equirectangular, longitudes shortened by the cosine of the middle latitude)."""
    placed: list[tuple[Point, tuple[float, float]]] = []
    for point in points:
        region = regions.get(point.code)
        where = position(region) if region is not None else None
        if where is not None:
            placed.append((point, where))
    if not placed:
        return mark_safe("")
    countries = {regions[p.code].country_code for p, _w in placed}
    context = [xy for (country, _k), xy in admin1_points().items() if country in countries]
    every = context + [w for _p, w in placed]
    west, east = min(p[0] for p in every), max(p[0] for p in every)
    south, north = min(p[1] for p in every), max(p[1] for p in every)
    middle_lon, middle_lat = (west + east) / 2, (south + north) / 2
    stretch = math.cos(math.radians(middle_lat)) or 1.0
    height, margin = 260, 40
    scale = min(
        (WIDTH - 2 * margin) / max((east - west) * stretch, 0.5),
        (height - 2 * margin) / max(north - south, 0.5),
    )

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (
            round(WIDTH / 2 + (lon - middle_lon) * stretch * scale, 1),
            round(height / 2 - (lat - middle_lat) * scale, 1),
        )

    parts = [
        format_html(
            '<rect x="0" y="0" width="{}" height="{}" fill="#f4f6f8" stroke="{}"/>',
            WIDTH,
            height,
            GRID,
        )
    ]
    for lon, lat in context:
        x, y = xy(lon, lat)
        parts.append(format_html('<circle cx="{}" cy="{}" r="2" fill="{}"/>', x, y, GRID))
    top_value = max((number(p.value) or 0.0 for p, _w in placed), default=0.0) or 1.0
    for point, (lon, lat) in sorted(placed, key=lambda pw: -(number(pw[0].value) or 0)):
        x, y = xy(lon, lat)
        value = number(point.value)
        radius = 3.0 if not value else round(3 + 19 * math.sqrt(value / top_value), 1)
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="{}" stroke="#ffffff">'
                "<title>{} {}</title></circle>"
                '<text x="{}" y="{}" font-size="9" fill="{}" text-anchor="middle">{}</text>',
                x,
                y,
                radius,
                BAR,
                "0.75" if value else "0.3",
                point.label,
                shown(point.value),
                x,
                round(y + radius + 10, 1),
                INK,
                shown(point.value),
            )
        )
    parts.append(
        format_html(
            '<text x="{}" y="16" font-size="11" fill="{}" text-anchor="middle">N ↑</text>',
            WIDTH - margin,
            INK,
        )
    )
    return _svg(title, _summary(points), WIDTH, height, "".join(parts), "chart-map")
