"""The risk matrix drawn as SVG on the server: likelihood (1–5, left to right) × impact (1–5,
bottom to top), each cell shaded by the priority band of likelihood × impact and holding the
number of risks in it, with the risks named in its tooltip. The page lists every cell's risks
as text too (`cells()`), so nothing is only in the picture. No script, no inline style (CSP):
classes only, styled in community-risks.css."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

SIZE = 5
CELL = 56
LEFT = 44  # room for the impact axis
TOP = 8
BOTTOM = 40  # room for the likelihood axis


def band(priority: int) -> str:
    """The priority band of a score (1–25): low, medium, high, very high."""
    if priority >= 15:
        return "critical"
    if priority >= 10:
        return "high"
    if priority >= 5:
        return "medium"
    return "low"


BAND_LABELS = {
    "low": lambda: _("Low (1–4)"),
    "medium": lambda: _("Medium (5–9)"),
    "high": lambda: _("High (10–14)"),
    "critical": lambda: _("Very high (15–25)"),
}


@dataclass
class Cell:
    likelihood: int
    impact: int
    risks: list[Any] = field(default_factory=list)

    @property
    def priority(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return band(self.priority)


def cells(risks: Iterable[Any]) -> list[Cell]:
    """The cells holding at least one risk, highest priority first (the text of the chart)."""
    found: dict[tuple[int, int], Cell] = {}
    for risk in risks:
        key = (risk.likelihood, risk.impact)
        found.setdefault(key, Cell(*key)).risks.append(risk)
    return sorted(found.values(), key=lambda c: (-c.priority, -c.impact, -c.likelihood))


def matrix_svg(risks: Iterable[Any], *, label: str) -> SafeString:
    """The 5 × 5 matrix of these risks, as an accessible SVG (role img, title, description)."""
    placed = {(c.likelihood, c.impact): c for c in cells(risks)}
    width = LEFT + SIZE * CELL + 4
    height = TOP + SIZE * CELL + BOTTOM
    parts = []
    for impact in range(SIZE, 0, -1):
        y = TOP + (SIZE - impact) * CELL
        parts.append(
            format_html(
                '<text class="rm-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                LEFT - 14,
                y + CELL // 2 + 5,
                impact,
            )
        )
        for likelihood in range(1, SIZE + 1):
            x = LEFT + (likelihood - 1) * CELL
            cell = placed.get((likelihood, impact)) or Cell(likelihood, impact)
            names = ", ".join(str(r) for r in cell.risks)
            tip = _("Likelihood %(l)d × impact %(i)d = priority %(p)d") % {
                "l": likelihood,
                "i": impact,
                "p": cell.priority,
            }
            parts.append(
                format_html(
                    '<g class="rm-cell rm-{}"><title>{}{}</title>'
                    '<rect x="{}" y="{}" width="{}" height="{}" rx="3"></rect>{}</g>',
                    cell.band,
                    tip,
                    f": {names}" if names else "",
                    x + 1,
                    y + 1,
                    CELL - 2,
                    CELL - 2,
                    format_html(
                        '<text class="rm-count" x="{}" y="{}" text-anchor="middle">{}</text>',
                        x + CELL // 2,
                        y + CELL // 2 + 7,
                        len(cell.risks),
                    )
                    if cell.risks
                    else "",
                )
            )
    for likelihood in range(1, SIZE + 1):
        parts.append(
            format_html(
                '<text class="rm-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                LEFT + (likelihood - 1) * CELL + CELL // 2,
                TOP + SIZE * CELL + 16,
                likelihood,
            )
        )
    parts.append(
        format_html(
            '<text class="rm-title" x="{}" y="{}" text-anchor="middle">{}</text>',
            LEFT + SIZE * CELL // 2,
            TOP + SIZE * CELL + 34,
            _("Likelihood →"),
        )
    )
    parts.append(
        format_html(
            '<text class="rm-title" x="12" y="{}" text-anchor="middle" '
            'transform="rotate(-90 12 {})">{}</text>',
            TOP + SIZE * CELL // 2,
            TOP + SIZE * CELL // 2,
            _("Impact →"),
        )
    )
    return format_html(
        '<svg class="risk-matrix" viewBox="0 0 {} {}" role="img" aria-labelledby="rm-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="rm-title">{}</title>{}</svg>',
        width,
        height,
        label,
        mark_safe("".join(parts)),  # noqa: S308 - every part escaped by format_html
    )


def legend() -> SafeString:
    return format_html_join(
        "",
        '<li class="rm-legend-{}">{}</li>',
        ((code, text()) for code, text in BAND_LABELS.items()),
    )
