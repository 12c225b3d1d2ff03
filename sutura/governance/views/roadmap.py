"""Pages of the roadmap: the list, a roadmap's versions, one version as a timeline (SVG) and as
a list, and the editor's forms. A frozen version's forms answer with the service's message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access import require
from sutura.access.library import is_editor
from sutura.accounts.roles import Perm
from sutura.core.idempotency import idempotent_form
from sutura.governance.forms import library as library_forms
from sutura.governance.forms import roadmap as forms
from sutura.governance.roadmap_timeline import Bar, Group, timeline_svg
from sutura.governance.selectors import library as library_selectors
from sutura.governance.selectors import roadmap as selectors
from sutura.governance.services import roadmap as services
from sutura.governance.views.library import _form_page, _url


@login_required
def roadmap_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    context = {
        "roadmaps": selectors.roadmaps_for(request.user),
        "is_editor": is_editor(request.user),
    }
    return render(request, "governance/roadmap_list.html", context)


@login_required
@idempotent_form
def roadmap_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    form = forms.RoadmapForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: services.create_roadmap(request.user, **form.cleaned_data),
        title=_("New roadmap"),
        back=(_url("roadmap:list"), _("Roadmap")),
        done=_("The roadmap has been created with a first draft."),
        to=lambda roadmap: redirect("roadmap:detail", roadmap_id=roadmap.pk),
    )


@login_required
def roadmap_detail(request: HttpRequest, roadmap_id: Any) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    roadmap = selectors.roadmap_for(request.user, roadmap_id)
    versions = selectors.versions_of(request.user, roadmap)
    context = {
        "roadmap": roadmap,
        "versions": versions,
        "has_draft": any(v.status == "draft" for v in versions),
        "is_editor": is_editor(request.user),
    }
    return render(request, "governance/roadmap_detail.html", context)


def _groups(priorities: list[Any]) -> list[Group]:
    return [
        Group(
            f"{priority.order}. {priority.title}",
            [
                Bar(
                    action.title,
                    action.starts_on,
                    action.ends_on,
                    action.status,
                    (action.responsible.acronym or action.responsible.name)
                    if action.responsible
                    else "",
                )
                for action in priority.actions.all()
            ],
        )
        for priority in priorities
    ]


@login_required
def version_detail(request: HttpRequest, version_id: Any) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    version = selectors.version_for(request.user, version_id)
    priorities = selectors.priorities_of(request.user, version)
    svg = timeline_svg(
        _groups(priorities),
        starts_on=version.roadmap.starts_on,
        ends_on=version.roadmap.ends_on,
        label=_("Timeline of %(title)s, version %(number)s")
        % {"title": version.roadmap.title, "number": version.number},
        today=timezone.localdate(),
    )
    context = {
        "version": version,
        "roadmap": version.roadmap,
        "priorities": priorities,
        "svg": svg,
        "statuses": services.RoadmapActionStatus.choices,
        "editable": is_editor(request.user) and not version.is_frozen,
        "is_editor": is_editor(request.user),
    }
    return render(request, "governance/roadmap_version.html", context)


@login_required
def compare_versions(request: HttpRequest, roadmap_id: Any) -> HttpResponse:
    """What changed between two versions of a roadmap (?a=…&b=…)."""
    require(request.user, Perm.VIEW_GOVERNANCE)
    roadmap = selectors.roadmap_for(request.user, roadmap_id)
    first, second = request.GET.get("a"), request.GET.get("b")
    if not first or not second:
        raise Http404
    before, after, rows = selectors.compare_versions(request.user, roadmap, first, second)
    context = {"roadmap": roadmap, "before": before, "after": after, "rows": rows}
    return render(request, "governance/roadmap_compare.html", context)


@login_required
@require_POST
def start_next(request: HttpRequest, roadmap_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    roadmap = selectors.roadmap_for(request.user, roadmap_id)
    try:
        draft = services.start_next_version(request.user, roadmap)
    except services.ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("roadmap:detail", roadmap_id=roadmap.pk)
    messages.success(request, _("The next version starts as a copy: it is a draft."))
    return redirect("roadmap:version", version_id=draft.pk)


@login_required
def validate(request: HttpRequest, version_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    version = selectors.version_for(request.user, version_id)
    meetings = library_selectors.meetings_for_validation(request.user)
    form = library_forms.ValidationForm(request.POST or None, meetings=meetings)
    return _form_page(
        request,
        form,
        lambda: services.validate_roadmap_version(request.user, version, **form.cleaned_data),
        title=_("Validate %(version)s") % {"version": version},
        back=(_url("roadmap:version", version_id=version.pk), str(version)),
        done=_("The version is validated and frozen."),
        to=lambda saved: redirect("roadmap:version", version_id=saved.pk),
    )


@login_required
@idempotent_form
def priority_new(request: HttpRequest, version_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    version = selectors.version_for(request.user, version_id)
    form = forms.PriorityForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: services.add_priority(request.user, version, **form.cleaned_data),
        title=_("Add a priority"),
        back=(_url("roadmap:version", version_id=version.pk), str(version)),
        done=_("The priority has been added."),
        to=lambda saved: redirect("roadmap:version", version_id=version.pk),
    )


@login_required
@idempotent_form
def action_new(request: HttpRequest, priority_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    priority = selectors.priority_for(request.user, priority_id)
    version = priority.roadmap_version
    form = forms.ActionForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        lambda: services.add_action(request.user, priority, **form.cleaned_data),
        title=_("Add an action to %(priority)s") % {"priority": priority.title},
        back=(_url("roadmap:version", version_id=version.pk), str(version)),
        done=_("The action has been added."),
        to=lambda saved: redirect("roadmap:version", version_id=version.pk),
    )


@login_required
def action_edit(request: HttpRequest, action_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    action = selectors.action_for(request.user, action_id)
    version = action.priority.roadmap_version
    initial = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    initial |= {"responsible": action.responsible_id, "version": action.version}
    form = forms.ActionEditForm(request.POST or None, initial=initial, user=request.user)

    def save() -> Any:
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        return services.update_action(request.user, action, expected_version=expected, **data)

    return _form_page(
        request,
        form,
        save,
        title=_("Edit the action"),
        back=(_url("roadmap:version", version_id=version.pk), str(version)),
        done=_("The action has been saved."),
        to=lambda saved: redirect("roadmap:version", version_id=version.pk),
    )


@login_required
@idempotent_form
def note_new(request: HttpRequest, action_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    action = selectors.action_for(request.user, action_id)
    version = action.priority.roadmap_version
    form = forms.NoteForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: services.add_progress_note(request.user, action, **form.cleaned_data),
        title=_("Progress on %(action)s") % {"action": action.title},
        back=(_url("roadmap:version", version_id=version.pk), str(version)),
        done=_("The progress note has been added."),
        to=lambda saved: redirect("roadmap:version", version_id=version.pk),
    )
