"""My exports: ask for an export, follow it, see its password once, download it. Thin: parse,
call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sutura.access.exports import refusal
from sutura.core import indicators
from sutura.core.downloads import private_download
from sutura.core.forms import ListPaginator
from sutura.core.idempotency import idempotent_form
from sutura.exports import hxl, registry, sealing, selectors, services
from sutura.exports.models import Export, ExportFormat
from sutura.exports.writers import CONTENT_TYPES

PAGE_SIZE = 20
POLL_SECONDS = 2
COOKIE_PATH = "/exports/"

STAGES = {
    "": gettext_lazy("Waiting for a worker to take it"),
    "counting": gettext_lazy("Counting the rows"),
    "writing": gettext_lazy("Writing the rows"),
    "saving": gettext_lazy("Saving the file"),
    "done": gettext_lazy("Finished"),
}
ERRORS = {
    "interrupted": gettext_lazy("The export was interrupted (the server stopped). Ask again."),
    "starter_not_allowed": gettext_lazy("You may no longer export this list."),
    "too_many_rows": gettext_lazy("The list is too long for one export: narrow it."),
    "database_error": gettext_lazy("The database could not be reached. Ask again later."),
    "out_of_memory": gettext_lazy("The server ran out of memory. Ask your administrator."),
    "error": gettext_lazy("An unexpected error stopped the export. Ask your administrator."),
}


def cookie_name(export: Export) -> str:
    return f"sutura_export_{export.pk.hex}"


def _context(request: HttpRequest, export: Export) -> dict[str, Any]:
    export_list = registry.get(export.list_code)
    return {
        "export": export,
        "list_label": export_list.label if export_list else export.list_code,
        "stage_label": STAGES.get(export.stage, export.stage),
        "error_label": ERRORS.get(export.error, ERRORS["error"]) if export.error else "",
        "percent": export.done * 100 // export.total if export.total else 0,
        "poll_seconds": POLL_SECONDS,
        "password": _reveal(request, export),
    }


def _reveal(request: HttpRequest, export: Export) -> str:
    """The password, the first time its owner looks at the ready export with their key."""
    key = request.COOKIES.get(cookie_name(export), "")
    if not export.password_waiting or not key:
        return ""
    try:
        password = services.reveal_password(actor=request.user, export=export, private_key=key)
    except sealing.KeyMismatch:
        return ""
    request._export_shown = export  # type: ignore[attr-defined]  # the cookie goes
    return password


def _forget_key(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Once the password is shown its key is useless: the cookie goes. No cache keeps a page
    that may show a password."""
    shown = getattr(request, "_export_shown", None)
    if shown is not None:
        response.delete_cookie(cookie_name(shown), path=COOKIE_PATH)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """My exports, and the lists I may export."""
    page = ListPaginator(selectors.exports_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for export in page:  # the list's name in the reader's language, not its code
        found = registry.get(export.list_code)
        export.list_label = found.label if found else export.list_code
    offered = [
        (item, refusal(request.user, item))
        for item in registry.all_lists()
        if refusal(request.user, item) != "not_allowed"
    ]
    context = {
        "page": page,
        "offered": offered,
        "indicators": [
            (indicator.code, indicator.name)
            for indicator in indicators.all_indicators()
            if set(hxl.BY) <= set(indicator.dimensions)
        ],
        "formats": ExportFormat,
        "refusals": services.REFUSALS,
    }
    return render(request, "exports/exports.html", context)


@login_required
@require_POST
@idempotent_form
def export_start(request: HttpRequest) -> HttpResponse:
    """Ask for an export; it is written in the background (the page follows it)."""
    try:
        list_code = request.POST.get("list", "")
        known = registry.get(list_code)
        export, key = services.start_export(
            actor=request.user,
            list_code=list_code,
            format=request.POST.get("format", ""),
            filters={name: request.POST.get(name, "") for name in (known.filters if known else ())},
        )
    except services.ExportRefused as refused:
        return render(request, "exports/refused.html", {"message": refused.args[0]}, status=403)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("exports:list")
    messages.success(
        request,
        _("The export is being written. You may leave this page: find it under “My exports”."),
    )
    response = redirect("exports:detail", pk=export.pk)
    if export.identifies_people:
        # The private key that opens the password, for this browser only.
        response.set_cookie(
            cookie_name(export),
            key,
            max_age=60 * 60 * 24 * 7,
            path=COOKIE_PATH,
            secure=request.is_secure(),
            httponly=True,
            samesite="Strict",
        )
    return response


@login_required
def export_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    export = selectors.export_for(request.user, pk)
    response = render(request, "exports/export.html", _context(request, export))
    return _forget_key(request, response)


@login_required
def export_progress(request: HttpRequest, pk: Any) -> HttpResponse:
    export = selectors.export_for(request.user, pk)
    response = render(request, "exports/export_progress.html", _context(request, export))
    return _forget_key(request, response)


@login_required
def export_download(request: HttpRequest, pk: Any) -> HttpResponseBase:
    export = selectors.export_for(request.user, pk)
    if not export.downloadable:
        raise Http404
    services.record_download(actor=request.user, export=export)
    kind = "zip" if export.filename.endswith(".zip") else export.format
    return private_download(export.file, export.filename, CONTENT_TYPES[kind])
