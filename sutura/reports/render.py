"""A report in words, from its figures (a snapshot or a draft's figures of now), in the active
language: the page, the PDF (WeasyPrint, A4) and the XLSX (openpyxl, one sheet per section, no
cell a formula: `core.spreadsheets.safe_cell`) say the same thing. Charts are small SVG drawn
here (bars), embedded in the page and the PDF. Nothing is fetched to build them."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from weasyprint import HTML, URLFetcher

from sutura.cases.models import Dimension
from sutura.core import indicators
from sutura.core.spreadsheets import safe_cell
from sutura.core.templatetags.typography import percent_text
from sutura.people.models import Sex
from sutura.programmes.models import BudgetLevel, ResultLevel
from sutura.reports.models import NARRATIVE, ProgrammeReport, ReportKind

_OFFLINE = URLFetcher(allowed_protocols={"data"})


def _lang() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


def _choice(choices: Any, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def narrative_titles() -> dict[str, str]:
    return {
        "summary": _("Summary"),
        "achievements": _("Achievements"),
        "challenges": _("Challenges and how they were met"),
        "lessons": _("Lessons learned"),
        "next_period": _("Plans for the next period"),
    }


def narrative(report: ProgrammeReport) -> list[tuple[str, str]]:
    titles = narrative_titles()
    return [(titles[name], getattr(report, name)) for name in NARRATIVE]


def key_label(dimension: str, code: str, snapshot: dict[str, Any]) -> str:
    if code in ("", indicators.UNKNOWN, "None"):
        return _("Unknown")
    if dimension == "sex":
        return _choice(Sex, code)
    if dimension == "admin1":
        return snapshot.get("places", {}).get(code, {}).get(_lang(), code)
    if dimension == "dimension":
        return _choice(Dimension, code)
    return code


def dimension_label(dimension: str) -> str:
    return capfirst(str(indicators.DIMENSIONS.get(dimension, dimension)))


def shown(value: Any) -> str:
    """A figure as the page's language writes it ("3 465 000" in French), amounts kept as
    strings by the snapshot (`figures.plain`) too."""
    if value is None:
        return "—"
    if isinstance(value, str) and AMOUNT.fullmatch(value):
        value = Decimal(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return str(value)


# An amount as `figures.plain` writes it: "3465000", "-12.5".
AMOUNT = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    suppressed: bool = False


@dataclass
class IndicatorSection:
    name: str
    definition: str
    unit: str
    total: str
    tables: list[Table]
    chart: SafeString | None = None


TABLE_TITLES = {"split": "currency", "sex_age": "sex_age", "admin1": "admin1"}


def _table_title(name: str) -> str:
    if name == "sex_age":
        return _("By sex and age group")
    if name == "admin1":
        return _("By region")
    return _("By currency")


def indicator_sections(snapshot: dict[str, Any]) -> list[IndicatorSection]:
    lang = _lang()
    found = []
    for entry in snapshot.get("indicators", []):
        tables = []
        chart = None
        for name, table in entry.get("tables", {}).items():
            cells = table.get("cells", [])
            dims = list(cells[0]["key"]) if cells else []
            rows = [
                [key_label(d, c["key"][d], snapshot) for d in dims] + [shown(c["value"])]
                for c in cells
            ]
            tables.append(
                Table(
                    _table_title(name),
                    [dimension_label(d) for d in dims] + [_("Value")],
                    rows,
                    bool(table.get("suppressed")),
                )
            )
            if name == "admin1" and cells:
                chart = bar_chart(
                    [(row[0], c["value"]) for row, c in zip(rows, cells, strict=True)]
                )
        found.append(
            IndicatorSection(
                entry["name"].get(lang, entry["code"]),
                entry["definition"].get(lang, ""),
                str(indicators.UNIT_LABELS.get(entry["unit"], entry["unit"])),
                shown(entry.get("total")),
                tables,
                chart,
            )
        )
    return found


def results_rows(snapshot: dict[str, Any]) -> list[list[str]]:
    lang = _lang()
    rows = []
    for node in snapshot.get("results", []):
        level = _choice(ResultLevel, node["level"])
        rows.append([level, node["statement"], "", "", "", "", "", ""])
        for ind in node["indicators"]:
            label = ind["label"].get(lang, "")
            if not ind["periods"]:
                rows.append(["", "", label, "", "—", "—", "—", ""])
            for p in ind["periods"]:
                rows.append(
                    [
                        "",
                        "",
                        label,
                        p["period"],
                        shown(p["baseline"]),
                        shown(p["target"]),
                        shown(p["actual"]),
                        percent_text(p["percent"]) if p["percent"] is not None else "—",
                    ]
                )
    return rows


def results_columns() -> list[str]:
    return [
        _("Level"),
        _("Result"),
        _("Indicator"),
        _("Period"),
        _("Baseline"),
        _("Target"),
        _("Actual"),
        _("Progress"),
    ]


def budget_columns() -> list[str]:
    return [
        _("Budget line"),
        _("Currency"),
        _("Envelope"),
        _("Planned"),
        _("Committed"),
        _("Disbursed"),
        _("Remaining"),
        _("Committed (%)"),
        _("Level"),
    ]


def budget_rows(snapshot: dict[str, Any]) -> list[list[str]]:
    return [
        [
            line["budget_line"],
            line["currency"],
            shown(line["amount"]),
            shown(line["planned"]),
            shown(line["committed"]),
            shown(line["disbursed"]),
            shown(line["remaining"]),
            shown(line["committed_percent"]),
            _choice(BudgetLevel, line["level"]),
        ]
        for line in snapshot.get("budget", [])
    ]


def bar_chart(items: list[tuple[str, Any]], width: int = 320) -> SafeString | None:
    """Horizontal bars, one per label (values shown as written: "<5" draws no bar)."""
    numbers = [v for _label, v in items if isinstance(v, int | float)]
    if not numbers:
        return None
    top = max(numbers) or 1
    row, label_w = 18, 110
    bar_w = width - label_w - 40
    height = row * len(items) + 4
    # Its size as attributes, narrower screens shrinking it (`.bar-chart`): the policy on
    # styles refuses a style attribute, which left the chart as wide as the page.
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="bar-chart" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
    ]
    for i, (label, value) in enumerate(items):
        y = i * row + 2
        length = int(bar_w * value / top) if isinstance(value, int | float) else 0
        parts.append(
            f'<text x="{label_w - 4}" y="{y + 12}" font-size="10" text-anchor="end">'
            f"{escape(str(label)[:18])}</text>"
            f'<rect x="{label_w}" y="{y + 2}" width="{length}" height="{row - 6}" '
            f'fill="#2f6f8f"></rect>'
            f'<text x="{label_w + length + 3}" y="{y + 12}" font-size="10">'
            f"{escape(shown(value))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def title_of(report: ProgrammeReport, snapshot: dict[str, Any]) -> str:
    kind = (
        _("Quarterly programme report")
        if report.kind == ReportKind.QUARTERLY
        else _("Monthly programme report")
    )
    return f"{kind} — {snapshot.get('programme', {}).get('name', '')} — {report.period}"


def context(report: ProgrammeReport, snapshot: dict[str, Any]) -> dict[str, Any]:
    return {
        "report": report,
        "title": title_of(report, snapshot),
        "snapshot": snapshot,
        "programme": snapshot.get("programme", {}),
        "narrative": narrative(report),
        "sections": indicator_sections(snapshot),
        "results_columns": results_columns(),
        "results": results_rows(snapshot),
        "budget_columns": budget_columns(),
        "budget": budget_rows(snapshot),
    }


def pdf(report: ProgrammeReport, snapshot: dict[str, Any]) -> bytes:
    html = render_to_string(
        "reports/pdf/report.html",
        {**context(report, snapshot), "printed_at": timezone.now(), "lang": _lang()},
    )
    return HTML(string=html, url_fetcher=_OFFLINE).write_pdf()


def xlsx(report: ProgrammeReport, snapshot: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    sheet: Any = book.active
    sheet.title = _("Report")[:31]

    def put(target: Any, values: list[Any], strong: bool = False) -> None:
        target.append([safe_cell(_number(v)) for v in values])
        if strong:
            for cell in target[target.max_row]:
                cell.font = bold

    put(sheet, [title_of(report, snapshot)], True)
    programme = snapshot.get("programme", {})
    put(sheet, [_("Organisation"), programme.get("organisation", "")])
    put(sheet, [_("Donors"), ", ".join(programme.get("donors", []))])
    put(sheet, [_("Period"), report.period, report.starts_on, report.ends_on])
    put(sheet, [_("Version"), report.number])
    if report.submitted_at:
        put(sheet, [_("Submitted at"), report.submitted_at.replace(tzinfo=None)])
    for title, text in narrative(report):
        put(sheet, [])
        put(sheet, [title], True)
        put(sheet, [text])

    figures_sheet = book.create_sheet(_("Indicators")[:31])
    put(figures_sheet, [_("Indicator"), _("Unit"), _("Total")], True)
    for section in indicator_sections(snapshot):
        put(figures_sheet, [section.name, section.unit, section.total])
    for section in indicator_sections(snapshot):
        for table in section.tables:
            put(figures_sheet, [])
            put(figures_sheet, [f"{section.name} — {table.title}"], True)
            put(figures_sheet, table.columns, True)
            for row in table.rows:
                put(figures_sheet, row)

    results_sheet = book.create_sheet(_("Results framework")[:31])
    put(results_sheet, results_columns(), True)
    for row in results_rows(snapshot):
        put(results_sheet, row)

    budget_sheet = book.create_sheet(_("Budget")[:31])
    put(budget_sheet, budget_columns(), True)
    for row in budget_rows(snapshot):
        put(budget_sheet, row)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(value: Any) -> Any:
    """Figures written as numbers where they are numbers, as `shown` wrote them in the
    language ("3 465 000", "12,5"); "<5" and labels stay text."""
    if not isinstance(value, str):
        return value
    plain = value
    for grouping in {str(get_format("THOUSAND_SEPARATOR")), "\u00a0", "\u202f"}:
        plain = plain.replace(grouping, "")
    plain = plain.replace(str(get_format("DECIMAL_SEPARATOR")), ".")
    if plain.lstrip("-").replace(".", "", 1).isdigit():
        try:
            return int(plain) if "." not in plain else float(plain)
        except ValueError:
            return value
    return value
