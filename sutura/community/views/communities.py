"""Pages of communities: the list with its filters, creating and editing a community, its page
(the hub other parts add sections to), its selection for intervention, its diagnosis and the
diagnosis report (PDF), and recording one of its meetings."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access.community import has_community_role, manages_communities
from sutura.audit.services import record_export, record_list_read, record_read
from sutura.community import diagnosis_map, diagnosis_report
from sutura.community.forms.communities import (
    ENTRY_FORMS,
    CommunityFilterForm,
    CommunityForm,
    CommunityMeetingForm,
    SelectionForm,
)
from sutura.community.selectors import communities as selectors
from sutura.community.selectors import risks as risk_selectors
from sutura.community.services import communities as services
from sutura.community.services import diagnosis as diagnosis_services
from sutura.core import sections
from sutura.core.downloads import download_name
from sutura.core.forms import ListPaginator, run_service
from sutura.core.idempotency import idempotent_form
from sutura.core.texts import Text


def _titles() -> dict[str, tuple[str, str]]:
    # (title of the new-entry page, title of the edit page), translated when asked.
    return {
        "flows": (_("Record a migration flow"), _("Edit a migration flow")),
        "notes": (_("Write a diagnosis note"), _("Edit a diagnosis note")),
        "groups": (_("Add a socio-economic group"), _("Edit a socio-economic group")),
        "services": (_("Add a service provider present"), _("Edit a service provider present")),
        "interviews": (_("Record a key-informant interview"), _("Edit a key-informant interview")),
    }


def _diagnosis_section(community: Any, kind: str) -> str:
    """The diagnosis page at the section of `kind`: where its entries are added and edited."""
    return f"{reverse('community:diagnosis', kwargs={'pk': community.pk})}#{kind}-title"


def _seen(request: HttpRequest, pk: Any) -> tuple[Any, Any]:
    return selectors.community_for(request.user, pk)


@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_community_role(user):
        raise Http404
    form = CommunityFilterForm(request.GET or None, user=user)
    filters = selectors.CommunityFilters()
    if request.GET and form.is_valid():
        data = form.cleaned_data
        filters = selectors.CommunityFilters(
            place=data.get("place"),
            status=data.get("status") or "",
            programme=data.get("programme"),
            donor=data.get("donor") or "",
        )
    page = ListPaginator(selectors.communities_for(user, filters), 30).get_page(
        request.GET.get("page")
    )
    record_list_read(
        user, what=gettext_noop("communities"), searched=bool(request.GET), page=page.number
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "community/communities/list.html",
        {
            "form": form,
            "page": page,
            "may_create": manages_communities(user),
            "query": query.urlencode(),
            "filtered": any(value for name, value in query.items()),
        },
    )


@login_required
@idempotent_form
def community_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not manages_communities(user):
        raise Http404
    form = CommunityForm(request.POST or None, request.FILES or None, user=user)
    # Without JavaScript the place picker posts the form to show its next level: no save.
    submitted = request.method == "POST" and "_refresh_picker" not in request.POST
    if submitted and form.is_valid():
        community = run_service(
            form,
            lambda: services.create_community(
                actor=user, programmes=form.cleaned_data["programmes"], **form.profile()
            ),
        )
        if community is not None:
            messages.success(request, _("The community has been opened."))
            return redirect("community:community", pk=community.pk)
    frame = risk_selectors.point_frame(location_id=form["location"].value())
    return render(
        request,
        "community/communities/form.html",
        {"form": form, "create": True, "frame": frame},
    )


@login_required
def community_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    user = request.user
    community = selectors.edited_community(user, pk)
    initial = {
        name: getattr(community, name)
        for name in (
            "name",
            "latitude",
            "longitude",
            "population_estimate",
            "population_source",
            "population_on",
            "languages",
            "host_count",
            "returnee_count",
            "displaced_count",
            "transit_count",
            "version",
        )
    } | {
        "location": community.location_id,
        "outline_text": json.dumps(community.outline) if community.outline else "",
        "programmes": selectors.programmes_of(community),
    }
    form = CommunityForm(request.POST or None, request.FILES or None, user=user, initial=initial)
    submitted = request.method == "POST" and "_refresh_picker" not in request.POST
    if submitted and form.is_valid():
        done = run_service(
            form,
            lambda: services.update_community(
                actor=user,
                community=community,
                expected_version=form.cleaned_data.get("version") or 0,
                programmes=form.cleaned_data["programmes"],
                **form.profile(),
            ),
        )
        if done is not None:
            messages.success(request, _("The community has been saved."))
            return redirect("community:community", pk=community.pk)
    frame = risk_selectors.point_frame(community)
    return render(
        request,
        "community/communities/form.html",
        {"form": form, "community": community, "frame": frame},
    )


@login_required
def community_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """The community's page: its profile, map, selection, diagnosis at a glance, meetings,
    and the sections the other parts add (`core.sections`, page "community")."""
    user = request.user
    community, standing = _seen(request, pk)
    diagnosis = selectors.diagnosis_of(user, community, audit=False)
    assets = selectors.assets_on_map(user, community)
    got, best = services.weighted_score(community)
    context = {
        "community": community,
        "standing": standing,
        "languages": diagnosis_report.language_names(community),
        "programmes": selectors.programmes_of(community),
        "map": diagnosis_map.draw(community, assets),
        "legend": diagnosis_map.numbered_assets(assets),
        "map_key": diagnosis_map.key(community, assets),
        "score": got,
        "best": best,
        "diagnosis": diagnosis,
        "meetings": selectors.community_meetings(user, community)[:20],
        "meeting_form": CommunityMeetingForm() if standing.edits else None,
        "sections": sections.for_page("community", user, community),
    }
    return render(request, "community/communities/detail.html", context)


@login_required
def selection(request: HttpRequest, pk: Any) -> HttpResponse:
    """Score the community on the selection criteria and record the decision."""
    user = request.user
    community = selectors.edited_community(user, pk)
    scores = selectors.selection_scores(user, community)
    initial: dict[str, Any] = {
        "status": community.selection_status,
        "rationale": community.selection_rationale,
        "decided_on": community.decided_on,
        "version": community.version,
    } | {f"score_{row.criterion.code}": row.score for row in scores}
    form = SelectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if (data.get("version") or 0) != community.version:
            form.add_error(
                None,
                _(
                    "Someone else saved this record after you opened it. Your changes were "
                    "not saved: reload the page to see their version, then apply your "
                    "changes again."
                ),
            )
        else:
            done = run_service(
                form,
                lambda: services.set_selection(
                    actor=user,
                    community=community,
                    status=data["status"],
                    rationale=data.get("rationale") or "",
                    decided_on=data.get("decided_on"),
                    scores=form.scores(),
                ),
            )
            if done is not None:
                messages.success(request, _("The selection has been recorded."))
                return redirect("community:community", pk=community.pk)
    got, best = services.weighted_score(community)
    return render(
        request,
        "community/communities/selection.html",
        {"form": form, "community": community, "scores": scores, "score": got, "best": best},
    )


@login_required
def diagnosis(request: HttpRequest, pk: Any) -> HttpResponse:
    """The community's diagnosis: flows, notes by topic, groups, services, interviews."""
    user = request.user
    community, standing = _seen(request, pk)
    found = selectors.diagnosis_of(user, community)
    record_read(user, community, detail=gettext_noop("community diagnosis"))
    directions, flow_rows = diagnosis_report.flow_table(found.flows)
    return render(
        request,
        "community/communities/diagnosis.html",
        {
            "community": community,
            "standing": standing,
            "diagnosis": found,
            "directions": directions,
            "flow_rows": flow_rows,
            "interview_roles": (
                [] if found.reads_personal else selectors.interview_roles(user, community)
            ),
        },
    )


@login_required
@idempotent_form
def entry_create(request: HttpRequest, pk: Any, kind: str) -> HttpResponse:
    user = request.user
    community = selectors.edited_community(user, pk)
    form_class = ENTRY_FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None, community=community, user=user)
    if request.method == "POST" and form.is_valid():
        entry = run_service(
            form,  # type: ignore[arg-type]  # a ModelForm: its errors are added the same way
            lambda: diagnosis_services.record_entry(
                user, community, form_class._meta.model, **form.entry_fields()
            ),
        )
        if entry is not None:
            messages.success(request, _("The diagnosis entry has been recorded."))
            return redirect(_diagnosis_section(community, kind))
    return render(
        request,
        "community/communities/entry_form.html",
        {
            "form": form,
            "community": community,
            "title": _titles()[kind][0],
            "create": True,
            "back_url": _diagnosis_section(community, kind),
        },
    )


@login_required
def entry_edit(request: HttpRequest, pk: Any, kind: str, entry: Any) -> HttpResponse:
    user = request.user
    community = selectors.edited_community(user, pk)
    form_class = ENTRY_FORMS.get(kind)
    if form_class is None:
        raise Http404
    record = selectors.diagnosis_entry(user, community, kind, entry)
    form = form_class(
        request.POST or None,
        community=community,
        user=user,
        instance=record,
        initial={"version": record.version},
    )
    if request.method == "POST" and form.is_valid():
        fields = form.entry_fields()
        # The form filled the instance already; the service saves it under its version.
        record.refresh_from_db()
        done = run_service(
            form,  # type: ignore[arg-type]  # a ModelForm: its errors are added the same way
            lambda: diagnosis_services.update_entry(
                user, record, expected_version=form.cleaned_data.get("version") or 0, **fields
            ),
        )
        if done is not None:
            messages.success(request, _("The diagnosis entry has been saved."))
            return redirect(_diagnosis_section(community, kind))
    return render(
        request,
        "community/communities/entry_form.html",
        {
            "form": form,
            "community": community,
            "title": _titles()[kind][1],
            "back_url": _diagnosis_section(community, kind),
        },
    )


@login_required
def report_pdf(request: HttpRequest, pk: Any) -> HttpResponse:
    """The community's diagnosis report (PDF), in French or English (`?lang=`)."""
    user = request.user
    community, _standing = _seen(request, pk)
    language = request.GET.get("lang") or request.LANGUAGE_CODE or "fr"
    language = language if language in diagnosis_report.LANGUAGES else "fr"
    pdf = diagnosis_report.render(user, community, language)
    record_export(
        user,
        detail=Text(gettext_noop("Community diagnosis report (%(language)s)"), language=language),
        obj=community,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    with translation.override(language):
        name = download_name(_("Community diagnosis"), community.name, ext="pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@idempotent_form
def meeting_create(request: HttpRequest, pk: Any) -> HttpResponse:
    """Record a consultation, validation meeting, dialogue, awareness session or training of
    the community; it opens on the meetings app's page of that meeting (attendance, import)."""
    user = request.user
    community = selectors.edited_community(user, pk)
    initial = {}
    if request.GET.get("kind"):
        initial["kind"] = selectors.meeting_kind(request.GET["kind"])
    form = CommunityMeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = run_service(
            form,
            lambda: services.record_meeting(
                actor=user,
                community=community,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                location=community.location,
            ),
        )
        if meeting is not None:
            messages.success(request, _("The meeting has been recorded."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "community/communities/entry_form.html",
        {
            "form": form,
            "community": community,
            "title": _("Record a meeting of the community"),
            "create": True,
        },
    )


urlpatterns: list[URLPattern] = [
    path("communities/", community_list, name="communities"),
    path("communities/new/", community_create, name="community_create"),
    path("communities/<uuid:pk>/", community_detail, name="community"),
    path("communities/<uuid:pk>/edit/", community_edit, name="community_edit"),
    path("communities/<uuid:pk>/selection/", selection, name="community_selection"),
    path("communities/<uuid:pk>/diagnosis/", diagnosis, name="diagnosis"),
    path("communities/<uuid:pk>/diagnosis/report.pdf", report_pdf, name="diagnosis_report"),
    path(
        "communities/<uuid:pk>/diagnosis/<slug:kind>/new/",
        entry_create,
        name="diagnosis_entry_create",
    ),
    path(
        "communities/<uuid:pk>/diagnosis/<slug:kind>/<uuid:entry>/edit/",
        entry_edit,
        name="diagnosis_entry_edit",
    ),
    path("communities/<uuid:pk>/meetings/new/", meeting_create, name="community_meeting"),
]
