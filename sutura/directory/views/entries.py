"""Pages of the directory's entries: thin. Parse, call a selector or a service, render.

The list, the map and the two exports read the same filters through `services_for()`, so what
is printed is what was on screen. A coordinator edits and verifies an entry here too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sutura.access import can, require
from sutura.accounts.roles import Perm
from sutura.audit.services import record_export
from sutura.core import sections
from sutura.core.forms import run_service
from sutura.core.texts import Text
from sutura.directory import exports
from sutura.directory.forms import entries as forms
from sutura.directory.models import Service
from sutura.directory.selectors import entries as selectors
from sutura.directory.selectors.pathways import pathways_of_service
from sutura.directory.selectors.proposals import field_label, history_of
from sutura.directory.services import entries as services
from sutura.governance.selectors.protocols import membership

PAGE_SIZE = 25
MAP_LIMIT = 1000  # markers drawn on one map; the list below says when there are more


def _filtered(request: HttpRequest) -> tuple[forms.DirectoryFilterForm, Any]:
    form = forms.DirectoryFilterForm(request.GET or None, user=request.user)
    return form, selectors.services_for(request.user, form.filters())


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def filter_summary(form: forms.DirectoryFilterForm) -> list[tuple[str, str]]:
    """The filters chosen, as (label, value) for exports."""
    if not form.is_bound or not form.is_valid():
        return []
    summary = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", False):
            continue
        field: Any = form.fields[name]
        shown = value
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            shown = dict(field.choices).get(value, value)
        summary.append((str(field.label), _("Yes") if value is True else str(shown)))
    return summary


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    form, found = _filtered(request)
    page = Paginator(selectors.with_areas(found), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query(request),
        "can_propose": can(request.user, Perm.PROPOSE_DIRECTORY_CHANGES),
        "can_manage": can(request.user, Perm.MANAGE_DIRECTORY),
    }
    return render(request, "directory/list.html", context)


def _geojson(found: list[Service]) -> dict[str, Any]:
    """Markers for the map: only what a popup shows, nothing else."""
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(service.longitude), float(service.latitude)],  # type: ignore[arg-type]
            },
            "properties": {
                "name": service.name,
                "category": service.get_category_display(),
                "provider": service.provider.name,
                "url": reverse("directory:detail", args=[service.pk]),
                "stale": service.needs_verification(),
            },
        }
        for service in found
        if service.has_point
    ]
    return {"type": "FeatureCollection", "features": features}


@login_required
def service_map(request: HttpRequest) -> HttpResponse:
    form, found = _filtered(request)
    shown = list(found[: MAP_LIMIT + 1])
    context = {
        "form": form,
        "services": shown[:MAP_LIMIT],
        "more": len(shown) > MAP_LIMIT,
        "markers": _geojson(shown[:MAP_LIMIT]),
        "without_point": sum(1 for service in shown[:MAP_LIMIT] if not service.has_point),
        "query": _query(request),
        "labels": {
            "open": _("Open the entry"),
            "stale": _("Not verified for six months"),
            "tiles": _("The background map needs internet; the services are shown anyway."),
        },
    }
    return render(request, "directory/map.html", context)


@login_required
def service_detail(request: HttpRequest, service_id: Any) -> HttpResponse:
    service = selectors.service_for(request.user, service_id)
    context = {
        "service": service,
        "history": [
            (change, [field_label(name) for name in change.changed_fields()])
            for change in history_of(request.user, service)
        ],
        "pathways": pathways_of_service(request.user, service),
        "provider_membership": membership(service.provider),
        "can_propose": can(request.user, Perm.PROPOSE_DIRECTORY_CHANGES),
        "can_manage": can(request.user, Perm.MANAGE_DIRECTORY),
        "can_refer": can(request.user, Perm.MAKE_REFERRALS),
        "languages": exports.languages_of(service),
        "ages": exports.ages_of(service),
        "sexes": exports.sexes_of(service),
        "nationalities": exports.nationalities_of(service),
        "vulnerabilities": exports.vulnerabilities_of(service),
        # What apps above add to the page (the service's rating…): core.sections.
        "sections": sections.for_page("service", request.user, service),
    }
    return render(request, "directory/detail.html", context)


def _export_name(extension: str) -> str:
    stem = _("directory")
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    form, found = _filtered(request)
    found = list(selectors.with_areas(found))
    summary = filter_summary(form)
    if kind == "pdf":
        content = exports.directory_pdf(found, filters=summary)
        content_type = "application/pdf"
    else:
        content = exports.directory_xlsx(found, filters=summary)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    detail = Text(
        gettext_noop("Directory %(format)s, %(count)s services, filtered, %(language)s")
        if summary
        else gettext_noop("Directory %(format)s, %(count)s services, %(language)s"),
        format=kind.upper(),
        count=len(found),
        language=translation.get_language(),
    )
    record_export(request.user, detail=detail)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(kind)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def directory_pdf(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")


@login_required
def directory_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@login_required
def service_edit(request: HttpRequest, service_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_DIRECTORY)
    service = selectors.service_for(request.user, service_id)
    form = forms.ServiceEditForm(request.POST or None, user=request.user, service=service)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.edit_service(
                actor=request.user,
                service=service,
                expected_version=form.cleaned_data["version"],
                data=form.values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The entry has been saved."))
            return redirect("directory:detail", service_id=service.pk)
    context = {"form": form, "service": service, "title": _("Edit the entry")}
    return render(request, "directory/service_form.html", context)


@login_required
@require_POST
def service_verify(request: HttpRequest, service_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_DIRECTORY)
    service = selectors.service_for(request.user, service_id)
    services.verify_service(actor=request.user, service=service)
    messages.success(request, _("The entry is marked as verified today."))
    return redirect("directory:detail", service_id=service.pk)
