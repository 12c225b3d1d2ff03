"""Pages of the assessments (list, one assessment, its answers, the comparison of two) and of
the technical-assistance log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sutura.access import require
from sutura.access.library import is_editor
from sutura.accounts.roles import Perm
from sutura.core.idempotency import idempotent_form
from sutura.governance.forms import assessments as forms
from sutura.governance.selectors import assessments as selectors
from sutura.governance.services import assessments as services
from sutura.governance.views.library import _form_page, _url


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    context = {
        "assessments": selectors.assessments_for(request.user),
        "is_editor": is_editor(request.user),
    }
    return render(request, "governance/assessment_list.html", context)


@login_required
@idempotent_form
def assessment_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    form = forms.AssessmentForm(
        request.POST or None, user=request.user, staff=selectors.governance_staff()
    )
    return _form_page(
        request,
        form,
        lambda: services.start_assessment(request.user, **form.cleaned_data),
        title=_("New assessment"),
        back=(_url("roadmap:assessments"), _("Assessments")),
        done=_("The assessment has been started: now score each item."),
        to=lambda saved: redirect("roadmap:assessment_answers", assessment_id=saved.pk),
    )


@login_required
def assessment_detail(request: HttpRequest, assessment_id: Any) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    assessment = selectors.assessment_for(request.user, assessment_id)
    context = {
        "assessment": assessment,
        "answers": selectors.answers_of(request.user, assessment),
        "others": selectors.earlier_of_same_subject(request.user, assessment),
        "is_editor": is_editor(request.user),
    }
    return render(request, "governance/assessment_detail.html", context)


@login_required
def assessment_answers(request: HttpRequest, assessment_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    assessment = selectors.assessment_for(request.user, assessment_id)
    form = forms.AnswersForm(
        request.POST or None, answers=selectors.answers_of(request.user, assessment)
    )
    return _form_page(
        request,
        form,
        lambda: services.record_answers(request.user, assessment, answers=form.answers()),
        title=_("Scores and notes"),
        back=(_url("roadmap:assessment", assessment_id=assessment.pk), str(assessment)),
        done=_("The answers have been saved."),
        to=lambda saved: redirect("roadmap:assessment", assessment_id=saved.pk),
    )


@login_required
def assessment_compare(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    first, second = request.GET.get("a"), request.GET.get("b")
    if not first or not second:
        raise Http404
    before, after, rows = selectors.compare(request.user, first, second)
    context = {"before": before, "after": after, "rows": rows}
    return render(request, "governance/assessment_compare.html", context)


@login_required
def assistance_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GOVERNANCE)
    context = {
        "entries": selectors.assistance_for(request.user),
        "is_editor": is_editor(request.user),
    }
    return render(request, "governance/assessment_assistance.html", context)


@login_required
@idempotent_form
def assistance_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    form = forms.AssistanceForm(
        request.POST or None, user=request.user, staff=selectors.governance_staff()
    )
    return _form_page(
        request,
        form,
        lambda: services.record_assistance(request.user, **form.cleaned_data),
        title=_("Record technical assistance"),
        back=(_url("roadmap:assistance"), _("Technical assistance")),
        done=_("The technical assistance has been recorded."),
        to=lambda saved: redirect("roadmap:assistance"),
    )


@login_required
def assistance_follow_up(request: HttpRequest, entry_id: Any) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    entry = selectors.assistance_entry(request.user, entry_id)
    initial = {
        "follow_up_on": entry.follow_up_on,
        "follow_up_note": entry.follow_up_note,
        "version": entry.version,
    }
    form = forms.FollowUpForm(request.POST or None, initial=initial)

    def save() -> Any:
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        return services.record_follow_up(request.user, entry, expected_version=expected, **data)

    return _form_page(
        request,
        form,
        save,
        title=_("Follow-up of %(subject)s") % {"subject": entry.subject},
        back=(_url("roadmap:assistance"), _("Technical assistance")),
        done=_("The follow-up has been saved."),
        to=lambda saved: redirect("roadmap:assistance"),
    )
