"""Pages of protection committees, outreach volunteers, safe spaces and initiatives: thin views
over `services/` and `selectors/structures.py`. A community's structures are shown on the
community page (its sections) and on their own page (`community:structures`); whoever may not
see a record gets "not found"."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sutura.access.community import community_standing, manages_communities
from sutura.accounts.roles import Role
from sutura.community.forms import structures as forms
from sutura.community.models import Community
from sutura.community.selectors import structures as selectors
from sutura.community.services import committees, initiatives, safespaces
from sutura.core.forms import run_service
from sutura.core.idempotency import idempotent_form
from sutura.geo.models import Location
from sutura.mentoring.selectors.volunteers import account_help
from sutura.mentoring.services import volunteers


def _edits(user: Any, community: Community) -> None:
    """Only the community's protection officer writes (the others read: 404 came before)."""
    if not community_standing(user, community).edits:
        raise PermissionDenied


def _url(name: str, pk: Any) -> str:
    return reverse(f"community:{name}", kwargs={"pk": pk})


def _to(name: str) -> Callable[[Any], str]:
    return lambda record: reverse(f"community:{name}", kwargs={"pk": record.pk})


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    submit: str,
    save: Callable[[], Any],
    done: str,
    to: Callable[[Any], str],
    creating: bool,
) -> HttpResponse:
    """A create or edit page: the form, the service on a valid POST, the record's page after."""
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, save)
        if saved is not None:
            messages.success(request, done)
            return redirect(to(saved))
    context = {"form": form, "title": title, "back": back, "submit": submit, "creating": creating}
    return render(request, "community/structures/form.html", context)


# --- a community's structures --------------------------------------------------------------------


@login_required
def structures(request: HttpRequest, pk: Any) -> HttpResponse:
    """A community's committees, outreach volunteers, safe spaces and initiatives."""
    community = selectors.community_for(request.user, pk)
    found = selectors.structures_of(request.user, community)
    return render(request, "community/structures/structures.html", {"found": found})


# --- committees ----------------------------------------------------------------------------------


@login_required
@idempotent_form
def committee_new(request: HttpRequest, pk: Any) -> HttpResponse:
    community = selectors.community_for(request.user, pk)
    _edits(request.user, community)
    form = forms.CommitteeForm(request.POST or None)
    return _form_page(
        request,
        form,
        title=_("New protection committee or network"),
        back=_url("structures", community.pk),
        submit=_("Record the committee"),
        save=lambda: committees.create_committee(
            actor=request.user, community=community, **form.service_data()
        ),
        done=_("The committee has been recorded."),
        to=_to("committee"),
        creating=True,
    )


@login_required
def committee(request: HttpRequest, pk: Any) -> HttpResponse:
    """A committee: its members (to those who read names; counts to the others), their
    trainings, and the community meetings they took part in."""
    found = selectors.committee_for(request.user, pk)
    standing = community_standing(request.user, found.community)
    members = selectors.members_of(request.user, found) if standing.reads_personal else []
    for member in members:
        member.trainings = selectors.trainings_of_member(request.user, member)  # type: ignore[attr-defined]
    context = {
        "committee": found,
        "standing": standing,
        "members": members,
        "counts": selectors.counts_of(request.user, found),
        "meetings": selectors.meetings_of_committee(request.user, found, members),
    }
    return render(request, "community/structures/committee.html", context)


@login_required
def committee_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    found = selectors.committee_for(request.user, pk)
    _edits(request.user, found.community)
    form = forms.CommitteeForm(
        request.POST or None,
        editing=True,
        initial=forms.initial_of(found, ["kind", "name", "established_on", "is_active"]),
    )
    return _form_page(
        request,
        form,
        title=_("Edit the committee"),
        back=_url("committee", found.pk),
        submit=_("Save"),
        save=lambda: committees.update_committee(
            actor=request.user,
            committee=found,
            expected_version=form.expected_version,
            **form.service_data(),
        ),
        done=_("The committee has been saved."),
        to=_to("committee"),
        creating=False,
    )


@login_required
@idempotent_form
def member_new(request: HttpRequest, pk: Any) -> HttpResponse:
    found = selectors.committee_for(request.user, pk)
    _edits(request.user, found.community)
    form = forms.MemberForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        title=_("New committee member"),
        back=_url("committee", found.pk),
        submit=_("Add the member"),
        save=lambda: committees.add_member(
            actor=request.user, committee=found, **form.service_data()
        ),
        done=_("The member has been added."),
        to=lambda m: reverse("community:committee", kwargs={"pk": found.pk}),
        creating=True,
    )


@login_required
def member_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    member = selectors.member_for(request.user, pk)
    _edits(request.user, member.committee.community)
    fields = ["user", "name", "role", "sex", "age_group", "since", "until"]
    form = forms.MemberForm(
        request.POST or None,
        user=request.user,
        editing=True,
        initial=forms.initial_of(member, fields),
    )
    return _form_page(
        request,
        form,
        title=_("Edit the member"),
        back=_url("committee", member.committee_id),
        submit=_("Save"),
        save=lambda: committees.update_member(
            actor=request.user,
            member=member,
            expected_version=form.expected_version,
            **form.service_data(),
        ),
        done=_("The member has been saved."),
        to=lambda m: reverse("community:committee", kwargs={"pk": m.committee_id}),
        creating=False,
    )


# --- outreach volunteers -------------------------------------------------------------------------


@login_required
@idempotent_form
def outreach_new(request: HttpRequest) -> HttpResponse:
    """Open an outreach volunteer's profile on their account (the protection officer; "not
    found" for anyone else, as the community pages are)."""
    if not manages_communities(request.user):
        raise Http404
    user: Any = request.user
    country = user.organisation.country
    areas = Location.objects.filter(parent=country).order_by("name_fr") if country else []
    accounts = selectors.accounts_for_outreach(request.user)
    if not accounts.exists():
        # No account to choose: say who creates one instead of an empty list (an officer
        # does not create accounts: `manage_users` is the system administrator's).
        context = {
            "help": account_help(user, Role.OUTREACH_VOLUNTEER),
            "back": reverse("core:home"),
        }
        return render(request, "community/structures/outreach_no_account.html", context)
    form = forms.OutreachForm(
        request.POST or None,
        accounts=accounts,
        areas=areas,
        initial={"starts_on": timezone.localdate()},
    )

    def save() -> Any:
        data = dict(form.cleaned_data)
        return volunteers.create_volunteer(actor=request.user, kind="outreach", **data)

    return _form_page(
        request,
        form,
        title=_("New outreach volunteer"),
        back=reverse("core:home"),
        submit=_("Open the profile"),
        save=save,
        done=_("The outreach volunteer's profile is open."),
        to=_to("outreach"),
        creating=True,
    )


@login_required
def outreach(request: HttpRequest, pk: Any) -> HttpResponse:
    """An outreach volunteer: areas, trainings, supervision notes (their supervising officer)."""
    row = selectors.outreach_for(request.user, pk)
    form = forms.SupervisionNoteForm(initial={"noted_on": timezone.localdate()})
    return render(request, "community/structures/outreach.html", {"row": row, "form": form})


@login_required
@require_POST
@idempotent_form
def outreach_note(request: HttpRequest, pk: Any) -> HttpResponse:
    row = selectors.outreach_for(request.user, pk)
    form = forms.SupervisionNoteForm(request.POST)
    if form.is_valid():
        note = run_service(
            form,
            lambda: volunteers.add_supervision_note(
                actor=request.user, volunteer=row.volunteer, **form.cleaned_data
            ),
        )
        if note is not None:
            messages.success(request, _("The supervision note has been added."))
            return redirect("community:outreach", pk=row.volunteer.pk)
    return render(
        request, "community/structures/outreach.html", {"row": row, "form": form}, status=400
    )


# --- safe spaces --------------------------------------------------------------------------------

SPACE_FIELDS = [
    "kind",
    "name",
    "location",
    "address",
    "managing_partner",
    "opening_hours",
    "activities",
    "opened_on",
    "closed_on",
]


@login_required
@idempotent_form
def safe_space_new(request: HttpRequest, pk: Any) -> HttpResponse:
    community = selectors.community_for(request.user, pk)
    _edits(request.user, community)
    form = forms.SafeSpaceForm(
        request.POST or None, user=request.user, initial={"location": community.location_id}
    )
    return _form_page(
        request,
        form,
        title=_("New safe space"),
        back=_url("structures", community.pk),
        submit=_("Record the safe space"),
        save=lambda: safespaces.create_safe_space(
            actor=request.user, community=community, **form.service_data()
        ),
        done=_("The safe space has been recorded."),
        to=_to("safe_space"),
        creating=True,
    )


@login_required
def safe_space(request: HttpRequest, pk: Any) -> HttpResponse:
    """A safe space: details, attendance by month × sex × age group, safety checks (overdue
    follow-ups flagged)."""
    space = selectors.safe_space_for(request.user, pk)
    context = {
        "space": space,
        "standing": community_standing(request.user, space.community),
        "months": selectors.attendance_of(request.user, space),
        "age_groups": selectors.age_groups(),
        "sexes": forms.SEXES,
        "checks": selectors.checks_of(request.user, space),
    }
    return render(request, "community/structures/safe_space.html", context)


@login_required
def safe_space_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    space = selectors.safe_space_for(request.user, pk)
    _edits(request.user, space.community)
    initial = forms.initial_of(space, SPACE_FIELDS)
    initial["location"], initial["managing_partner"] = space.location_id, space.managing_partner_id
    form = forms.SafeSpaceForm(
        request.POST or None,
        user=request.user,
        current=space.managing_partner_id,
        editing=True,
        initial=initial,
    )
    return _form_page(
        request,
        form,
        title=_("Edit the safe space"),
        back=_url("safe_space", space.pk),
        submit=_("Save"),
        save=lambda: safespaces.update_safe_space(
            actor=request.user,
            space=space,
            expected_version=form.expected_version,
            **form.service_data(),
        ),
        done=_("The safe space has been saved."),
        to=_to("safe_space"),
        creating=False,
    )


def _month(value: str | None) -> datetime.date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
def attendance(request: HttpRequest, pk: Any) -> HttpResponse:
    """A month's attendance grid (sex × age group), opened on the month asked (or this one)
    with what it already holds: saving replaces the month."""
    space = selectors.safe_space_for(request.user, pk)
    _edits(request.user, space.community)
    month = _month(request.GET.get("month"))
    initial: dict[str, Any] = {"month": month}
    for (sex, age_group), count in selectors.month_counts(request.user, space, month).items():
        initial[forms.cell_name(sex, age_group)] = count
    form = forms.AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: safespaces.record_attendance(
                actor=request.user,
                space=space,
                month=form.cleaned_data["month"],
                counts=form.counts(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The month's attendance has been saved."))
            return redirect("community:safe_space", pk=space.pk)
    return render(request, "community/structures/attendance.html", {"space": space, "form": form})


@login_required
@idempotent_form
def check_new(request: HttpRequest, pk: Any) -> HttpResponse:
    """Record a safety check: each item of the checklist, the finding, the follow-up."""
    space = selectors.safe_space_for(request.user, pk)
    _edits(request.user, space.community)
    version = safespaces.current_safety_checklist()
    items = safespaces.checklist_items(version)
    form = forms.SafetyCheckForm(
        request.POST or None, items=items, initial={"checked_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        check = run_service(
            form,
            lambda: safespaces.record_check(
                actor=request.user,
                space=space,
                version=version,
                checked_on=form.cleaned_data["checked_on"],
                answers=form.answers(),
                finding=form.cleaned_data.get("finding") or "",
                follow_up=form.cleaned_data.get("follow_up") or "",
            ),
        )
        if check is not None:
            messages.success(request, _("The safety check has been recorded."))
            return redirect("community:safety_check", pk=check.pk)
    return render(request, "community/structures/check_form.html", {"space": space, "form": form})


@login_required
def safety_check(request: HttpRequest, pk: Any) -> HttpResponse:
    check = selectors.check_for(request.user, pk)
    standing = community_standing(request.user, check.safe_space.community)
    form = None
    if standing.edits and check.follow_up:
        form = forms.FollowUpForm(
            editing=True,
            initial={"follow_up_status": check.follow_up_status, "version": check.version},
        )
    context = {"check": check, "answers": selectors.answers_of(request.user, check), "form": form}
    return render(request, "community/structures/check.html", context)


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: Any) -> HttpResponse:
    """Move a check's follow-up on (to do, in progress, done)."""
    check = selectors.check_for(request.user, pk)
    _edits(request.user, check.safe_space.community)
    form = forms.FollowUpForm(request.POST, editing=True)
    if form.is_valid():
        done = run_service(
            form,
            lambda: safespaces.set_follow_up_status(
                actor=request.user,
                check=check,
                status=form.cleaned_data["follow_up_status"],
                expected_version=form.expected_version,
            ),
        )
        if done is not None:
            messages.success(request, _("The follow-up has been saved."))
            return redirect("community:safety_check", pk=check.pk)
    context = {"check": check, "answers": selectors.answers_of(request.user, check), "form": form}
    return render(request, "community/structures/check.html", context, status=400)


# --- initiatives ---------------------------------------------------------------------------------

INITIATIVE_FIELDS = [
    "title",
    "objective",
    "partner",
    "budget",
    "currency",
    "status",
    "starts_on",
    "ends_on",
    "results",
]


@login_required
@idempotent_form
def initiative_new(request: HttpRequest, pk: Any) -> HttpResponse:
    community = selectors.community_for(request.user, pk)
    _edits(request.user, community)
    form = forms.InitiativeForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        title=_("New community initiative"),
        back=_url("structures", community.pk),
        submit=_("Record the initiative"),
        save=lambda: initiatives.create_initiative(
            actor=request.user, community=community, **form.service_data()
        ),
        done=_("The initiative has been recorded."),
        to=_to("initiative"),
        creating=True,
    )


@login_required
def initiative(request: HttpRequest, pk: Any) -> HttpResponse:
    found = selectors.initiative_for(request.user, pk)
    context = {
        "initiative": found,
        "standing": community_standing(request.user, found.community),
    }
    return render(request, "community/structures/initiative.html", context)


@login_required
def initiative_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    found = selectors.initiative_for(request.user, pk)
    _edits(request.user, found.community)
    initial = forms.initial_of(found, INITIATIVE_FIELDS)
    initial["partner"] = found.partner_id
    initial["programmes"] = list(found.programmes.all())
    form = forms.InitiativeForm(
        request.POST or None,
        user=request.user,
        current=found.partner_id,
        editing=True,
        initial=initial,
    )
    return _form_page(
        request,
        form,
        title=_("Edit the initiative"),
        back=_url("initiative", found.pk),
        submit=_("Save"),
        save=lambda: initiatives.update_initiative(
            actor=request.user,
            initiative=found,
            expected_version=form.expected_version,
            **form.service_data(),
        ),
        done=_("The initiative has been saved."),
        to=_to("initiative"),
        creating=False,
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:pk>/structures/", structures, name="structures"),
    path("<uuid:pk>/committees/new/", committee_new, name="committee_new"),
    path("committees/<uuid:pk>/", committee, name="committee"),
    path("committees/<uuid:pk>/edit/", committee_edit, name="committee_edit"),
    path("committees/<uuid:pk>/members/new/", member_new, name="member_new"),
    path("committee-members/<uuid:pk>/edit/", member_edit, name="member_edit"),
    path("outreach/new/", outreach_new, name="outreach_new"),
    path("outreach/<uuid:pk>/", outreach, name="outreach"),
    path("outreach/<uuid:pk>/notes/", outreach_note, name="outreach_note"),
    path("<uuid:pk>/safe-spaces/new/", safe_space_new, name="safe_space_new"),
    path("safe-spaces/<uuid:pk>/", safe_space, name="safe_space"),
    path("safe-spaces/<uuid:pk>/edit/", safe_space_edit, name="safe_space_edit"),
    path("safe-spaces/<uuid:pk>/attendance/", attendance, name="safe_space_attendance"),
    path("safe-spaces/<uuid:pk>/checks/new/", check_new, name="safety_check_new"),
    path("safety-checks/<uuid:pk>/", safety_check, name="safety_check"),
    path("safety-checks/<uuid:pk>/follow-up/", follow_up, name="safety_check_follow_up"),
    path("<uuid:pk>/initiatives/new/", initiative_new, name="initiative_new"),
    path("initiatives/<uuid:pk>/", initiative, name="initiative"),
    path("initiatives/<uuid:pk>/edit/", initiative_edit, name="initiative_edit"),
]
