"""A referral pathway drawn as a flowchart: inline SVG built on the server.

No JavaScript and no library: one box per step, top to bottom, joined by arrows, each box
listing the services to refer to. The drawing is 360 units wide and scales with its viewBox,
so it reads on a 360 px phone as on a wall screen. Text is wrapped here (SVG does not wrap).
Colours are presentation attributes, not inline styles, so a strict CSP allows them.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
MARGIN = 8
PADDING = 10
GAP = 34  # room for the arrow between two boxes
TITLE_SIZE, TEXT_SIZE = 15, 13
LINE = {TITLE_SIZE: 19, TEXT_SIZE: 17}
# Average glyph width of a sans-serif font is about 0.55 em: characters per line.
INNER = WIDTH - 2 * (MARGIN + PADDING)
# Average glyph width ≈ 0.6 em (bold titles and capitals run wider than 0.55).
CHARS = {size: int(INNER / (size * 0.62)) for size in (TITLE_SIZE, TEXT_SIZE)}
MAX_DETAIL_LINES = 4

INK, MUTED, BRAND, LINK, PAPER, WASH = (
    "#1d2530",
    "#5b6573",
    "#0f5c4d",
    "#0f5c4d",
    "#ffffff",
    "#eef4f2",
)


@dataclass
class ServiceLine:
    name: str
    provider: str = ""
    url: str = ""


@dataclass
class StepBox:
    number: int
    title: str
    detail: str = ""
    note: str = ""  # kind of service, urgency
    services: list[ServiceLine] = field(default_factory=list)


def _wrap(text: str, size: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, CHARS[size], subsequent_indent=indent) or [""]


@dataclass
class _Line:
    text: str
    size: int
    colour: str = INK
    bold: bool = False
    url: str = ""


def _lines(step: StepBox, empty_text: str) -> list[_Line]:
    lines = [
        _Line(text, TITLE_SIZE, BRAND, bold=True)
        for text in _wrap(f"{step.number}. {step.title}", TITLE_SIZE, "   ")
    ]
    if step.note:
        lines += [_Line(text, TEXT_SIZE, MUTED) for text in _wrap(step.note, TEXT_SIZE)]
    if step.detail:
        detail = _wrap(" ".join(step.detail.split()), TEXT_SIZE)
        if len(detail) > MAX_DETAIL_LINES:
            detail = [*detail[: MAX_DETAIL_LINES - 1], detail[MAX_DETAIL_LINES - 1] + " …"]
        lines += [_Line(text, TEXT_SIZE) for text in detail]
    for service in step.services:
        label = f"• {service.name}" + (f" — {service.provider}" if service.provider else "")
        lines += [
            _Line(text, TEXT_SIZE, LINK, url=service.url) for text in _wrap(label, TEXT_SIZE, "  ")
        ]
    if not step.services and empty_text:
        lines.append(_Line(empty_text, TEXT_SIZE, MUTED))
    return lines


def _text(line: _Line, y: int) -> str:
    weight = ' font-weight="700"' if line.bold else ""
    text = format_html(
        '<text x="{}" y="{}" font-size="{}" fill="{}"{}>{}</text>',
        MARGIN + PADDING,
        y,
        line.size,
        line.colour,
        mark_safe(weight),  # noqa: S308 - a constant
        line.text,
    )
    if line.url:
        return format_html('<a href="{}">{}</a>', line.url, text)
    return str(text)


def flowchart_svg(
    steps: list[StepBox], *, label: str, empty_text: str = "", no_steps_text: str = ""
) -> SafeString:
    """The SVG of a pathway's steps. `label` names the drawing for assistive technology
    (the page also lists the steps as text)."""
    parts: list[str] = []
    y = MARGIN
    if not steps:
        steps_text = no_steps_text or "—"
        parts.append(_text(_Line(steps_text, TEXT_SIZE, MUTED), y + LINE[TEXT_SIZE]))
        y += LINE[TEXT_SIZE] + PADDING
    for index, step in enumerate(steps):
        lines = _lines(step, empty_text)
        height = 2 * PADDING + sum(LINE[line.size] for line in lines)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{}" stroke="{}" '
                'stroke-width="2"/>',
                MARGIN,
                y,
                WIDTH - 2 * MARGIN,
                height,
                WASH if index % 2 else PAPER,
                BRAND,
            )
        )
        baseline = y + PADDING
        for line in lines:
            baseline += LINE[line.size]
            parts.append(_text(line, baseline - 4))
        y += height
        if index < len(steps) - 1:
            middle = WIDTH // 2
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>'
                    '<polygon points="{},{} {},{} {},{}" fill="{}"/>',
                    middle,
                    y,
                    middle,
                    y + GAP - 10,
                    BRAND,
                    middle - 7,
                    y + GAP - 12,
                    middle + 7,
                    y + GAP - 12,
                    middle,
                    y + GAP - 2,
                    BRAND,
                )
            )
            y += GAP
    height = y + MARGIN
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" viewBox="0 0 {} {}" '
        'width="100%" role="img" aria-label="{}" font-family="system-ui, sans-serif">'
        "<title>{}</title>",
        WIDTH,
        height,
        label,
        label,
    )
    return mark_safe(head + "".join(parts) + "</svg>")  # noqa: S308 - every value escaped above


__all__ = ["ServiceLine", "StepBox", "escape", "flowchart_svg"]
