"""A community's map drawn on the server as SVG (no tiles, no JavaScript): its outline, its
GPS point and its assets, on a plain frame fitted to them, with a scale in kilometres and a
north arrow. Used on the community's page and in the diagnosis report. Colours are
presentation attributes, so the strict CSP allows them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, MARGIN = 360, 240, 18
INK, MUTED, BRAND, FILL, GRID = "#1d2530", "#5b6573", "#0f5c4d", "#d7ece6", "#d8dee4"
ASSET = "#b45309"


@dataclass
class Mark:
    lon: float
    lat: float
    label: str
    number: int = 0


def _rings(outline: Any) -> list[list[tuple[float, float]]]:
    if not isinstance(outline, dict):
        return []
    coordinates = outline.get("coordinates") or []
    polygons = coordinates if outline.get("type") == "MultiPolygon" else [coordinates]
    return [[(float(x), float(y)) for x, y, *_rest in ring] for poly in polygons for ring in poly]


def draw(community: Any, assets: list[Any] = ()) -> SafeString:  # type: ignore[assignment]
    """The map as inline SVG, or "" when there is nothing to place (no point, outline or
    asset with coordinates)."""
    rings = _rings(community.outline)
    marks = []
    if community.latitude is not None:
        marks.append(Mark(float(community.longitude), float(community.latitude), community.name))
    number = 0
    for asset in assets:
        if asset.latitude is not None and asset.longitude is not None:
            number += 1
            marks.append(Mark(float(asset.longitude), float(asset.latitude), asset.name, number))
    points = [p for ring in rings for p in ring] + [(m.lon, m.lat) for m in marks]
    if not points:
        return mark_safe("")
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    # At least ~1 km of ground shown, so that a lone point sits in a frame.
    span = max(east - west, north - south, 0.01)
    middle_lon, middle_lat = (west + east) / 2, (south + north) / 2
    stretch = math.cos(math.radians(middle_lat)) or 1.0  # longitude degrees are shorter
    scale = min((WIDTH - 2 * MARGIN) / (span * stretch), (HEIGHT - 2 * MARGIN) / span) * 0.9

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (
            round(WIDTH / 2 + (lon - middle_lon) * stretch * scale, 1),
            round(HEIGHT / 2 - (lat - middle_lat) * scale, 1),
        )

    parts = [
        format_html(
            '<rect x="0" y="0" width="{}" height="{}" fill="#f4f6f8" stroke="{}"/>',
            WIDTH,
            HEIGHT,
            GRID,
        )
    ]
    for ring in rings:
        path = " ".join(f"{x},{y}" for x, y in (xy(*p) for p in ring))
        parts.append(
            format_html(
                '<polygon points="{}" fill="{}" fill-opacity="0.7" stroke="{}" '
                'stroke-width="1.5"/>',
                path,
                FILL,
                BRAND,
            )
        )
    for mark in marks:
        x, y = xy(mark.lon, mark.lat)
        if mark.number:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="7" fill="{}"><title>{}</title></circle>'
                    '<text x="{}" y="{}" font-size="9" fill="#ffffff" text-anchor="middle">'
                    "{}</text>",
                    x,
                    y,
                    ASSET,
                    mark.label,
                    x,
                    y + 3,
                    mark.number,
                )
            )
        else:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="5" fill="{}" stroke="#ffffff" stroke-width="2">'
                    "<title>{}</title></circle>",
                    x,
                    y,
                    BRAND,
                    mark.label,
                )
            )
    # A scale bar of a round number of kilometres, about a quarter of the width.
    km_per_unit = 111.32 / scale
    target = km_per_unit * WIDTH / 4
    bar_km = next(
        (step for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200) if step >= target / 2),
        500,
    )
    bar = bar_km / km_per_unit
    # In the reader's language: « 0,5 km » in French, "0.5 km" in English.
    label = _("%(distance)s km") % {"distance": number_format(bar_km)}
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>'
            '<text x="{}" y="{}" font-size="10" fill="{}">{}</text>'
            '<text x="{}" y="16" font-size="11" fill="{}" text-anchor="middle">N ↑</text>',
            MARGIN,
            HEIGHT - 10,
            round(MARGIN + bar, 1),
            HEIGHT - 10,
            INK,
            MARGIN,
            HEIGHT - 14,
            MUTED,
            label,
            WIDTH - MARGIN,
            INK,
        )
    )
    title = _("Map of %(name)s") % {"name": community.name}
    return format_html(
        '<svg class="community-map" width="100%" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        mark_safe("".join(parts)),  # noqa: S308 - every part built by format_html
    )


def key(community: Any, assets: Sequence[Any] = ()) -> list[tuple[SafeString, str]]:
    """The map's key: a swatch drawn like the map's own mark, and what it stands for, for each
    kind of mark the map holds (the community's point, its outline, the numbered assets)."""
    found = []
    if community.latitude is not None:
        found.append(
            (
                _swatch(
                    '<circle cx="8" cy="8" r="5" fill="{}" stroke="#ffffff" stroke-width="2"/>',
                    BRAND,
                ),
                _("GPS point of the community"),
            )
        )
    if _rings(community.outline):
        found.append(
            (
                _swatch(
                    '<rect x="2" y="3" width="12" height="10" fill="{}" stroke="{}" '
                    'stroke-width="1.5"/>',
                    FILL,
                    BRAND,
                ),
                _("Outline of the community"),
            )
        )
    if numbered_assets(assets):
        found.append(
            (
                _swatch(
                    '<circle cx="8" cy="8" r="7" fill="{}"/><text x="8" y="11" font-size="9" '
                    'fill="#ffffff" text-anchor="middle">1</text>',
                    ASSET,
                ),
                _("Asset, numbered as in the list"),
            )
        )
    return found


def _swatch(shape: str, *colours: str) -> SafeString:
    return format_html(
        '<svg class="map-swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        format_html(shape, *colours),
    )


def numbered_assets(assets: Sequence[Any]) -> list[tuple[int, Any]]:
    """The assets placed on the map with the number they carry there (the legend)."""
    placed = [a for a in assets if a.latitude is not None and a.longitude is not None]
    return list(enumerate(placed, start=1))
