"""The desk list as a spreadsheet (XLSX): the same rows under the same filters, the same
columns as the list — reference, received, category, channel, status, handler, deadline.
Never who complained, never what was said: nobody's identity or words leave in a file."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sutura.core.dates import date_format
from sutura.core.spreadsheets import safe_cell
from sutura.feedback.models import FeedbackItem, ItemStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(moment: datetime | None) -> datetime | None:
    """A spreadsheet cell holds no time zone: the local time, as the list shows it."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def due_of(item: FeedbackItem) -> datetime | None:
    """The deadline the item is waiting on: its acknowledgement, then its response."""
    if item.status == ItemStatus.RECEIVED:
        return item.acknowledge_due
    if item.open and item.responded_at is None:
        return item.respond_due
    return None


def overdue_label(item: FeedbackItem, now: datetime) -> str:
    late = item.overdue(now)
    if late == "acknowledge":
        return _("Not acknowledged in time")
    if late == "respond":
        return _("No response in time")
    return ""


def columns(now: datetime) -> list[tuple[str, Any]]:
    """(header, value of an item) for each column, in the active language."""
    return [
        (_("Reference"), lambda i: i.number),
        (_("Received on"), lambda i: _local(i.received_at)),
        (_("Category"), lambda i: str(i.category)),
        (_("Channel"), lambda i: i.get_channel_display()),
        (_("Status"), lambda i: i.get_status_display()),
        (_("Handler"), lambda i: i.handler.get_full_name() if i.handler else ""),
        (_("Due by"), lambda i: _local(due_of(i))),
        (_("Overdue"), lambda i: overdue_label(i, now)),
    ]


DATE_COLUMNS = (2, 7)


def desk_xlsx(
    items: Iterable[FeedbackItem],
    *,
    filters: list[tuple[str, str]],
    capped: bool = False,
    now: datetime | None = None,
) -> bytes:
    """One row per item on the first sheet; the date, the filters (and whether the rows were
    cut at the export's limit) on the second."""
    now = now or timezone.now()
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Feedback items")[:31]
    spec = columns(now)
    sheet.append([str(header) for header, _value in spec])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for item in items:
        sheet.append([safe_cell(value(item)) for _header, value in spec])
    for index in range(1, len(spec) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
        if index in DATE_COLUMNS:
            for cell in sheet[get_column_letter(index)][1:]:
                cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "B2"
    about = workbook.create_sheet(_("About")[:31])
    about.append(
        [
            _("Complaints and feedback"),
            safe_cell(
                _("Exported on %(date)s")
                % {"date": date_format(timezone.localtime(now), "SHORT_DATETIME_FORMAT")}
            ),
        ]
    )
    for label, value in filters:
        about.append([safe_cell(str(label)), safe_cell(str(value))])
    if capped:
        about.append([_("Only the first rows were exported: narrow the filters for the rest.")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
