"""The NRM dashboard page and its spreadsheet export: thin, the figures are in `dashboard`."""

from __future__ import annotations

import datetime
import re
from io import BytesIO
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from openpyxl import Workbook
from openpyxl.styles import Font

from sutura.access import require, visible
from sutura.accounts.roles import Perm
from sutura.audit.services import record_export
from sutura.core.downloads import download_name
from sutura.core.spreadsheets import safe_cell
from sutura.core.templatetags.typography import percent_text
from sutura.core.texts import Text
from sutura.directory.models import ServiceCategory
from sutura.geo.models import Level, Location
from sutura.referrals.dashboard import DashboardFilters, Figures, dashboard_figures

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.level == Level.COUNTRY:
            return str(obj.name)
        return f"{obj.parent.name} — {obj.name}"


class DashboardFilterForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("Sent from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=gettext_lazy("Sent until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    area = AreaChoiceField(
        label=gettext_lazy("Country or region where the person lives"),
        queryset=Location.objects.none(),
        required=False,
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Need"),
        choices=[("", gettext_lazy("All needs")), *ServiceCategory.choices],
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = cast(forms.ModelChoiceField, self.fields["area"])
        area.queryset = (
            visible(user, Location)
            .filter(level__lte=Level.ADMIN1)
            .select_related("parent")
            .order_by("country_code", "level", "name_fr")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period comes before its start."))
        return data

    def filters(self) -> DashboardFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return DashboardFilters(
            start=data.get("start"),
            end=data.get("end"),
            area=data.get("area"),
            category=data.get("category") or "",
        )


def _figures(request: HttpRequest) -> tuple[DashboardFilterForm, DashboardFilters, Figures]:
    require(request.user, Perm.VIEW_NRM_DASHBOARD)
    form = DashboardFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    return form, filters, dashboard_figures(request.user, filters)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Referrals by need, provider, status and region; answer times and rates."""
    form, _filters, figures = _figures(request)
    context = {
        "form": form,
        "figures": figures,
        "headline": headline(figures),
        "query": request.GET.urlencode() if form.is_bound and form.is_valid() else "",
    }
    return render(request, "referrals/dashboard.html", context)


@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    """The dashboard's tables as a spreadsheet (aggregates only; the export is audited)."""
    _form, filters, figures = _figures(request)
    record_export(
        request.user,
        detail=Text(gettext_noop("NRM dashboard XLSX (%(filters)s)"), filters=filters.describe()),
    )
    response = HttpResponse(workbook(figures, filters), content_type=XLSX)
    name = download_name(_("NRM dashboard"), timezone.localdate().isoformat(), ext="xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def duration_label(value: datetime.timedelta | None) -> str:
    """'45 min', '5 h 20 min', '2.5 days'."""
    if value is None:
        return "—"
    minutes = round(value.total_seconds() / 60)
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    if minutes < 24 * 60:
        return _("%(hours)d h %(minutes)02d min") % {
            "hours": minutes // 60,
            "minutes": minutes % 60,
        }
    days = formats.number_format(value.total_seconds() / 86400, 1)
    return _("%(days)s days") % {"days": days}


def headline(figures: Figures) -> list[tuple[str, str, str]]:
    """The key figures: (what, value, how it is counted)."""
    return [
        (_("Referrals"), str(figures.total), _("Sent in the period (drafts are not counted).")),
        (
            _("Acceptance rate"),
            _rate(figures.acceptance_rate),
            ngettext(
                "%(accepted)d accepted of %(answered)d answered",
                "%(accepted)d accepted of %(answered)d answered",
                figures.accepted,
            )
            % {"accepted": figures.accepted, "answered": figures.answered},
        ),
        (
            _("Median time to acknowledgement"),
            duration_label(figures.median_acknowledgement),
            _("From sending to receipt."),
        ),
        (
            _("Median time to acceptance"),
            duration_label(figures.median_acceptance),
            _("From sending to acceptance, accepted referrals only."),
        ),
        (
            _("Completion rate"),
            _rate(figures.completion_rate),
            ngettext(
                "%(completed)d completed of %(ended)d accepted and ended",
                "%(completed)d completed of %(ended)d accepted and ended",
                figures.completed,
            )
            % {"completed": figures.completed, "ended": figures.accepted_and_ended},
        ),
        (
            _("Overdue"),
            str(figures.overdue),
            _("Still unanswered after their deadline."),
        ),
    ]


def _rate(value: float | None) -> str:
    return "—" if value is None else percent_text(round(value * 100))


def _days(value: Any) -> float | str:
    return "—" if value is None else round(value.total_seconds() / 86400, 2)


def sheet_title(text: str) -> str:
    """Excel refuses some characters in a sheet's name, and more than 31 of them."""
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31]


def workbook(figures: Figures, filters: DashboardFilters) -> bytes:
    book = Workbook()
    summary = book.worksheets[0]
    summary.title = sheet_title(_("Summary"))
    bold = Font(bold=True)
    for label, value in [
        (_("Filters"), filters.describe()),
        (_("Referrals"), figures.total),
        (_("Answered"), figures.answered),
        (_("Accepted"), figures.accepted),
        (_("Acceptance rate"), _rate(figures.acceptance_rate)),
        (_("Median time to acknowledgement (days)"), _days(figures.median_acknowledgement)),
        (_("Median time to acceptance (days)"), _days(figures.median_acceptance)),
        (_("Completion rate"), _rate(figures.completion_rate)),
        (_("Overdue"), figures.overdue),
    ]:
        summary.append([safe_cell(label), safe_cell(value)])
    for table in figures.tables:
        sheet = book.create_sheet(sheet_title(table.title))
        sheet.append(["", *[safe_cell(c) for c in table.columns]])
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([safe_cell(row.label), *row.values])
        sheet.column_dimensions["A"].width = 40
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
