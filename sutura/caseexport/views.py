"""The export pages: choose a mapping and a format for one case, then download the file. The
case team only (`access.caseexport.exports_case`): everyone else gets 404, as for the case."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sutura.access.caseexport import exports_case
from sutura.caseexport import services
from sutura.caseexport.forms import ExportForm
from sutura.caseexport.selectors.mappings import mappings_for
from sutura.cases.selectors import case_worked_on

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}


def case_section(user: Any, case: Any) -> dict[str, Any] | None:
    """The case page's export button and choice (the case team only: the section is drawn
    for whoever sees the full case page, i.e. its team)."""
    if not exports_case(user, case):
        return None
    return {"form": ExportForm(mappings=mappings_for(user), auto_id="export_%s")}


@login_required
@require_GET
def choose(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Which mapping and which format, for this case."""
    case = case_worked_on(request.user, case_id, audit=True)
    form = ExportForm(mappings=mappings_for(request.user))
    return render(request, "caseexport/choose.html", {"case": case, "form": form})


@login_required
@require_GET
def download(request: HttpRequest, case_id: Any) -> HttpResponse:
    """The file: the case through the chosen mapping, as this user may read it."""
    case = case_worked_on(request.user, case_id)
    form = ExportForm(request.GET, mappings=mappings_for(request.user))
    error = ""
    if form.is_valid():
        fmt = form.cleaned_data["format"]
        try:
            result = services.export_case(
                actor=request.user, case=case, mapping=form.chosen(), fmt=fmt
            )
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            content = result.as_json() if fmt == "json" else result.as_csv()
            response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
            response["Content-Disposition"] = f'attachment; filename="{result.filename(fmt)}"'
            return response
    context = {"case": case, "form": form, "error": error}
    return render(request, "caseexport/choose.html", context, status=400)
