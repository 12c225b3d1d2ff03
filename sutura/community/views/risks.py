"""Pages of risk analyses (the analysis with its risk matrix, the comparison of two), assets
and their map, and the community action plan (recommendations, progress, validation at a
consultation). Who sees a community reads them (404 otherwise); its officers edit (403 for
the others who see it)."""

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
from django.utils.translation import gettext as _

from sutura.access.community import has_community_role, manages_communities
from sutura.community import risk_matrix
from sutura.community.forms import risks as forms
from sutura.community.models import AssetKind, Community, GroupKind, RecommendationStatus
from sutura.community.selectors import risks as selectors
from sutura.community.services import assets as asset_services
from sutura.community.services import plans as plan_services
from sutura.community.services import risks as risk_services
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form


def _require_edits(user: Any, community: Community) -> None:
    if not selectors.standing(user, community).edits:
        raise PermissionDenied


def _form_page(
    request: HttpRequest,
    form: django_forms.Form,
    action: Callable[[], Any],
    *,
    community: Community,
    title: str,
    back: str,
    done: str,
    to: Callable[[Any], str],
    template: str = "community/risks/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A small form page: on a valid POST call the service; its refusals show on the form."""
    if request.method == "POST" and form.is_valid():
        result = run_service(form, action)
        if result is not None:
            messages.success(request, done)
            return redirect(to(result))
    context = {"form": form, "title": title, "back_url": back, "community": community}
    return render(request, template, context | (extra or {}))


def _analyses_url(community: Community) -> str:
    return reverse("community:analyses", kwargs={"pk": community.pk})


# --- risk analyses ------------------------------------------------------------------------------


@login_required
def analyses(request: HttpRequest, pk: Any) -> HttpResponse:
    """A community's risk analyses, newest first, with the way to compare them."""
    community = selectors.community_for(request.user, pk)
    found = selectors.analyses_of(request.user, community)
    context = {
        "community": community,
        "analyses": found,
        "edits": selectors.standing(request.user, community).edits,
    }
    return render(request, "community/risks/analyses.html", context)


@login_required
@idempotent_form
def analysis_new(request: HttpRequest, pk: Any) -> HttpResponse:
    community = selectors.community_for(request.user, pk)
    _require_edits(request.user, community)
    form = forms.AnalysisForm(
        request.POST or None, meetings=selectors.community_meetings(request.user, community)
    )
    return _form_page(
        request,
        form,
        lambda: risk_services.record_analysis(
            actor=request.user, community=community, **form.service_data()
        ),
        community=community,
        title=_("New risk analysis of %(community)s") % {"community": community.name},
        back=_analyses_url(community),
        done=_("The analysis has been recorded: add its risks."),
        to=lambda analysis: reverse("community:analysis", kwargs={"pk": analysis.pk}),
        template="community/risks/analysis_form.html",
    )


@login_required
def analysis(request: HttpRequest, pk: Any) -> HttpResponse:
    """One analysis: who took part, its risks, and the risk matrix (with its text)."""
    found = selectors.analysis_for(request.user, pk)
    risks = list(found.risks.all())
    for risk in risks:
        risk.band = risk_matrix.band(risk.priority)  # type: ignore[attr-defined]
    label = _("Risk matrix of the analysis of %(date)s") % {"date": f"{found.held_on:%d/%m/%Y}"}
    context = {
        "analysis": found,
        "community": found.community,
        "risks": risks,
        "svg": risk_matrix.matrix_svg(risks, label=label),
        "cells": risk_matrix.cells(risks),
        "legend": risk_matrix.legend(),
        "groups": [GroupKind(code).label for code in found.groups_represented],
        "participants": sum(row.count for row in found.participant_counts.all()),
        "edits": selectors.standing(request.user, found.community).edits,
        "others": len(selectors.analyses_of(request.user, found.community)) > 1,
    }
    return render(request, "community/risks/analysis.html", context)


@login_required
def analysis_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    found = selectors.analysis_for(request.user, pk)
    community = found.community
    _require_edits(request.user, community)
    initial: dict[str, Any] = {
        "held_on": found.held_on,
        "meeting": str(found.meeting_id) if found.meeting_id else "",
        "groups_represented": found.groups_represented,
        "note": found.note,
        "version": found.version,
    }
    for row in found.participant_counts.all():
        initial[forms.count_name(row.sex, row.age_group)] = row.count
    form = forms.AnalysisEditForm(
        request.POST or None,
        initial=initial,
        meetings=selectors.community_meetings(request.user, community),
    )
    url = reverse("community:analysis", kwargs={"pk": found.pk})
    return _form_page(
        request,
        form,
        lambda: risk_services.update_analysis(
            actor=request.user,
            analysis=found,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        ),
        community=community,
        title=_("Correct the analysis"),
        back=url,
        done=_("The analysis has been saved."),
        to=lambda saved: url,
        template="community/risks/analysis_form.html",
    )


@login_required
@idempotent_form
def risk_new(request: HttpRequest, pk: Any) -> HttpResponse:
    """Add a risk to an analysis; one of an earlier analysis may be carried (`?from=<key>`
    without JavaScript): the same key, so the comparison follows it, and its fields as a
    starting point."""
    found = selectors.analysis_for(request.user, pk)
    _require_edits(request.user, found.community)
    earlier = selectors.earlier_risks(request.user, found)
    carried = earlier.get(request.GET.get("from", ""))
    initial = {"key": carried.key, **selectors.carried_fields(carried)} if carried else {}
    form = forms.RiskForm(
        request.POST or None,
        initial=initial,
        earlier=[
            (key, f"{risk.threat} ({risk.analysis.held_on:%d/%m/%Y})")
            for key, risk in earlier.items()
        ]
        or None,
    )
    url = reverse("community:analysis", kwargs={"pk": found.pk})

    def save() -> Any:
        data = dict(form.cleaned_data)
        return risk_services.add_risk(actor=request.user, analysis=found, **data)

    if request.method == "POST" and form.is_valid():
        result = run_service(form, save)
        if result is not None:
            messages.success(request, _("The risk has been added."))
            return redirect(url)
    context = {
        "form": form,
        "title": _("Add a risk"),
        "back_url": url,
        "community": found.community,
        "analysis": found,
        "earlier": list(earlier.values()),
        "carried": carried,
        "earlier_fields": {
            key: {name: str(value) for name, value in selectors.carried_fields(risk).items()}
            for key, risk in earlier.items()
        },
    }
    return render(request, "community/risks/risk_form.html", context)


@login_required
def risk_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    risk = selectors.risk_for(request.user, pk)
    community = risk.analysis.community
    _require_edits(request.user, community)
    fields = ("threat", "affected", "likelihood", "impact", *risk_services.RISK_FIELDS)
    initial = {name: getattr(risk, name) for name in fields} | {"version": risk.version}
    form = forms.RiskEditForm(request.POST or None, initial=initial)
    url = reverse("community:analysis", kwargs={"pk": risk.analysis_id})

    def save() -> Any:
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        return risk_services.update_risk(
            actor=request.user, risk=risk, expected_version=expected, **data
        )

    return _form_page(
        request,
        form,
        save,
        community=community,
        title=_("Edit the risk"),
        back=url,
        done=_("The risk has been saved."),
        to=lambda saved: url,
    )


@login_required
def compare(request: HttpRequest, pk: Any) -> HttpResponse:
    """What changed between two analyses of the community (the last two unless chosen)."""
    community = selectors.community_for(request.user, pk)
    found = selectors.analyses_of(request.user, community)
    by_id = {str(a.pk): a for a in found}
    form = forms.CompareForm(request.GET or None, analyses=found)
    pair = risk_services.latest_pair(found)
    if form.is_bound and form.is_valid():
        before, after = by_id[form.cleaned_data["before"]], by_id[form.cleaned_data["after"]]
        pair = (before, after) if before.pk != after.pk else None
    elif pair is not None:
        form = forms.CompareForm(
            initial={"before": str(pair[0].pk), "after": str(pair[1].pk)}, analyses=found
        )
    comparison = (
        risk_services.compare_analyses(actor=request.user, before=pair[0], after=pair[1])
        if pair
        else None
    )
    context = {
        "community": community,
        "form": form,
        "comparison": comparison,
        "enough": len(found) >= 2,
        "edits": selectors.standing(request.user, community).edits,
    }
    return render(request, "community/risks/compare.html", context)


# --- assets -------------------------------------------------------------------------------------


@login_required
def assets(request: HttpRequest, pk: Any) -> HttpResponse:
    """The community's strengths, resources and allies: a list, and markers on a map that
    works without internet (the background tiles only need it)."""
    community = selectors.community_for(request.user, pk)
    found = selectors.assets_of(request.user, community)
    labels = {code: str(label) for code, label in AssetKind.choices}
    context = {
        "community": community,
        "assets": found,
        "markers": selectors.asset_markers(found, labels),
        "legend": selectors.kind_legend(found),
        "without_point": sum(1 for a in found if a.latitude is None),
        "map_labels": {
            "tiles": _("The background map needs internet; the assets are shown anyway."),
        },
        "frame": selectors.map_frame(community),
        "edits": selectors.standing(request.user, community).edits,
    }
    return render(request, "community/risks/assets.html", context)


@login_required
@idempotent_form
def asset_new(request: HttpRequest, pk: Any) -> HttpResponse:
    community = selectors.community_for(request.user, pk)
    _require_edits(request.user, community)
    form = forms.AssetForm(request.POST or None)
    url = reverse("community:assets", kwargs={"pk": community.pk})
    return _form_page(
        request,
        form,
        lambda: asset_services.add_asset(
            actor=request.user, community=community, **form.cleaned_data
        ),
        community=community,
        title=_("Map an asset of %(community)s") % {"community": community.name},
        back=url,
        done=_("The asset has been mapped."),
        to=lambda asset: url,
        template="community/risks/asset_form.html",
        extra={"frame": selectors.map_frame(community)},
    )


@login_required
def asset_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    asset = selectors.asset_for(request.user, pk)
    _require_edits(request.user, asset.community)
    fields = ("kind", "name", "description", "location", "latitude", "longitude")
    initial = {name: getattr(asset, name) for name in fields}
    initial |= {"location": asset.location_id, "version": asset.version}
    form = forms.AssetEditForm(request.POST or None, initial=initial)
    url = reverse("community:assets", kwargs={"pk": asset.community_id})

    def save() -> Any:
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        return asset_services.update_asset(
            actor=request.user, asset=asset, expected_version=expected, **data
        )

    return _form_page(
        request,
        form,
        save,
        community=asset.community,
        title=_("Edit the asset"),
        back=url,
        done=_("The asset has been saved."),
        to=lambda saved: url,
        template="community/risks/asset_form.html",
        extra={"frame": selectors.map_frame(asset.community)},
    )


# --- action plans -------------------------------------------------------------------------------


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    """The action plans of the communities the user sees, their progress at a glance."""
    if not has_community_role(request.user):
        raise Http404
    rows = selectors.plans_for(request.user)
    context = {"rows": rows, "may_create": manages_communities(request.user)}
    return render(request, "community/risks/plans.html", context)


@login_required
def plan(request: HttpRequest, pk: Any) -> HttpResponse:
    community = selectors.community_for(request.user, pk)
    context = {
        "community": community,
        "view": selectors.plan_view(request.user, community),
        "edits": selectors.standing(request.user, community).edits,
        "statuses": RecommendationStatus.choices,
    }
    return render(request, "community/risks/plan.html", context)


def _plan_url(community: Community) -> str:
    return reverse("community:plan", kwargs={"pk": community.pk})


@login_required
@idempotent_form
def recommendation_new(request: HttpRequest, pk: Any) -> HttpResponse:
    community = selectors.community_for(request.user, pk)
    _require_edits(request.user, community)
    form = forms.RecommendationForm(
        request.POST or None, risks=selectors.risks_to_answer(request.user, community)
    )
    return _form_page(
        request,
        form,
        lambda: plan_services.add_recommendation(
            actor=request.user, community=community, **form.service_data()
        ),
        community=community,
        title=_("Add a recommendation to the action plan"),
        back=_plan_url(community),
        done=_("The recommendation has been added."),
        to=lambda saved: _plan_url(community),
    )


@login_required
def recommendation_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    recommendation = selectors.recommendation_for(request.user, pk)
    community = recommendation.plan.community
    _require_edits(request.user, community)
    fields = ("action", "responsible_text", "partners", "resources", "estimated_cost")
    initial: dict[str, Any] = {name: getattr(recommendation, name) for name in fields}
    initial |= {
        "currency": recommendation.currency,
        "starts_on": recommendation.starts_on,
        "ends_on": recommendation.ends_on,
        "status": recommendation.status,
        "version": recommendation.version,
        "risks": [str(r.pk) for r in recommendation.risks.all()],
    }
    form = forms.RecommendationEditForm(
        request.POST or None,
        initial=initial,
        risks=selectors.risks_to_answer(request.user, community, linked=recommendation.risks.all()),
    )

    def save() -> Any:
        data = form.service_data()
        return plan_services.update_recommendation(
            actor=request.user,
            recommendation=recommendation,
            expected_version=form.cleaned_data["version"],
            **data,
        )

    return _form_page(
        request,
        form,
        save,
        community=community,
        title=_("Edit the recommendation"),
        back=_plan_url(community),
        done=_("The recommendation has been saved."),
        to=lambda saved: _plan_url(community),
    )


@login_required
@idempotent_form
def progress_new(request: HttpRequest, pk: Any) -> HttpResponse:
    recommendation = selectors.recommendation_for(request.user, pk)
    community = recommendation.plan.community
    _require_edits(request.user, community)
    form = forms.ProgressForm(request.POST or None, initial={"status": recommendation.status})
    return _form_page(
        request,
        form,
        lambda: plan_services.record_progress(
            actor=request.user, recommendation=recommendation, **form.cleaned_data
        ),
        community=community,
        title=_("Progress on “%(action)s”") % {"action": recommendation.action},
        back=_plan_url(community),
        done=_("The progress has been noted."),
        to=lambda saved: _plan_url(community),
    )


@login_required
@idempotent_form
def plan_validate(request: HttpRequest, pk: Any) -> HttpResponse:
    """Record the plan's validation at a consultation of the community (a decision of it)."""
    community = selectors.community_for(request.user, pk)
    _require_edits(request.user, community)
    recommendations = selectors.plan_view(request.user, community).recommendations
    form = forms.ValidationForm(
        request.POST or None,
        initial={"text": plan_services.decision_draft(community, recommendations)},
        meetings=selectors.community_meetings(request.user, community),
    )
    return _form_page(
        request,
        form,
        lambda: plan_services.validate_plan(
            actor=request.user,
            community=community,
            meeting=form.cleaned_data["meeting"],
            text=form.cleaned_data["text"],
        ),
        community=community,
        title=_("Validate the action plan of %(community)s") % {"community": community.name},
        back=_plan_url(community),
        done=_("The plan is validated: the decision is recorded on the consultation."),
        to=lambda saved: _plan_url(community),
        template="community/risks/validate.html",
    )


urlpatterns = [
    path("<uuid:pk>/analyses/", analyses, name="analyses"),
    path("<uuid:pk>/analyses/new/", analysis_new, name="analysis_new"),
    path("<uuid:pk>/analyses/compare/", compare, name="analysis_compare"),
    path("analyses/<uuid:pk>/", analysis, name="analysis"),
    path("analyses/<uuid:pk>/edit/", analysis_edit, name="analysis_edit"),
    path("analyses/<uuid:pk>/risks/new/", risk_new, name="risk_new"),
    path("risks/<uuid:pk>/edit/", risk_edit, name="risk_edit"),
    path("<uuid:pk>/assets/", assets, name="assets"),
    path("<uuid:pk>/assets/new/", asset_new, name="asset_new"),
    path("assets/<uuid:pk>/edit/", asset_edit, name="asset_edit"),
    path("plans/", plans, name="plans"),
    path("<uuid:pk>/plan/", plan, name="plan"),
    path("<uuid:pk>/plan/recommendations/new/", recommendation_new, name="recommendation_new"),
    path("<uuid:pk>/plan/validate/", plan_validate, name="plan_validate"),
    path("recommendations/<uuid:pk>/edit/", recommendation_edit, name="recommendation_edit"),
    path("recommendations/<uuid:pk>/progress/", progress_new, name="progress_new"),
]
