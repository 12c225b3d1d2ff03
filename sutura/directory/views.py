"""Directory pages: thin. Parse, call a selector or a service, render.

The list, the map and the two exports read the same filters through `services_for()`, so what
is printed is what was on screen.
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
from django.views.decorators.http import require_POST

from sutura.access import can, require
from sutura.accounts.roles import Perm
from sutura.audit.services import record_export
from sutura.core.forms import run_service
from sutura.directory import exports
from sutura.directory.flowchart import ServiceLine, StepBox, flowchart_svg
from sutura.directory.forms import entries as entry_forms
from sutura.directory.forms import pathways as pathway_forms
from sutura.directory.forms import proposals as proposal_forms
from sutura.directory.models import ChangeKind, ChangeStatus, PathwayStep, Service
from sutura.directory.selectors import entries as entry_reads
from sutura.directory.selectors import pathways as pathway_reads
from sutura.directory.selectors import proposals as proposal_reads
from sutura.directory.services import entries as entry_writes
from sutura.directory.services import pathways as pathway_writes
from sutura.directory.services import proposals as proposal_writes

PAGE_SIZE = 25
MAP_LIMIT = 1000  # markers drawn on one map; the list below says when there are more


def _filtered(request: HttpRequest) -> tuple[entry_forms.DirectoryFilterForm, Any]:
    form = entry_forms.DirectoryFilterForm(request.GET or None, user=request.user)
    return form, entry_reads.services_for(request.user, form.filters())


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def filter_summary(form: entry_forms.DirectoryFilterForm) -> list[tuple[str, str]]:
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
    page = Paginator(entry_reads.with_areas(found), PAGE_SIZE).get_page(request.GET.get("page"))
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
    service = entry_reads.service_for(request.user, service_id)
    context = {
        "service": service,
        "history": [
            (change, [proposal_reads.field_label(name) for name in change.changed_fields()])
            for change in proposal_reads.history_of(request.user, service)
        ],
        "pathways": pathway_reads.pathways_of_service(request.user, service),
        "can_propose": can(request.user, Perm.PROPOSE_DIRECTORY_CHANGES),
        "can_manage": can(request.user, Perm.MANAGE_DIRECTORY),
        "can_refer": can(request.user, Perm.MAKE_REFERRALS),
        "languages": exports.languages_of(service),
        "ages": exports.ages_of(service),
        "sexes": exports.sexes_of(service),
        "nationalities": exports.nationalities_of(service),
        "vulnerabilities": exports.vulnerabilities_of(service),
    }
    return render(request, "directory/detail.html", context)


def _export_name(extension: str) -> str:
    stem = _("directory")
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    form, found = _filtered(request)
    found = list(entry_reads.with_areas(found))
    summary = filter_summary(form)
    if kind == "pdf":
        content = exports.directory_pdf(found, filters=summary)
        content_type = "application/pdf"
    else:
        content = exports.directory_xlsx(found, filters=summary)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    detail = f"directory {kind.upper()}, {len(found)} services" + (", filtered" if summary else "")
    record_export(request.user, detail=f"{detail}, {translation.get_language()}")
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


# ---------------------------------------------------------------------------------------------
# Proposals, review and a coordinator's edits


@login_required
def propose_new(request: HttpRequest) -> HttpResponse:
    """Anyone who may propose suggests a service; a coordinator adds it at once."""
    require(request.user, Perm.PROPOSE_DIRECTORY_CHANGES)
    manager = can(request.user, Perm.MANAGE_DIRECTORY)
    form = proposal_forms.ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data.get("comment", "")
        if manager:
            service = run_service(
                form,
                lambda: entry_writes.create_service(
                    actor=request.user, data=form.values(), comment=comment
                ),
            )
            if service is not None:
                messages.success(request, _("The service has been added to the directory."))
                return redirect("directory:detail", service_id=service.pk)
        else:
            change = run_service(
                form,
                lambda: proposal_writes.propose_new_service(
                    actor=request.user, data=form.values(), comment=comment
                ),
            )
            if change is not None:
                messages.success(request, _("Thank you: a coordinator will review the proposal."))
                return redirect("directory:change_detail", change_id=change.pk)
    title = _("Add a service") if manager else _("Propose a new service")
    return render(request, "directory/service_form.html", {"form": form, "title": title})


@login_required
def propose_change(request: HttpRequest, service_id: Any) -> HttpResponse:
    require(request.user, Perm.PROPOSE_DIRECTORY_CHANGES)
    service = entry_reads.service_for(request.user, service_id)
    quick_post = request.method == "POST" and "kind" in request.POST
    quick = proposal_forms.QuickProposalForm(request.POST if quick_post else None)
    form = proposal_forms.ProposalForm(
        request.POST if request.method == "POST" and not quick_post else None,
        user=request.user,
        service=service,
    )
    change = None
    if quick_post and quick.is_valid():
        change = run_service(
            quick,
            lambda: proposal_writes.propose_change(
                actor=request.user,
                service=service,
                kind=quick.cleaned_data["kind"],
                comment=quick.cleaned_data["comment"],
            ),
        )
    elif request.method == "POST" and not quick_post and form.is_valid():
        change = run_service(
            form,
            lambda: proposal_writes.propose_change(
                actor=request.user,
                service=service,
                data=form.values(),
                comment=form.cleaned_data.get("comment", ""),
                kind=ChangeKind.UPDATE,
            ),
        )
    if change is not None:
        messages.success(request, _("Thank you: a coordinator will review the proposal."))
        return redirect("directory:change_detail", change_id=change.pk)
    context = {"form": form, "quick": quick, "service": service}
    return render(request, "directory/propose_change.html", context)


@login_required
def change_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ChangeStatus.values else ""
    changes = proposal_reads.changes_for(request.user, status)
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": ChangeStatus.choices,
        "query": f"status={status}" if status else "",
        "can_manage": can(request.user, Perm.MANAGE_DIRECTORY),
    }
    return render(request, "directory/changes.html", context)


@login_required
def change_detail(request: HttpRequest, change_id: Any) -> HttpResponse:
    """A proposal side by side with the entry; coordinators approve or reject it here."""
    change = proposal_reads.change_for(request.user, change_id)
    form = proposal_forms.ReviewForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Perm.MANAGE_DIRECTORY)
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            approve = "approve" in request.POST
            done = run_service(
                form,
                lambda: (
                    proposal_writes.approve_change(
                        actor=request.user, change=change, comment=comment
                    )
                    if approve
                    else proposal_writes.reject_change(
                        actor=request.user, change=change, comment=comment
                    )
                ),
            )
            if done is not None:
                messages.success(
                    request,
                    _("The proposal has been approved.")
                    if approve
                    else _("The proposal has been rejected."),
                )
                return redirect("directory:change_detail", change_id=change.pk)
    rows = proposal_reads.change_rows(request.user, change)
    context = {
        "change": change,
        "rows": rows,
        "stale": any(row.stale for row in rows),
        "form": form,
        "can_review": can(request.user, Perm.MANAGE_DIRECTORY)
        and change.status == ChangeStatus.PENDING,
    }
    return render(request, "directory/change_detail.html", context)


@login_required
def service_edit(request: HttpRequest, service_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_DIRECTORY)
    service = entry_reads.service_for(request.user, service_id)
    form = entry_forms.ServiceEditForm(request.POST or None, user=request.user, service=service)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: entry_writes.edit_service(
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
    service = entry_reads.service_for(request.user, service_id)
    entry_writes.verify_service(actor=request.user, service=service)
    messages.success(request, _("The entry is marked as verified today."))
    return redirect("directory:detail", service_id=service.pk)


# ---------------------------------------------------------------------------------------------
# Pathways


@login_required
def pathway_list(request: HttpRequest) -> HttpResponse:
    form = pathway_forms.PathwayFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    pathways = pathway_reads.pathway_list(request.user, data.get("need", ""), data.get("area"))
    context = {
        "form": form,
        "pathways": pathways,
        "can_manage": can(request.user, Perm.MANAGE_DIRECTORY),
    }
    return render(request, "directory/pathways.html", context)


def _boxes(steps: list[PathwayStep]) -> list[StepBox]:
    boxes = []
    for step in steps:
        note = " · ".join(
            str(text)
            for text in (
                step.get_category_display() if step.category else "",
                dict(pathway_forms.URGENCIES).get(step.urgency, "") if step.urgency else "",
            )
            if text
        )
        lines = [
            ServiceLine(
                service.name,
                service.provider.acronym or service.provider.name,
                reverse("directory:detail", args=[service.pk]),
            )
            for service in step.services.all()
        ]
        boxes.append(StepBox(step.order, step.title, step.detail, note, lines))
    return boxes


@login_required
def pathway_detail(request: HttpRequest, pathway_id: Any) -> HttpResponse:
    pathway = pathway_reads.pathway_for(request.user, pathway_id)
    steps = pathway_reads.steps_of(request.user, pathway)
    svg = flowchart_svg(
        _boxes(steps),
        label=_("Flowchart of the pathway: %(title)s") % {"title": pathway.title},
        empty_text=_("No service named yet"),
        no_steps_text=_("No step yet."),
    )
    context = {
        "pathway": pathway,
        "steps": steps,
        "svg": svg,
        "urgencies": dict(pathway_forms.URGENCIES),
        "can_manage": can(request.user, Perm.MANAGE_DIRECTORY),
    }
    return render(request, "directory/pathway.html", context)


@login_required
def pathway_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_DIRECTORY)
    form = pathway_forms.PathwayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pathway = run_service(
            form, lambda: pathway_writes.create_pathway(actor=request.user, data=form.cleaned_data)
        )
        if pathway is not None:
            messages.success(request, _("The pathway has been created: add its steps."))
            return redirect("directory:pathway", pathway_id=pathway.pk)
    context = {"form": form, "title": _("New referral pathway")}
    return render(request, "directory/pathway_form.html", context)


@login_required
def pathway_edit(request: HttpRequest, pathway_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_DIRECTORY)
    pathway = pathway_reads.pathway_for(request.user, pathway_id)
    initial = {name: getattr(pathway, name) for name in pathway_writes.PATHWAY_FIELDS}
    initial |= {"area": pathway.area_id, "is_active": pathway.is_active, "version": pathway.version}
    form = pathway_forms.PathwayEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        saved = run_service(
            form,
            lambda: pathway_writes.update_pathway(
                actor=request.user, pathway=pathway, expected_version=version, data=data
            ),
        )
        if saved is not None:
            messages.success(request, _("The pathway has been saved."))
            return redirect("directory:pathway", pathway_id=pathway.pk)
    context = {"form": form, "pathway": pathway, "title": _("Edit the pathway")}
    return render(request, "directory/pathway_form.html", context)


@login_required
def step_form(request: HttpRequest, pathway_id: Any, step_id: Any = None) -> HttpResponse:
    """Add a step to a pathway, or edit one (its place in the order, its services)."""
    require(request.user, Perm.MANAGE_DIRECTORY)
    pathway = pathway_reads.pathway_for(request.user, pathway_id)
    step = pathway_reads.step_for(request.user, pathway, step_id) if step_id else None
    initial: dict[str, Any] = {}
    if step is not None:
        initial = {name: getattr(step, name) for name in pathway_writes.STEP_FIELDS}
        initial |= {"position": step.order, "services": [str(s.pk) for s in step.services.all()]}
    form = pathway_forms.StepForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        position = data.pop("position")
        saved = run_service(
            form,
            lambda: (
                pathway_writes.update_step(
                    actor=request.user, step=step, data=data, position=position
                )
                if step is not None
                else pathway_writes.add_step(
                    actor=request.user, pathway=pathway, data=data, position=position
                )
            ),
        )
        if saved is not None:
            messages.success(request, _("The step has been saved."))
            return redirect("directory:pathway", pathway_id=pathway.pk)
    title = _("Edit the step") if step is not None else _("Add a step")
    context = {"form": form, "pathway": pathway, "step": step, "title": title}
    return render(request, "directory/step_form.html", context)


@login_required
@require_POST
def step_remove(request: HttpRequest, pathway_id: Any, step_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_DIRECTORY)
    pathway = pathway_reads.pathway_for(request.user, pathway_id)
    step = pathway_reads.step_for(request.user, pathway, step_id)
    pathway_writes.remove_step(actor=request.user, step=step)
    messages.success(request, _("The step has been removed."))
    return redirect("directory:pathway", pathway_id=pathway.pk)
