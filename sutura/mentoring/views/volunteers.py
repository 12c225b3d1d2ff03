"""Volunteers' pages (for volunteer managers: the list, a profile, its edit and end, the
supervision notes; for a mentor: their own profile and their returnees) and assignments (give
a returnee to a mentor, change the period, end it; the focal point's page of cases to give).
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from sutura.access import can, require
from sutura.access.mentoring import may_assign, reads_supervision_notes, volunteer_standing
from sutura.accounts.roles import Perm, Role
from sutura.audit.services import record_list_read, record_read
from sutura.core.forms import DateInput, run_service
from sutura.core.idempotency import idempotent_form
from sutura.geo.models import Location
from sutura.mentoring.models import AssignmentEnd, AssignmentPurpose, EndReason, Volunteer
from sutura.mentoring.selectors import volunteers as selectors
from sutura.mentoring.services import assignments, volunteers
from sutura.people.models import LANGUAGE_CHOICES

LANGUAGES = dict(LANGUAGE_CHOICES)

# --- forms ------------------------------------------------------------------------------------


def _areas(organisation: Any) -> Any:
    country = getattr(organisation, "country", None)
    found = Location.objects.filter(level__in=[1, 2]).select_related("parent")
    if country is not None:
        found = found.filter(country_code=country.country_code)
    return found.order_by("level", "name_fr")


def _choose(form: forms.Form, name: str, queryset: Any) -> None:
    """Set the rows a choice field offers (read through the selectors)."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class AreaChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class VolunteerForm(forms.Form):
    """A volunteer's profile (the account is chosen only when it is opened)."""

    user = PersonChoice(
        label=gettext_lazy("Mentor's account"),
        queryset=Volunteer.objects.none(),
        help_text=gettext_lazy(
            "An account of your organisation holding the community mentor role."
        ),
    )
    is_returnee = forms.BooleanField(label=gettext_lazy("Returnee"), required=False, initial=True)
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = AreaChoice(
        label=gettext_lazy("Areas"), queryset=Location.objects.none(), required=False
    )
    focal_point = PersonChoice(
        label=gettext_lazy("MHPSS focal point"), queryset=Volunteer.objects.none(), required=False
    )
    starts_on = forms.DateField(label=gettext_lazy("Engagement starts on"), widget=DateInput())
    weekly_hours_cap = forms.IntegerField(
        label=gettext_lazy("Weekly hours cap"), min_value=1, max_value=40, initial=15
    )
    code_of_conduct_signed_on = forms.DateField(
        label=gettext_lazy("Code of conduct signed on"), required=False, widget=DateInput()
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "focal_point", selectors.focal_points(user))
        _choose(self, "areas", _areas(user.organisation))
        if editing:
            del self.fields["user"]
        else:
            _choose(self, "user", selectors.accounts_without_profile(user))
            del self.fields["version"]
            self.fields["starts_on"].initial = timezone.localdate()


class EndForm(forms.Form):
    ends_on = forms.DateField(label=gettext_lazy("Last day of the engagement"), widget=DateInput())
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=EndReason.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"), max_length=500, required=False, widget=forms.Textarea
    )


class NoteForm(forms.Form):
    noted_on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput(), required=False)
    text = forms.CharField(label=gettext_lazy("Note"), max_length=4000, widget=forms.Textarea)


class AssignForm(forms.Form):
    mentor = PersonChoice(label=gettext_lazy("Mentor"), queryset=Volunteer.objects.none())
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), choices=AssignmentPurpose.choices)
    ends_on = forms.DateField(label=gettext_lazy("Until"), widget=DateInput())
    note = forms.CharField(
        label=gettext_lazy("What the mentor should know"),
        max_length=500,
        required=False,
        widget=forms.Textarea,
        help_text=gettext_lazy("No details of the case: the mentor sees a minimal profile only."),
    )

    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "mentor", mentors)
        self.fields["ends_on"].initial = timezone.localdate() + datetime.timedelta(days=91)


class PeriodForm(forms.Form):
    ends_on = forms.DateField(label=gettext_lazy("Until"), widget=DateInput())
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), choices=AssignmentPurpose.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignmentEndForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why it ends"),
        choices=[
            (c.value, c.label)
            for c in AssignmentEnd
            if c not in (AssignmentEnd.REPLACED, AssignmentEnd.VOLUNTEER_LEFT)
        ],
    )


# --- volunteers -------------------------------------------------------------------------------


@login_required
def volunteer_list(request: HttpRequest) -> HttpResponse:
    """The organisation's volunteers, for volunteer managers."""
    require(request.user, Perm.MANAGE_VOLUNTEERS)
    engaged = request.GET.get("engaged", "running")
    if engaged not in ("running", "ended", "all"):
        engaged = "running"
    found = selectors.volunteers_for(
        request.user, selectors.VolunteerFilters(engaged="" if engaged == "all" else engaged)
    )
    context = {"volunteers": list(found[:300]), "engaged": engaged}
    record_list_read(request.user, what=gettext_noop("volunteers"), searched=False, page=1)
    return render(request, "mentoring/volunteers/list.html", context)


@login_required
@idempotent_form
def volunteer_new(request: HttpRequest) -> HttpResponse:
    """Open a volunteer's profile on an existing mentor account."""
    require(request.user, Perm.MANAGE_VOLUNTEERS)
    form = VolunteerForm(request.POST or None, user=request.user)
    if not selectors.accounts_without_profile(request.user).exists():
        # No account to choose: say who creates one instead of an empty list.
        context = {
            "help": selectors.account_help(request.user, Role.COMMUNITY_MENTOR),
            "back": reverse("mentoring:volunteers"),
        }
        return render(request, "mentoring/volunteers/no_account.html", context)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        volunteer = run_service(
            form, lambda: volunteers.create_volunteer(actor=request.user, **data)
        )
        if volunteer is not None:
            messages.success(request, _("The volunteer's profile has been opened."))
            return redirect("mentoring:volunteer", pk=volunteer.pk)
    return render(
        request, "mentoring/volunteers/form.html", {"form": form, "volunteer": None, "new": True}
    )


def _profile_context(request: HttpRequest, volunteer: Volunteer, **extra: Any) -> dict[str, Any]:
    user = request.user
    standing = volunteer_standing(user, volunteer)
    reads_notes = reads_supervision_notes(user, volunteer)
    return {
        "volunteer": volunteer,
        "standing": standing,
        "areas": selectors.areas_of(volunteer),
        "languages": [LANGUAGES.get(code, code) for code in volunteer.languages],
        "trainings": selectors.trainings_of(user, volunteer),
        "notes": selectors.supervision_notes(user, volunteer),
        "reads_notes": reads_notes,
        "assignments": selectors.assignments_of_mentor(user, volunteer.user_id),
        "note_form": extra.pop("note_form", None) or (NoteForm() if reads_notes else None),
        "today": timezone.localdate(),
        "mine": standing.is_self,  # read-only, without the note on how it ended
        # "My returnees" only for those who have returnees to follow (an outreach volunteer
        # has a profile but no returnees: the button led to a 403).
        "follows_returnees": can(user, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL),
        **extra,
    }


@login_required
def volunteer_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    volunteer = selectors.volunteer_for(request.user, pk)
    return render(request, "mentoring/volunteers/detail.html", _profile_context(request, volunteer))


# The roles a volunteer's account holds: their profile page exists for them even before the
# profile is opened (it says whom to ask).
VOLUNTEER_ROLES = {Role.COMMUNITY_MENTOR, Role.OUTREACH_VOLUNTEER}


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    """A volunteer's own profile, read-only (no supervision notes); a mentor whose profile is
    not open yet is told whom to ask, not sent to a 404."""
    try:
        volunteer = selectors.own_profile(request.user)
    except Http404:
        if not set(getattr(request.user, "roles", ())) & VOLUNTEER_ROLES:
            raise
        return render(request, "mentoring/volunteers/no_profile.html", status=200)
    return render(request, "mentoring/volunteers/detail.html", _profile_context(request, volunteer))


def _managed(request: HttpRequest, pk: Any) -> Volunteer:
    volunteer = selectors.volunteer_for(request.user, pk, audit=request.method == "GET")
    if not volunteer_standing(request.user, volunteer).manages:
        raise PermissionDenied
    return volunteer


@login_required
def volunteer_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    """Change a volunteer's profile (refused if someone saved it meanwhile)."""
    volunteer = _managed(request, pk)
    initial = {
        "is_returnee": volunteer.is_returnee,
        "languages": volunteer.languages,
        "areas": selectors.areas_of(volunteer),
        "focal_point": volunteer.focal_point,
        "starts_on": volunteer.starts_on,
        "weekly_hours_cap": volunteer.weekly_hours_cap,
        "code_of_conduct_signed_on": volunteer.code_of_conduct_signed_on,
        "version": volunteer.version,
    }
    form = VolunteerForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        areas = data.pop("areas")
        done = run_service(
            form,
            lambda: volunteers.update_volunteer(
                actor=request.user,
                volunteer=volunteer,
                expected_version=version,
                areas=areas,
                **data,
            ),
        )
        if done is not None:
            messages.success(request, _("The profile has been saved."))
            return redirect("mentoring:volunteer", pk=volunteer.pk)
    return render(request, "mentoring/volunteers/form.html", {"form": form, "volunteer": volunteer})


@login_required
def volunteer_end(request: HttpRequest, pk: Any) -> HttpResponse:
    """End a volunteer's engagement: from the next day the account signs in no more; the
    records stay."""
    volunteer = _managed(request, pk)
    form = EndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: volunteers.end_engagement(
                actor=request.user,
                volunteer=volunteer,
                ends_on=data["ends_on"],
                reason=data["reason"],
                note=data["note"],
            ),
        )
        if done is not None:
            messages.success(request, _("The engagement has been ended."))
            return redirect("mentoring:volunteer", pk=volunteer.pk)
    return render(request, "mentoring/volunteers/end.html", {"form": form, "volunteer": volunteer})


@login_required
@require_POST
@idempotent_form
def volunteer_note(request: HttpRequest, pk: Any) -> HttpResponse:
    """The volunteer's focal point (or a programme manager) adds a supervision note."""
    volunteer = selectors.volunteer_for(request.user, pk, audit=False)
    if not reads_supervision_notes(request.user, volunteer):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        note = run_service(
            form,
            lambda: volunteers.add_supervision_note(
                actor=request.user,
                volunteer=volunteer,
                text=data["text"],
                noted_on=data["noted_on"],
            ),
        )
        if note is not None:
            messages.success(request, _("The note has been added."))
            return redirect("mentoring:volunteer", pk=volunteer.pk)
    context = _profile_context(request, volunteer, note_form=form)
    return render(request, "mentoring/volunteers/detail.html", context, status=200)


# --- the mentor's returnees --------------------------------------------------------------------


@login_required
def returnees(request: HttpRequest) -> HttpResponse:
    """A mentor's returnees: a minimal profile and where their file is, in plain words."""
    require(request.user, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL)
    found = selectors.returnees_of(request.user)
    return render(request, "mentoring/volunteers/returnees.html", {"returnees": found})


# --- assignments -------------------------------------------------------------------------------

ASSIGNERS = (Perm.MANAGE_CASES, Perm.SUPERVISE_MENTORS, Perm.MANAGE_VOLUNTEERS)


def _require_assigner(user: Any) -> None:
    if not any(can(user, perm) for perm in ASSIGNERS):
        raise PermissionDenied


@login_required
@idempotent_form
def assign(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Give a returnee to a mentor for a purpose and a period (a mentor already on the case
    hands over)."""
    _require_assigner(request.user)
    case = selectors.case_to_assign(request.user, case_id)
    if not may_assign(request.user, case):
        raise PermissionDenied
    mentors = selectors.mentors_to_assign(request.user, case)
    form = AssignForm(request.POST or None, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: assignments.assign_mentor(
                actor=request.user,
                case=case,
                mentor=data["mentor"],
                purpose=data["purpose"],
                ends_on=data["ends_on"],
                note=data["note"],
            ),
        )
        if done is not None:
            messages.success(request, _("The returnee has been assigned to the mentor."))
            return redirect(_back(request) or "mentoring:assignments_to_give")
    context = {
        "form": form,
        "case": case,
        "history": selectors.assignments_of_case(request.user, case),
        "has_mentors": mentors.exists(),
        "back": _back(request),
    }
    return render(request, "mentoring/volunteers/assign.html", context)


def _back(request: HttpRequest) -> str:
    """Where to go once done: the case page or the focal point's page (local paths only)."""
    given = request.POST.get("back") or request.GET.get("back") or ""
    local = given.startswith("/") and url_has_allowed_host_and_scheme(
        given, allowed_hosts=None, require_https=request.is_secure()
    )
    return given if local else ""


@login_required
def assignments_to_give(request: HttpRequest) -> HttpResponse:
    """The focal point's page: the cases referred to them by name and those of the mentors
    they supervise, to assign, extend or end."""
    if not (can(request.user, Perm.SUPERVISE_MENTORS) or can(request.user, Perm.MANAGE_VOLUNTEERS)):
        raise PermissionDenied
    rows = selectors.cases_to_give_for(request.user)
    return render(request, "mentoring/volunteers/to_give.html", {"rows": rows})


def _assignment_to_change(request: HttpRequest, pk: Any) -> Any:
    _require_assigner(request.user)
    assignment = selectors.assignment_for(request.user, pk)
    if not may_assign(request.user, assignment.case):
        raise PermissionDenied
    if request.method == "GET":
        record_read(request.user, assignment, detail=gettext_noop("mentor assignment"))
    return assignment


@login_required
def assignment_period(request: HttpRequest, pk: Any) -> HttpResponse:
    """Extend or shorten an assignment, or change its purpose."""
    assignment = _assignment_to_change(request, pk)
    form = PeriodForm(
        request.POST or None,
        initial={
            "ends_on": assignment.ends_on,
            "purpose": assignment.purpose,
            "version": assignment.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: assignments.change_period(
                actor=request.user,
                assignment=assignment,
                expected_version=data["version"],
                ends_on=data["ends_on"],
                purpose=data["purpose"],
            ),
        )
        if done is not None:
            messages.success(request, _("The period has been saved."))
            return redirect(_back(request) or "mentoring:assignments_to_give")
    context = {"form": form, "assignment": assignment, "back": _back(request), "ending": False}
    return render(request, "mentoring/volunteers/assignment_form.html", context)


@login_required
def assignment_end(request: HttpRequest, pk: Any) -> HttpResponse:
    """End a mentor's support of a returnee (from today the mentor sees them no more)."""
    assignment = _assignment_to_change(request, pk)
    form = AssignmentEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: assignments.end_assignment(
                actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("The assignment has ended."))
            return redirect(_back(request) or "mentoring:assignments_to_give")
    context = {"form": form, "assignment": assignment, "back": _back(request), "ending": True}
    return render(request, "mentoring/volunteers/assignment_form.html", context)


urlpatterns = [
    path("volunteers/", volunteer_list, name="volunteers"),
    path("volunteers/new/", volunteer_new, name="volunteer_new"),
    path("volunteers/<uuid:pk>/", volunteer_detail, name="volunteer"),
    path("volunteers/<uuid:pk>/edit/", volunteer_edit, name="volunteer_edit"),
    path("volunteers/<uuid:pk>/end/", volunteer_end, name="volunteer_end"),
    path("volunteers/<uuid:pk>/notes/", volunteer_note, name="volunteer_note"),
    path("me/", my_profile, name="my_profile"),
    path("returnees/", returnees, name="returnees"),
    path("assignments/", assignments_to_give, name="assignments_to_give"),
    path("assign/<uuid:case_id>/", assign, name="assign"),
    path("assignments/<uuid:pk>/period/", assignment_period, name="assignment_period"),
    path("assignments/<uuid:pk>/end/", assignment_end, name="assignment_end"),
]
