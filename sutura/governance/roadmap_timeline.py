"""A roadmap version drawn as a timeline: inline SVG built on the server (as the directory draws
its pathway flowcharts), no JavaScript and no library.

One row per action, stacked under its priority: the action's label above its bar, the bar
spanning its months on a month scale, coloured by status; a line marks today. The drawing is
360 units wide and scales with its viewBox, so it reads on a 360 px phone; text is cut to fit
(SVG does not wrap) and the page lists the same actions as text. Colours are presentation
attributes, not inline styles, so the strict CSP allows them.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
MARGIN = 8
SCALE_TOP = 22  # room for the month labels
PRIORITY_ROW = 24
LABEL_ROW = 16
BAR = 12
ACTION_GAP = 8
TEXT_SIZE, SMALL_SIZE = 12, 10
CHARS = int((WIDTH - 2 * MARGIN) / (TEXT_SIZE * 0.56))

INK, MUTED, BRAND, GRID, TODAY = "#1d2530", "#5b6573", "#0f5c4d", "#d8dee4", "#b42318"
# A pale outline behind the labels: the month grid never crosses the text.
HALO = ' stroke="#f4f6f8" stroke-width="3" paint-order="stroke"'
STATUS_COLOURS = {
    "not_started": "#8a94a3",
    "in_progress": "#1f6feb",
    "done": "#0f7b3f",
    "delayed": "#c2410c",
    "dropped": "#c9ced6",
}


@dataclass
class Bar:
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    status: str
    responsible: str = ""


@dataclass
class Group:
    title: str
    bars: list[Bar]


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _cut(text: str, chars: int = CHARS) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def timeline_svg(
    groups: list[Group],
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    label: str,
    today: datetime.date | None = None,
) -> SafeString:
    """The SVG of a roadmap version's actions between `starts_on` and `ends_on` (widened to
    whole months and to every action's dates)."""
    dates = [d for g in groups for b in g.bars for d in (b.starts_on, b.ends_on)]
    first = _month_start(min([starts_on, *dates]))
    last = _next_month(max([ends_on, *dates]))
    span = max((last - first).days, 1)
    inner = WIDTH - 2 * MARGIN

    def x(day: datetime.date) -> float:
        return round(MARGIN + inner * (day - first).days / span, 1)

    parts: list[str] = []
    months: list[datetime.date] = []
    month = first
    while month < last:
        months.append(month)
        month = _next_month(month)
    step = max(1, math.ceil(len(months) / 6))  # at most six labels: readable at 360 px
    rows_height = (
        sum(PRIORITY_ROW + len(g.bars) * (LABEL_ROW + BAR + ACTION_GAP) for g in groups)
        or PRIORITY_ROW
    )
    height = SCALE_TOP + rows_height + MARGIN
    for index, month in enumerate(months):
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                x(month),
                SCALE_TOP - 4,
                x(month),
                height - MARGIN,
                GRID,
            )
        )
        if index % step == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                    x(month) + 2,
                    SCALE_TOP - 8,
                    SMALL_SIZE,
                    MUTED,
                    dateformat.format(month, "M y"),
                )
            )
    y = SCALE_TOP
    for group in groups:
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" font-weight="700" fill="{}"'
                + HALO
                + ">{}</text>",
                MARGIN,
                y + PRIORITY_ROW - 8,
                TEXT_SIZE,
                BRAND,
                _cut(group.title),
            )
        )
        y += PRIORITY_ROW
        for bar in group.bars:
            text = bar.title + (f" — {bar.responsible}" if bar.responsible else "")
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="{}" fill="{}"' + HALO + ">{}</text>",
                    MARGIN,
                    y + LABEL_ROW - 4,
                    TEXT_SIZE,
                    INK,
                    _cut(text),
                )
            )
            y += LABEL_ROW
            left, right = x(bar.starts_on), x(bar.ends_on + datetime.timedelta(days=1))
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}">'
                    "<title>{}</title></rect>",
                    left,
                    y,
                    max(round(right - left, 1), 3),
                    BAR,
                    STATUS_COLOURS.get(bar.status, MUTED),
                    text,
                )
            )
            y += BAR + ACTION_GAP
    if today is not None and first <= today < last:
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="4 3"/>',
                x(today),
                SCALE_TOP - 4,
                x(today),
                height - MARGIN,
                TODAY,
            )
        )
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="roadmap-timeline" viewBox="0 0 {} {}" '
        'width="100%" role="img" aria-label="{}" font-family="system-ui, sans-serif">'
        "<title>{}</title>",
        WIDTH,
        height,
        label,
        label,
    )
    return mark_safe(head + "".join(parts) + "</svg>")  # noqa: S308 - every value escaped above
