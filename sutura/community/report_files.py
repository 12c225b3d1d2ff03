"""A periodic community-based-protection report as PDF (WeasyPrint) and as XLSX (openpyxl),
both written from the same `selectors.periodic.ReportFigures` as the page, in the language
active when they are called (the view chooses French or English)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from sutura.community.selectors.periodic import (
    RecommendationLine,
    ReportFigures,
    SexAge,
    age_headers,
)
from sutura.core.spreadsheets import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


DATE_FORMAT = "dd/mm/yyyy"  # day first, in French and in English (sutura/formats/en)


def _day(value: Any) -> datetime.date | None:
    """A date cell: a real date (sorted and filtered as one), shown day first by `_append`."""
    return value or None


def report_html(figures: ReportFigures) -> str:
    context = {"figures": figures, "ages": age_headers(), "today": timezone.localdate()}
    return render_to_string("community/pdf/partners_report.html", context)


def report_pdf(figures: ReportFigures) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only exports need

    # No base URL: the document fetches nothing (no network at runtime).
    return bytes(HTML(string=report_html(figures)).write_pdf())


# --- XLSX ---------------------------------------------------------------------------------------


def _append(sheet: Any, values: list[Any]) -> None:
    """A row, its dates written as dates with a day-first format."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = DATE_FORMAT


def _bold(sheet: Any) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _header(sheet: Any, values: list[Any]) -> None:
    sheet.append([safe_cell(str(v)) for v in values])
    _bold(sheet)


def _sex_age(sheet: Any, label: str, table: SexAge) -> None:
    for sex, cells, total in table.rows():
        sheet.append([safe_cell(label), sex, *cells, total])


def _recommendation_cells(recommendation: RecommendationLine | None) -> list[Any]:
    if recommendation is None:
        return ["", "", "", ""]
    return [
        safe_cell(recommendation.text),
        recommendation.status,
        _day(recommendation.due_on),
        _("Yes") if recommendation.overdue else _("No"),
    ]


def _sheet(workbook: Workbook, title: str) -> Any:
    return workbook.create_sheet(title[:31])


def report_xlsx(figures: ReportFigures) -> bytes:
    """One sheet per part of the report; the first says what, when and for whom."""
    workbook = Workbook()
    about: Any = workbook.active
    about.title = _("Report")[:31]
    about.append([figures.frequency_label])
    _bold(about)
    _append(about, [_("Period"), _day(figures.start), _day(figures.end)])
    about.append([_("Scope"), safe_cell(figures.scope_label)])
    if figures.programme_label:
        about.append([_("Programme (donor)"), safe_cell(figures.programme_label)])
    about.append([_("Communities"), safe_cell(", ".join(c.name for c in figures.communities))])
    _append(about, [_("Printed on"), _day(timezone.localdate())])

    ages = age_headers()
    sheet = _sheet(workbook, _("Community meetings"))
    _header(sheet, [_("Kind"), _("Meetings"), _("Sex"), *ages, _("Total")])
    for row in figures.meeting_rows:
        lines = row.people.rows() or [("", [0] * len(ages), 0)]
        for sex, cells, total in lines:
            sheet.append([safe_cell(row.kind), row.held, sex, *cells, total])

    sheet = _sheet(workbook, _("Risks"))
    sheet.append([_("Risk analyses held"), figures.analyses])
    _header(sheet, [_("Participants"), _("Sex"), *ages, _("Total")])
    _sex_age(sheet, _("Risk analyses"), figures.analysis_participants)
    _header(
        sheet, [_("Community"), pgettext("risk analysis", "Held on"), _("Threat"), _("Priority")]
    )
    for risk in figures.risks:
        _append(
            sheet,
            [safe_cell(risk.community), _day(risk.held_on), safe_cell(risk.threat), risk.priority],
        )

    sheet = _sheet(workbook, _("Action plans"))
    _header(
        sheet,
        [
            _("Community"),
            _("Recommendations"),
            _("Done"),
            _("Done (%)"),
            _("Updates in the period"),
        ],
    )
    for plan in figures.plans:
        sheet.append(
            [safe_cell(plan.community), plan.recommendations, plan.done, plan.percent, plan.updates]
        )

    sheet = _sheet(workbook, _("Safe spaces"))
    _header(sheet, [_("Safe space"), _("Community"), _("Sex"), *ages, _("Total")])
    for space in figures.safe_spaces:
        for sex, cells, total in space.attendance.rows():
            sheet.append([safe_cell(space.name), safe_cell(space.community), sex, *cells, total])

    sheet = _sheet(workbook, _("Monitoring"))
    _header(
        sheet,
        [
            _("Visited on"),
            _("Community or workplan visited"),
            _("Findings"),
            _("Recommendation"),
            _("Follow-up"),
            _("Due on"),
            _("Overdue"),
        ],
    )
    for visit in figures.visits:
        left: list[RecommendationLine | None] = [*visit.recommendations] or [None]
        for recommendation in left:
            _append(
                sheet,
                [
                    _day(visit.visited_on),
                    safe_cell(visit.subject),
                    safe_cell(visit.findings),
                    *_recommendation_cells(recommendation),
                ],
            )

    sheet = _sheet(workbook, _("Workplans"))
    _header(
        sheet,
        [
            _("Workplan"),
            _("Partner"),
            _("Activity"),
            _("Community"),
            _("Target"),
            _("Unit"),
            _("In the period"),
            _("To date"),
            _("Achieved (%)"),
        ],
    )
    for workplan in figures.workplans:
        for activity in workplan.activities:
            sheet.append(
                [
                    safe_cell(workplan.title),
                    safe_cell(workplan.partner),
                    safe_cell(activity.description),
                    safe_cell(activity.community),
                    activity.target,
                    safe_cell(activity.unit),
                    activity.in_period,
                    activity.to_date,
                    activity.percent,
                ]
            )
    counted = [workplan for workplan in figures.workplans if workplan.people.total]
    if counted:  # no header over nothing: the participants block only when someone was counted
        sheet.append([])
        _header(sheet, [_("Participants"), _("Sex"), *ages, _("Total")])
        for workplan in counted:
            _sex_age(sheet, workplan.title, workplan.people)

    sheet = _sheet(workbook, _("Case trends"))
    sheet.append(
        [
            _(
                "By calendar quarter (the quarters holding the period): counts under 5 are "
                "shown as “<5”; totals that would reveal them are hidden (…)."
            )
        ]
    )
    for trend in figures.trends:
        sheet.append([safe_cell(trend.community.name)])
        _bold(sheet)
        _header(sheet, [_("Period"), *trend.headers, _("Vulnerable cases")])
        for period in trend.rows:
            sheet.append([period.label, *period.cells, period.total])
        sheet.append([_("Total"), *trend.column_totals, trend.total])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
