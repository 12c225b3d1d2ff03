"""Volunteers' profiles and engagements, and the focal point's supervision notes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require
from sutura.access.community import manages_communities
from sutura.access.mentoring import (
    engagement_ended_on,
    has_volunteer_profile,
    oversees_organisation,
    reads_supervision_notes,
    volunteer_standing,
)
from sutura.accounts.roles import Perm, Role
from sutura.core.concurrency import save_versioned
from sutura.core.dates import date_format
from sutura.core.locking import locked
from sutura.mentoring.models import (
    AssignmentEnd,
    SupervisionNote,
    Volunteer,
    VolunteerKind,
)
from sutura.notifications.messages import Text
from sutura.notifications.services import notify

# Which role each kind of volunteer holds on their account.
ROLE_OF_KIND = {
    VolunteerKind.MENTOR: Role.COMMUNITY_MENTOR,
    VolunteerKind.OUTREACH: Role.OUTREACH_VOLUNTEER,
}

PROFILE_FIELDS = (
    "is_returnee",
    "languages",
    "focal_point",
    "starts_on",
    "ends_on",
    "weekly_hours_cap",
    "code_of_conduct_signed_on",
)


def _check_focal_point(organisation_id: Any, focal_point: Any, kind: str) -> None:
    if focal_point is None:
        return
    if kind != VolunteerKind.MENTOR:  # an outreach volunteer answers to the protection officer
        raise ValidationError({"focal_point": _("Only a mentor has an MHPSS focal point.")})
    if (
        focal_point.organisation_id != organisation_id
        or not focal_point.is_active
        or Role.MHPSS_FOCAL_POINT not in focal_point.roles
    ):
        raise ValidationError(
            {"focal_point": _("Choose an active MHPSS focal point of the organisation.")}
        )


def _check_account(actor: Any, user: Any, kind: str) -> None:
    role = ROLE_OF_KIND.get(VolunteerKind(kind))
    if user.organisation_id != actor.organisation_id or (role and role not in user.roles):
        raise ValidationError(
            {"user": _("Choose an account of your organisation that holds the volunteer's role.")}
        )
    if has_volunteer_profile(user):
        raise ValidationError({"user": _("This account already has a volunteer profile.")})


def _manages(actor: Any, volunteer: Volunteer) -> bool:
    """Volunteer managers manage every volunteer of their organisation; the community
    protection officer its outreach volunteers only (`access.community.manages_outreach`)."""
    return volunteer_standing(actor, volunteer).manages


@transaction.atomic
def create_volunteer(
    *,
    actor: Any,
    user: Any,
    kind: str = VolunteerKind.MENTOR,
    areas: Any = (),
    **data: Any,
) -> Volunteer:
    """Open a volunteer's profile on their account (a focal point or programme manager; an
    outreach volunteer's also by the community protection officer, who supervises them)."""
    if kind == VolunteerKind.OUTREACH:
        if not manages_communities(actor):
            raise PermissionDenied  # outreach volunteers are the protection officer's
    else:
        require(actor, Perm.MANAGE_VOLUNTEERS)
    _check_account(actor, user, kind)
    _check_focal_point(actor.organisation_id, data.get("focal_point"), kind)
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown volunteer fields: {sorted(unknown)}")
    volunteer = Volunteer(user=user, organisation_id=actor.organisation_id, kind=kind, **data)
    volunteer.full_clean()
    volunteer.save()
    if areas:
        volunteer.areas.set(areas)
    return volunteer


@transaction.atomic
def update_volunteer(
    *, actor: Any, volunteer: Volunteer, expected_version: int, areas: Any = None, **data: Any
) -> Volunteer:
    """Change a volunteer's profile; refused if it changed since it was opened."""
    if not _manages(actor, volunteer):
        raise PermissionDenied
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown volunteer fields: {sorted(unknown)}")
    _check_focal_point(volunteer.organisation_id, data.get("focal_point"), volunteer.kind)
    before = volunteer.focal_point_id
    changes_focal_point = (
        "focal_point" in data and getattr(data["focal_point"], "pk", None) != before
    )
    if changes_focal_point:
        _check_handover(actor, volunteer)
    for name, value in data.items():
        setattr(volunteer, name, value)
    volunteer.full_clean()
    volunteer = save_versioned(volunteer, expected_version=expected_version, fields=list(data))
    if areas is not None:
        volunteer.areas.set(areas)
    if changes_focal_point:
        _tell_new_focal_point(volunteer)
    _after_engagement(actor, volunteer)
    return volunteer


def _check_handover(actor: Any, volunteer: Volunteer) -> None:
    """Who supervises a volunteer decides what their supervisor reads (activities, check-ins):
    a programme manager changes it, or the focal point hands over their own volunteer; another
    focal point cannot take a volunteer over by editing the profile."""
    if oversees_organisation(actor) or volunteer.focal_point_id in (None, actor.pk):
        return
    raise ValidationError(
        {
            "focal_point": _(
                "Only the volunteer's current focal point or a programme manager can change "
                "who supervises them."
            )
        }
    )


def _tell_new_focal_point(volunteer: Volunteer) -> None:
    notify(
        [volunteer.user],
        Text(gettext_noop("Your MHPSS focal point changed")),
        link=reverse("mentoring:my_profile"),
    )
    notify(
        [volunteer.focal_point],
        Text(gettext_noop("A volunteer now reports to you")),
        link=reverse("mentoring:volunteer", kwargs={"pk": volunteer.pk}),
    )


@transaction.atomic
def end_engagement(
    *, actor: Any, volunteer: Volunteer, ends_on: date, reason: str, note: str = ""
) -> Volunteer:
    """End a volunteer's engagement: from the day after `ends_on` they sign in no more; their
    records stay, their open assignments end."""
    if not _manages(actor, volunteer):
        raise PermissionDenied
    volunteer = locked(volunteer)
    if ends_on < volunteer.starts_on:
        raise ValidationError({"ends_on": _("The engagement cannot end before it started.")})
    volunteer.ends_on, volunteer.end_reason, volunteer.end_note = ends_on, reason, note
    volunteer.version += 1
    volunteer.full_clean()
    volunteer.save(update_fields=["ends_on", "end_reason", "end_note", "version", "updated_at"])
    _after_engagement(actor, volunteer)
    return volunteer


def _after_engagement(actor: Any, volunteer: Volunteer) -> None:
    """An engagement with an end: the mentor's assignments end with it. Already over: they end
    now and the returnees go back to their case team; later: no assignment runs past the
    engagement's last day, and the daily sweep ends them the day after."""
    from sutura.mentoring.services.assignments import (
        cap_open_assignments_of,
        end_open_assignments_of,
    )

    if volunteer.ends_on is None:
        return
    if volunteer.ends_on < timezone.localdate():
        end_open_assignments_of(
            actor=actor, mentor=volunteer.user, reason=AssignmentEnd.VOLUNTEER_LEFT
        )
    else:
        cap_open_assignments_of(mentor=volunteer.user, last_day=volunteer.ends_on)


def sign_in_refusal(user: Any) -> Any:
    """The sign-in rule registered with `accounts.signin`: an ended engagement refuses."""
    if not set(user.roles) & set(ROLE_OF_KIND.values()):
        return None  # staff: not a volunteer (one check, no query)
    ended_on = engagement_ended_on(user)
    if ended_on is None:
        return None
    return _(
        "Your engagement as a volunteer ended on %(date)s: this account can no longer sign "
        "in. Your records are kept; ask your focal point if you think this is a mistake."
    ) % {"date": date_format(ended_on)}


@transaction.atomic
def add_supervision_note(
    *, actor: Any, volunteer: Volunteer, text: str, noted_on: date | None = None
) -> SupervisionNote:
    """The volunteer's focal point (or a programme manager) notes something from supervising
    them; for an outreach volunteer, the community protection officer who manages them."""
    if not reads_supervision_notes(actor, volunteer):
        raise PermissionDenied
    note = SupervisionNote(
        volunteer=volunteer,
        author=actor,
        text=text,
        noted_on=noted_on or timezone.localdate(),
    )
    note.full_clean()
    note.save()
    return note
