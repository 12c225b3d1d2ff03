"""Pages of committees and working groups. A committee is found through the access layer
first (404 for whoever is not part of it, and is not the coordinator); keeping it (members,
meetings) then needs the chair, the secretariat or the coordinator (403)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access import can, require
from sutura.access.accounts import members
from sutura.access.governance import committee_standing
from sutura.accounts.roles import Perm
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.governance.forms.committees import (
    CommitteeForm,
    CommitteeMeetingForm,
    EndMandateForm,
    MemberForm,
    TermsOfReferenceForm,
)
from sutura.governance.selectors import committees as selectors
from sutura.governance.services import committees as services

# The meetings app's page of one meeting, when it has one (its URL name is the meetings app's).
MEETING_PAGES = ("meetings:detail", "meetings:meeting")


def meeting_url(meeting: Any) -> str:
    for name in MEETING_PAGES:
        try:
            return reverse(name, kwargs={"pk": meeting.pk})
        except NoReverseMatch:
            continue
    return ""


@login_required
def committee_list(request: HttpRequest) -> HttpResponse:
    """The committees the user sits on (all of them for the coordinator)."""
    return render(
        request,
        "governance/committee_list.html",
        {
            "committees": selectors.committees_for(request.user),
            "can_create": can(request.user, Perm.MANAGE_GOVERNANCE),
        },
    )


@login_required
@idempotent_form
def committee_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GOVERNANCE)
    form = CommitteeForm(request.POST or None, documents=selectors.terms_documents(request.user))
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: services.create_committee(request.user, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("The committee has been created: add its members."))
            return redirect("governance:committee", pk=done.pk)
    return render(request, "governance/committee_form.html", {"form": form})


@login_required
def committee_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """Members, meetings, decisions and open action items on one page."""
    committee = selectors.committee_for(request.user, pk)
    page = selectors.committee_page(request.user, committee)
    return render(
        request,
        "governance/committee_detail.html",
        {
            "page": page,
            "committee": committee,
            "meetings": [(meeting, meeting_url(meeting)) for meeting in page.meeting_rows],
            "perms_manage": can(request.user, Perm.MANAGE_GOVERNANCE),
        },
    )


def _keeps(request: HttpRequest, pk: Any) -> Any:
    committee = selectors.committee_for(request.user, pk)  # 404 first
    if not committee_standing(request.user, committee).records:
        raise PermissionDenied
    return committee


@login_required
def committee_terms(request: HttpRequest, pk: Any) -> HttpResponse:
    """Link a committee to its terms of reference in the library (the coordinator)."""
    committee = selectors.committee_for(request.user, pk)  # 404 first
    require(request.user, Perm.MANAGE_GOVERNANCE)
    form = TermsOfReferenceForm(
        request.POST or None,
        initial={"terms_of_reference": committee.terms_of_reference_id},
        documents=selectors.terms_documents(request.user),
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.set_terms_of_reference(
                request.user, committee, document=form.cleaned_data["terms_of_reference"]
            ),
        )
        if done is not None:
            messages.success(request, _("The terms of reference have been linked."))
            return redirect("governance:committee", pk=committee.pk)
    return render(
        request, "governance/committee_terms_form.html", {"form": form, "committee": committee}
    )


@login_required
@idempotent_form
def committee_member_new(request: HttpRequest, pk: Any) -> HttpResponse:
    committee = _keeps(request, pk)
    form = MemberForm(request.POST or None, users=members(None).select_related("organisation"))
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: services.add_member(request.user, committee, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("The member has been added."))
            return redirect("governance:committee", pk=committee.pk)
    return render(
        request, "governance/committee_member_form.html", {"form": form, "committee": committee}
    )


@login_required
@require_POST
def committee_member_end(request: HttpRequest, pk: Any) -> HttpResponse:
    member = selectors.member_for(request.user, pk)
    committee = _keeps(request, member.committee_id)
    form = EndMandateForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.end_mandate(
                request.user,
                member,
                expected_version=form.cleaned_data["version"],
                mandate_end=form.cleaned_data["mandate_end"],
            ),
        )
        if done is not None:
            messages.success(request, _("The mandate has been ended."))
            return redirect("governance:committee", pk=committee.pk)
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect("governance:committee", pk=committee.pk)


@login_required
@idempotent_form
def committee_meeting_new(request: HttpRequest, pk: Any) -> HttpResponse:
    """Record a meeting of the committee (attendance, decisions and action items follow on the
    meeting's own pages)."""
    committee = _keeps(request, pk)
    form = CommitteeMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form, lambda: services.record_meeting(request.user, committee, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("The meeting has been recorded."))
            return redirect(meeting_url(done) or reverse("governance:committee", args=[pk]))
    return render(
        request, "governance/committee_meeting_form.html", {"form": form, "committee": committee}
    )
