"""Pages of workplans, monitoring visits, periodic reports, case trends.

Who reaches what: users without a community role (mentors, provider agents…) get 404 on every
page; a record the user does not see is 404; a write the user may not make on a record they
see is 403 (`access.community`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.community import has_community_role, manages_communities, seen_communities
from sutura.audit.services import record_export
from sutura.cases.models import Programme
from sutura.community import report_files
from sutura.community.forms import partners as forms
from sutura.community.models import Community
from sutura.community.selectors import partners as selectors
from sutura.community.selectors import periodic, trends
from sutura.community.services import visits as visit_services
from sutura.community.services import workplans as services
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.core.texts import Text, moment
from sutura.geo.models import Location


def _require_role(user: Any) -> None:
    if not has_community_role(user):
        raise Http404


def _require_officer(user: Any) -> None:
    if not manages_communities(user):
        raise Http404


def _form_page(
    request: HttpRequest,
    form: django_forms.Form,
    action: Callable[[], Any],
    *,
    title: str,
    back: tuple[str, str],
    done: str,
    to: Callable[[Any], HttpResponse],
    template: str = "community/partners/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A small form page: on a valid POST call the service; its refusals show on the form."""
    if request.method == "POST" and form.is_valid():
        result = run_service(form, action)
        if result is not None:
            messages.success(request, done)
            return to(result)
    context = {"form": form, "title": title, "back_url": back[0], "back_label": back[1]}
    return render(request, template, {**context, **(extra or {})})


# --- workplans ----------------------------------------------------------------------------------


@login_required
def workplan_list(request: HttpRequest) -> HttpResponse:
    """The workplans the user sees, achieved against target, and the follow-ups due."""
    _require_role(request.user)
    rows = [
        (workplan, *selectors.workplan_progress(request.user, workplan))
        for workplan in selectors.workplans_for(request.user)
    ]
    context = {
        "rows": rows,
        "follow_ups": [
            (recommendation, selectors.overdue(recommendation))
            for recommendation in selectors.follow_ups_due(request.user)[:20]
        ],
        "may_create": manages_communities(request.user),
    }
    return render(request, "community/partners/workplan_list.html", context)


def _programmes(user: Any) -> Any:
    return visible(user, Programme).order_by("name")


@login_required
@idempotent_form
def workplan_new(request: HttpRequest) -> HttpResponse:
    _require_officer(request.user)
    form = forms.WorkplanForm(
        request.POST or None,
        partners=selectors.partner_organisations(request.user),
        programmes=_programmes(request.user),
    )
    return _form_page(
        request,
        form,
        lambda: services.create_workplan(actor=request.user, **form.cleaned_data),
        title=_("New workplan"),
        back=(reverse("community:workplans"), _("Partners and monitoring")),
        done=_("The workplan has been opened: now plan its activities."),
        to=lambda saved: redirect("community:workplan", workplan_id=saved.pk),
    )


@login_required
def workplan_detail(request: HttpRequest, workplan_id: Any) -> HttpResponse:
    workplan = selectors.workplan_for(request.user, workplan_id)
    achieved, target = selectors.workplan_progress(request.user, workplan)
    context = {
        "workplan": workplan,
        "rows": selectors.activity_rows(request.user, workplan),
        "achieved": achieved,
        "target": target,
        "visits": selectors.visits_for(request.user, workplan=workplan),
        "may_edit": selectors.can_edit(request.user, workplan),
        "may_report": selectors.can_report(request.user, workplan),
        "programmes": list(workplan.programmes.all()),
    }
    return render(request, "community/partners/workplan_detail.html", context)


@login_required
@idempotent_form
def activity_new(request: HttpRequest, workplan_id: Any) -> HttpResponse:
    workplan = selectors.workplan_for(request.user, workplan_id)
    if not selectors.can_edit(request.user, workplan):
        raise PermissionDenied
    form = forms.ActivityForm(
        request.POST or None, communities=selectors.communities_to_plan(request.user, workplan)
    )
    return _form_page(
        request,
        form,
        lambda: services.add_activity(actor=request.user, workplan=workplan, **form.cleaned_data),
        title=_("Plan an activity"),
        back=(reverse("community:workplan", args=[workplan.pk]), workplan.title),
        done=_("The activity has been planned."),
        to=lambda saved: redirect("community:workplan", workplan_id=workplan.pk),
    )


@login_required
@idempotent_form
def progress_new(request: HttpRequest, activity_id: Any) -> HttpResponse:
    """The partner's staff (or the officer) report what was achieved against an activity."""
    activity = selectors.activity_for(request.user, activity_id)
    workplan = activity.workplan
    if not selectors.can_report(request.user, workplan):
        raise PermissionDenied
    form = forms.ProgressForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: services.report_progress(actor=request.user, activity=activity, **form.report()),
        title=_("Report progress: %(activity)s") % {"activity": activity.description},
        back=(reverse("community:workplan", args=[workplan.pk]), workplan.title),
        done=_("The progress has been recorded."),
        to=lambda saved: redirect("community:workplan", workplan_id=workplan.pk),
        template="community/partners/progress_form.html",
        extra={"progress": selectors.progress_of(request.user, activity)},
    )


# --- monitoring visits --------------------------------------------------------------------------


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    context = {
        "visits": selectors.visits_for(request.user)[:100],
        "may_create": manages_communities(request.user),
    }
    return render(request, "community/partners/visit_list.html", context)


@login_required
@idempotent_form
def visit_new(request: HttpRequest) -> HttpResponse:
    _require_officer(request.user)
    initial = {"visited_on": timezone.localdate()}
    form = forms.VisitForm(
        request.POST or None,
        initial=initial,
        communities=selectors.editable_communities(request.user),
        workplans=selectors.editable_workplans_queryset(request.user),
        colleagues=selectors.visitors_to_choose(request.user),
    )
    return _form_page(
        request,
        form,
        lambda: visit_services.record_visit(actor=request.user, **form.cleaned_data),
        title=_("Record a monitoring visit"),
        back=(reverse("community:visits"), _("Monitoring visits")),
        done=_("The visit has been recorded: now answer the checklist."),
        to=lambda saved: redirect("community:visit_answers", visit_id=saved.pk),
    )


@login_required
def visit_detail(request: HttpRequest, visit_id: Any) -> HttpResponse:
    visit = selectors.visit_for(request.user, visit_id)
    context = {
        "visit": visit,
        "answers": selectors.answers_of(request.user, visit),
        "recommendations": [
            (recommendation, selectors.overdue(recommendation))
            for recommendation in selectors.recommendations_of(request.user, visit)
        ],
        "visitors": selectors.visitors_of(request.user, visit),
        "may_edit": selectors.can_edit_visit(request.user, visit),
        "may_follow_up": selectors.can_follow_up(request.user, visit),
    }
    return render(request, "community/partners/visit_detail.html", context)


@login_required
def visit_answers(request: HttpRequest, visit_id: Any) -> HttpResponse:
    visit = selectors.visit_for(request.user, visit_id)
    if not selectors.can_edit_visit(request.user, visit):
        raise PermissionDenied
    rows = selectors.answers_of(request.user, visit)
    initial = {"findings": visit.findings, "version": visit.version}
    form = forms.AnswersForm(request.POST or None, initial=initial, rows=rows)

    def save() -> Any:
        return visit_services.update_visit(
            actor=request.user,
            visit=visit,
            expected_version=form.cleaned_data["version"],
            findings=form.cleaned_data["findings"],
            answers=form.answers(),
        )

    return _form_page(
        request,
        form,
        save,
        title=_("Monitoring checklist and findings"),
        back=(reverse("community:visit", args=[visit.pk]), _("Monitoring visit")),
        done=_("The checklist and findings have been saved."),
        to=lambda saved: redirect("community:visit", visit_id=visit.pk),
    )


@login_required
@idempotent_form
def recommendation_new(request: HttpRequest, visit_id: Any) -> HttpResponse:
    visit = selectors.visit_for(request.user, visit_id)
    if not selectors.can_edit_visit(request.user, visit):
        raise PermissionDenied
    form = forms.RecommendationForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: visit_services.add_recommendation(
            actor=request.user, visit=visit, **form.cleaned_data
        ),
        title=_("Add a recommendation"),
        back=(reverse("community:visit", args=[visit.pk]), _("Monitoring visit")),
        done=_("The recommendation has been added."),
        to=lambda saved: redirect("community:visit", visit_id=visit.pk),
    )


@login_required
def recommendation_follow_up(request: HttpRequest, recommendation_id: Any) -> HttpResponse:
    recommendation = selectors.recommendation_for(request.user, recommendation_id)
    if not selectors.can_follow_up(request.user, recommendation.visit):
        raise PermissionDenied
    initial = {
        "follow_up_status": recommendation.follow_up_status,
        "follow_up_note": recommendation.follow_up_note,
        "version": recommendation.version,
    }
    form = forms.FollowUpForm(request.POST or None, initial=initial)

    def save() -> Any:
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        return visit_services.follow_up(
            actor=request.user, recommendation=recommendation, expected_version=expected, **data
        )

    return _form_page(
        request,
        form,
        save,
        title=_("Follow-up of a recommendation"),
        back=(reverse("community:visit", args=[recommendation.visit_id]), _("Monitoring visit")),
        done=_("The follow-up has been saved."),
        to=lambda saved: redirect("community:visit", visit_id=recommendation.visit_id),
        extra={"intro": recommendation.text},
    )


# --- case trends --------------------------------------------------------------------------------


@login_required
def case_trends(request: HttpRequest, community_id: Any) -> HttpResponse:
    """Vulnerable cases of the community's area by category and calendar quarter: numbers
    only, under the small-number rule."""
    community = get_visible_or_404(request.user, Community, pk=community_id)
    trend = trends.trend_for(request.user, community)
    context = {"community": community, "trend": trend}
    return render(request, "community/partners/case_trends.html", context)


# --- periodic reports ---------------------------------------------------------------------------


def _report_form(request: HttpRequest) -> forms.ReportForm:
    user = request.user
    partners = selectors.partner_organisations(user)
    seen = seen_communities(user)
    places = seen.values("location_id") if seen is not None else []
    areas = (
        Location.objects.filter(pk__in=places)
        .select_related("parent__parent")
        .order_by("level", "name_fr")
    )
    return forms.ReportForm(
        request.GET or None, partners=partners, areas=areas, programmes=_programmes(user)
    )


def _report_request(form: forms.ReportForm) -> periodic.ReportRequest:
    if not form.is_bound or not form.is_valid():
        return periodic.ReportRequest()
    data = form.cleaned_data
    return periodic.ReportRequest(
        frequency=data.get("frequency") or "monthly",
        day=data.get("day") or timezone.localdate(),
        partner=data.get("partner"),
        area=data.get("area"),
        programme=data.get("programme"),
    )


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """A weekly, monthly or quarterly report for a partner or an area, cut by programme: its
    figures on the page, and as PDF or XLSX in French or English. A user whose organisation has
    no community yet is told who creates them, and offered no empty file."""
    _require_role(request.user)
    if not selectors.has_communities(request.user):
        return render(request, "community/partners/report_none.html", {})
    form = _report_form(request)
    figures = periodic.report_figures(request.user, _report_request(form))
    context = {
        "form": form,
        "figures": figures,
        "ages": periodic.age_headers(),
        "query": request.GET.urlencode(),
    }
    return render(request, "community/partners/report.html", context)


@login_required
def report_file(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_role(request.user)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    form = _report_form(request)
    language = form.cleaned_data.get("language") if form.is_bound and form.is_valid() else ""
    language = language or translation.get_language() or "fr"
    with translation.override(language):
        figures = periodic.report_figures(request.user, _report_request(form))
        if fmt == "pdf":
            content, kind = report_files.report_pdf(figures), "application/pdf"
        else:
            content = report_files.report_xlsx(figures)
            kind = report_files.XLSX
    record_export(
        request.user,
        detail=Text(
            gettext_noop("Community report %(frequency)s %(start)s %(format)s %(language)s"),
            frequency=figures.request.frequency,
            start=moment(figures.start),
            format=fmt,
            language=language,
        ),
    )
    response = HttpResponse(content, content_type=kind)
    name = f"community-report-{figures.request.frequency}-{figures.start.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("workplans/", workplan_list, name="workplans"),
    path("workplans/new/", workplan_new, name="workplan_new"),
    path("workplans/<uuid:workplan_id>/", workplan_detail, name="workplan"),
    path("workplans/<uuid:workplan_id>/activities/new/", activity_new, name="activity_new"),
    path("activities/<uuid:activity_id>/progress/new/", progress_new, name="workplan_progress_new"),
    path("visits/", visit_list, name="visits"),
    path("visits/new/", visit_new, name="visit_new"),
    path("visits/<uuid:visit_id>/", visit_detail, name="visit"),
    path("visits/<uuid:visit_id>/checklist/", visit_answers, name="visit_answers"),
    path(
        "visits/<uuid:visit_id>/recommendations/new/",
        recommendation_new,
        name="visit_recommendation_new",
    ),
    path(
        "recommendations/<uuid:recommendation_id>/follow-up/",
        recommendation_follow_up,
        name="recommendation_follow_up",
    ),
    path("<uuid:community_id>/case-trends/", case_trends, name="case_trends"),
    path("reports/", reports, name="reports"),
    path("reports/report.<str:fmt>", report_file, name="report_file"),
]
