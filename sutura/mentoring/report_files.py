"""The monthly report in words, for the page, the PDF (WeasyPrint, A4) and the XLSX
(openpyxl): all three put the same stored figures into the reader's language, so the paper
and the spreadsheet say what the page says. Nothing is fetched to build them."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from weasyprint import HTML, URLFetcher

from sutura.core.spreadsheets import safe_cell
from sutura.meetings.models import AgeGroup
from sutura.mentoring.models import ActivityKind, IdeaStatus, MonthlyReport
from sutura.people.models import Sex

_OFFLINE = URLFetcher(allowed_protocols={"data"})


@dataclass
class Section:
    title: str
    rows: list[tuple[str, Any]] = field(default_factory=list)


def _label(choices: Any, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def _reached(rows: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    return [
        (
            _("%(sex)s, %(age)s")
            % {"sex": _label(Sex, r["sex"]), "age": _label(AgeGroup, r["age_group"])},
            r["count"],
        )
        for r in rows
    ]


def sections(figures: dict[str, Any]) -> list[Section]:
    """The figures of a report, section by section, in the active language."""
    if not figures:
        return []
    activities = figures.get("activities", {})
    sessions = figures.get("sessions", {})
    groups = figures.get("groups", {})
    events = figures.get("events", {})
    referrals = figures.get("referrals", {})
    found = [
        Section(
            _("Activities and hours"),
            [(_("Hours logged"), figures.get("hours", 0))]
            + [
                (_label(ActivityKind, kind), activities.get(kind, 0))
                for kind in ActivityKind.values
            ],
        ),
        Section(
            _("One-to-one sessions"),
            [
                (_("Sessions"), sessions.get("count", 0)),
                (_("Registered returnees supported"), sessions.get("returnees", 0)),
                (_("People not registered supported"), sessions.get("unregistered", 0)),
            ],
        ),
        Section(
            _("People reached in sessions, by sex and age group"),
            _reached(figures.get("reached", [])),
        ),
        Section(
            _("Peer-support groups"),
            [
                (_("Groups that met"), groups.get("groups", 0)),
                (_("Sessions held"), groups.get("sessions_held", 0)),
                (_("Returnees named present"), groups.get("named", 0)),
                (_("Others counted present"), groups.get("counted", 0)),
            ],
        ),
        Section(
            _("Community events"),
            [
                (_("Events"), events.get("count", 0)),
                (_("Returnees taking part"), events.get("returnees", 0)),
                (_("Community members taking part"), events.get("community", 0)),
                *_reached(figures.get("event_reached", [])),
            ],
        ),
        Section(
            _("Referrals and accompaniments"),
            [
                (_("Signs of distress flagged"), referrals.get("distress", 0)),
                (_("Referred to the focal point"), referrals.get("referred", 0)),
                (_("Accompaniments"), figures.get("accompaniments", 0)),
            ],
        ),
        Section(
            _("Ideas and initiatives"),
            [
                (idea["title"], _label(IdeaStatus, idea["status"]))
                for idea in figures.get("ideas", [])
            ],
        ),
    ]
    return found


def month_label(report: MonthlyReport) -> str:
    return date_format(report.month, "YEAR_MONTH_FORMAT")


def free_text(report: MonthlyReport) -> list[tuple[str, str]]:
    return [
        (_("Highlights"), report.highlights),
        (_("Challenges"), report.challenges),
        (_("Ideas"), report.ideas),
    ]


def report_pdf(report: MonthlyReport, figures: dict[str, Any]) -> bytes:
    html = render_to_string(
        "mentoring/pdf/report.html",
        {
            "report": report,
            "month": month_label(report),
            "sections": sections(figures),
            "free_text": free_text(report),
            "printed_at": timezone.now(),
        },
    )
    return HTML(string=html, url_fetcher=_OFFLINE).write_pdf()


def report_xlsx(report: MonthlyReport, figures: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet: Any = book.active
    sheet.title = _("Monthly report")[:31]
    bold = Font(bold=True)
    sheet.append([_("Monthly activity report"), month_label(report)])
    sheet.append([_("Mentor"), report.mentor.get_full_name() or report.mentor.get_username()])
    sheet.append([_("Status"), str(report.get_status_display())])
    for row in (1, 2, 3):
        sheet.cell(row=row, column=1).font = bold
    for section in sections(figures):
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        for label, value in section.rows:
            sheet.append([safe_cell(label), safe_cell(value)])
    sheet.append([])
    for label, text in free_text(report):
        sheet.append([label, safe_cell(text)])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
