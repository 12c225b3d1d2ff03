"""Pages of the referral pathways: the list, a pathway drawn as a flowchart, and a
coordinator's edits of a pathway and its steps. Thin, like the others."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access import can, require
from sutura.accounts.roles import Perm
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.directory.flowchart import ServiceLine, StepBox, flowchart_svg
from sutura.directory.forms import pathways as forms
from sutura.directory.models import PathwayStep
from sutura.directory.selectors import pathways as selectors
from sutura.directory.services import pathways as services


@login_required
def pathway_list(request: HttpRequest) -> HttpResponse:
    form = forms.PathwayFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    pathways = selectors.pathway_list(request.user, data.get("need", ""), data.get("area"))
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
                dict(forms.URGENCIES).get(step.urgency, "") if step.urgency else "",
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
    pathway = selectors.pathway_for(request.user, pathway_id)
    steps = selectors.steps_of(request.user, pathway)
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
        "urgencies": dict(forms.URGENCIES),
        "can_manage": can(request.user, Perm.MANAGE_DIRECTORY),
    }
    return render(request, "directory/pathway.html", context)


@login_required
@idempotent_form
def pathway_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_DIRECTORY)
    form = forms.PathwayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pathway = run_service(
            form, lambda: services.create_pathway(actor=request.user, data=form.cleaned_data)
        )
        if pathway is not None:
            messages.success(request, _("The pathway has been created: add its steps."))
            return redirect("directory:pathway", pathway_id=pathway.pk)
    context = {"form": form, "title": _("New referral pathway")}
    return render(request, "directory/pathway_form.html", context)


@login_required
def pathway_edit(request: HttpRequest, pathway_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_DIRECTORY)
    pathway = selectors.pathway_for(request.user, pathway_id)
    initial = {name: getattr(pathway, name) for name in services.PATHWAY_FIELDS}
    initial |= {"area": pathway.area_id, "is_active": pathway.is_active, "version": pathway.version}
    form = forms.PathwayEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        saved = run_service(
            form,
            lambda: services.update_pathway(
                actor=request.user, pathway=pathway, expected_version=version, data=data
            ),
        )
        if saved is not None:
            messages.success(request, _("The pathway has been saved."))
            return redirect("directory:pathway", pathway_id=pathway.pk)
    context = {"form": form, "pathway": pathway, "title": _("Edit the pathway")}
    return render(request, "directory/pathway_form.html", context)


@login_required
@idempotent_form
def step_form(request: HttpRequest, pathway_id: Any, step_id: Any = None) -> HttpResponse:
    """Add a step to a pathway, or edit one (its place in the order, its services)."""
    require(request.user, Perm.MANAGE_DIRECTORY)
    pathway = selectors.pathway_for(request.user, pathway_id)
    step = selectors.step_for(request.user, pathway, step_id) if step_id else None
    initial: dict[str, Any] = {}
    if step is not None:
        initial = {name: getattr(step, name) for name in services.STEP_FIELDS}
        initial |= {"position": step.order, "services": [str(s.pk) for s in step.services.all()]}
        initial["version"] = step.version
    form_class = forms.StepForm if step is None else forms.StepEditForm
    form = form_class(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        position = data.pop("position")
        version = data.pop("version", None)
        saved = run_service(
            form,
            lambda: (
                services.update_step(
                    actor=request.user,
                    step=step,
                    data=data,
                    expected_version=version,
                    position=position,
                )
                if step is not None
                else services.add_step(
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
    pathway = selectors.pathway_for(request.user, pathway_id)
    step = selectors.step_for(request.user, pathway, step_id)
    services.remove_step(actor=request.user, step=step)
    messages.success(request, _("The step has been removed."))
    return redirect("directory:pathway", pathway_id=pathway.pk)
