"""The feedback figures page and its spreadsheet (thin: the figures are in `figures.py`)."""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Font

from sutura.access.feedback import counts_feedback
from sutura.audit.services import record_export
from sutura.core.downloads import download_name
from sutura.core.spreadsheets import safe_cell
from sutura.core.texts import Text
from sutura.feedback.figures import Figures, Table, figures_for
from sutura.feedback.forms.ratings import FiguresFilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _figures(request: HttpRequest) -> tuple[FiguresFilterForm, Figures]:
    if not counts_feedback(request.user):
        raise PermissionDenied
    form = FiguresFilterForm(request.GET or None)
    found = figures_for(request.user, form.chosen_period())
    return form, found


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    """Items by channel, category, organisation, area, sex and age group; delays and closure."""
    form, found = _figures(request)
    context = {
        "form": form,
        "figures": found,
        "query": request.GET.urlencode() if form.is_bound and form.is_valid() else "",
    }
    return render(request, "feedback/figures/figures.html", context)


@login_required
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    """The same figures as a spreadsheet (counts only; the export is audited)."""
    _form, found = _figures(request)
    record_export(
        request.user,
        detail=Text(gettext_noop("Feedback figures XLSX (%(period)s)"), period=found.period.key),
    )
    response = HttpResponse(workbook(found), content_type=XLSX)
    name = download_name(
        _("Feedback figures"), found.period.key, timezone.localdate().isoformat(), ext="xlsx"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _sheet_title(text: str) -> str:
    for character in "[]:*?/\\":
        text = text.replace(character, " ")
    return text[:31]


def _write(book: Workbook, table: Table, bold: Font) -> None:
    sheet = book.create_sheet(_sheet_title(table.title))
    sheet.append([safe_cell(table.heading), *[safe_cell(c) for c in table.columns]])
    for cell in sheet[1]:
        cell.font = bold
    lines = [*table.lines, *([table.total] if table.total else []), *table.after]
    for line in lines:
        sheet.append([safe_cell(line.label), *[safe_cell(value) for value in line.cells]])
    if table.note:
        sheet.append([])
        sheet.append([safe_cell(table.note)])
    sheet.column_dimensions["A"].width = 42


def workbook(found: Figures) -> bytes:
    book = Workbook()
    summary = book.worksheets[0]
    summary.title = _sheet_title(_("Summary"))
    bold = Font(bold=True)
    summary.append([safe_cell(_("Period")), safe_cell(found.period.label)])
    summary.append([safe_cell(_("Organisation")), safe_cell(str(found.organisation))])
    for figure in found.key_figures:
        summary.append([safe_cell(figure.label), safe_cell(figure.value)])
    summary.append([])
    summary.append(
        [
            safe_cell(
                _(
                    "“<5”: from 1 to 4, outside your organisation (and sensitive complaints for "
                    "anyone but the PSEA focal points); “…”: not shown, since it would let a "
                    "count under 5 be worked out."
                )
            )
        ]
    )
    summary.column_dimensions["A"].width = 42
    tables = [*([found.by_organisation] if found.by_organisation else []), *found.tables]
    for table in tables:
        _write(book, table, bold)
    for table in found.detail:
        table_copy = Table(
            table.key,
            _("Sensitive: %(title)s") % {"title": table.title},
            table.heading,
            table.columns,
            table.lines,
            table.total,
        )
        _write(book, table_copy, bold)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
