"""The directory on paper (PDF, grouped by category) and as a spreadsheet (XLSX, one row per
service), in the user's language, with the same filters as the list."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sutura.core.dates import date_format
from sutura.core.spreadsheets import safe_cell
from sutura.directory.models import Service, ServiceCategory
from sutura.geo.countries import country_name
from sutura.people.models import LANGUAGE_CHOICES

LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def languages_of(service: Service) -> str:
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in service.languages)


def ages_of(service: Service) -> str:
    if service.min_age is not None and service.max_age is not None:
        return _("%(low)s to %(high)s years") % {"low": service.min_age, "high": service.max_age}
    if service.min_age is not None:
        return _("%(low)s years and over") % {"low": service.min_age}
    if service.max_age is not None:
        return _("up to %(high)s years") % {"high": service.max_age}
    return ""


def sexes_of(service: Service) -> str:
    field: Any = Service._meta.get_field("sexes")
    names = dict(field.base_field.choices)
    return ", ".join(str(names.get(code, code)) for code in service.sexes)


def vulnerabilities_of(service: Service) -> str:
    field: Any = Service._meta.get_field("vulnerabilities")
    names = dict(field.base_field.choices)
    return ", ".join(str(names.get(code, code)) for code in service.vulnerabilities)


def nationalities_of(service: Service) -> str:
    return ", ".join(country_name(code) for code in service.nationalities)


def areas_of(service: Service) -> str:
    return ", ".join(area.name for area in service.areas.all())


def by_category(services: Iterable[Service]) -> list[tuple[str, list[Service]]]:
    """(category label, services) in the order of the category list."""
    groups: dict[str, list[Service]] = {}
    for service in services:
        groups.setdefault(service.category, []).append(service)
    return [
        (str(label), groups[value]) for value, label in ServiceCategory.choices if value in groups
    ]


# ---------------------------------------------------------------------------------------------
# PDF


def directory_html(
    services: Iterable[Service], *, filters: list[tuple[str, str]], today: date | None = None
) -> str:
    """The printable directory as HTML (what WeasyPrint turns into the PDF)."""
    today = today or timezone.localdate()
    groups = [
        (label, [_printed(service) for service in members])
        for label, members in by_category(services)
    ]
    context = {"groups": groups, "filters": filters, "today": today}
    return render_to_string("directory/pdf/directory.html", context)


def _printed(service: Service) -> dict[str, Any]:
    return {
        "service": service,
        "areas": areas_of(service),
        "languages": languages_of(service),
        "ages": ages_of(service),
        "sexes": sexes_of(service),
        "nationalities": nationalities_of(service),
        "vulnerabilities": vulnerabilities_of(service),
    }


def directory_pdf(
    services: Iterable[Service], *, filters: list[tuple[str, str]], today: date | None = None
) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only exports need

    html = directory_html(services, filters=filters, today=today)
    # No base URL: the document has no external resource to fetch (no network at runtime).
    return bytes(HTML(string=html).write_pdf())


# ---------------------------------------------------------------------------------------------
# XLSX


def columns() -> list[tuple[str, Any]]:
    """(header, value of a service) for each column, in the active language."""
    return [
        (_("Name"), lambda s: s.name),
        (_("Name (French)"), lambda s: s.name_fr),
        (_("Name (English)"), lambda s: s.name_en),
        (_("Category"), lambda s: s.get_category_display()),
        (_("Provider"), lambda s: s.provider.name),
        (_("Description"), lambda s: s.description),
        (_("Areas served"), areas_of),
        (_("Address"), lambda s: s.address),
        (_("Where it is"), lambda s: s.location.name if s.location else ""),
        (_("Latitude"), lambda s: float(s.latitude) if s.latitude is not None else None),
        (_("Longitude"), lambda s: float(s.longitude) if s.longitude is not None else None),
        (_("Phone"), lambda s: s.phone),
        (_("E-mail"), lambda s: s.email),
        (_("Focal point"), lambda s: s.focal_point),
        (_("Opening hours"), lambda s: s.opening_hours),
        (_("Languages spoken"), languages_of),
        (_("Ages"), ages_of),
        (_("For"), sexes_of),
        (_("Nationalities accepted"), nationalities_of),
        (_("For people with these vulnerabilities"), vulnerabilities_of),
        (_("Other eligibility conditions"), lambda s: s.eligibility_notes),
        (_("Cost"), lambda s: s.get_cost_display()),
        (_("Cost details"), lambda s: s.cost_details),
        (_("Capacity"), lambda s: s.capacity),
        (_("How to refer"), lambda s: s.how_to_refer),
        (_("MHPSS layer"), lambda s: s.get_mhpss_layer_display() if s.mhpss_layer else ""),
        (_("Still offered"), lambda s: _("Yes") if s.is_active else _("No")),
        (_("Last verified on"), lambda s: s.last_verified_on),
        (
            _("Last verified by"),
            lambda s: s.last_verified_by.get_full_name() if s.last_verified_by else "",
        ),
        (
            _("Not verified for six months"),
            lambda s: _("Yes") if s.needs_verification() else _("No"),
        ),
    ]


def directory_xlsx(
    services: Iterable[Service], *, filters: list[tuple[str, str]], today: date | None = None
) -> bytes:
    """One row per service on the first sheet; the date and the filters on the second."""
    today = today or timezone.localdate()
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Directory")[:31]
    spec = columns()
    sheet.append([str(header) for header, _value in spec])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for service in services:
        sheet.append([safe_cell(value(service)) for _header, value in spec])
    for index in range(1, len(spec) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 24
    sheet.freeze_panes = "B2"
    for cell in sheet[get_column_letter(len(spec) - 2)][1:]:
        cell.number_format = "yyyy-mm-dd"
    about = workbook.create_sheet(_("About")[:31])
    about.append(
        [
            _("Service directory"),
            safe_cell(_("Printed on %(date)s") % {"date": date_format(today, "SHORT_DATE_FORMAT")}),
        ]
    )
    for label, value in filters:
        about.append([safe_cell(str(label)), safe_cell(str(value))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
