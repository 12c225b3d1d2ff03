"""The activity log: a mentor records a one-to-one session, a community event, an
accompaniment or an idea, each in one short step; edits their own records; the focal point
moves an idea's status.

A create is idempotent on the activity's id (made by the device when the form was served):
the same id from the same mentor answers the record already made, from anyone else it is
refused. A session with the distress flag refers the returnee to the mentor's focal point in
the same transaction (identity and contact only, as a mentor's referral does); when that
referral cannot be made (no referral consent, no focal point, someone not registered, a closed
case) the session is kept and the focal point is alerted all the same, with codes only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import can, visible
from sutura.access.mentoring import (
    activity_standing,
    activity_with_id,
    open_assignments_of_mentor,
    supervisors_of_mentoring,
    volunteer_of,
)
from sutura.accounts.roles import Perm
from sutura.cases.models import Case
from sutura.core.concurrency import save_versioned
from sutura.directory.models import Service
from sutura.geo.models import Location
from sutura.meetings.models import AgeGroup
from sutura.mentoring.models import (
    Activity,
    ActivityCount,
    ActivityKind,
    AppointmentKind,
    EventKind,
    IdeaStatus,
    ReachedGroup,
    SessionKind,
    Topic,
    Volunteer,
)
from sutura.notifications.messages import Text
from sutura.notifications.services import notify
from sutura.people.models import Sex


class Alert:
    """What became of a distress flag (codes: the pages and the API put them into words)."""

    NONE = ""
    REFERRED = "referred"  # the internal referral to the focal point was sent
    ADDED = "added"  # a referral to the focal point was already under way: the reason added to it
    NO_CONSENT = "no_consent"  # no referral consent on file: the focal point was alerted
    NO_FOCAL_POINT = "no_focal_point"  # the supervisors of the organisation were alerted
    NOT_REGISTERED = "not_registered"  # someone not registered: the focal point was alerted
    REFUSED = "refused"  # the referral was refused otherwise (closed case…): alerted


@dataclass(frozen=True)
class Logged:
    activity: Activity
    created: bool  # False: the same id had already been recorded (a second submit)
    alert: str = Alert.NONE


# --- checks -----------------------------------------------------------------------------------


def _engaged_mentor(actor: Any, day: date) -> Volunteer:
    if not can(actor, Perm.RECORD_MENTORING):
        raise PermissionDenied
    volunteer = volunteer_of(actor)
    if volunteer is None or volunteer.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if not volunteer.engaged_on(day) and not volunteer.engaged_on():
        raise ValidationError({"occurred_on": _("Your engagement does not run on that day.")})
    return volunteer


def _check_day(day: date | None) -> date:
    if day is None:
        raise ValidationError({"occurred_on": _("Say on which day.")})
    if day > timezone.localdate():
        raise ValidationError({"occurred_on": _("This day is in the future.")})
    return day


def assigned_case(actor: Any, case: Case | None) -> Case:
    """The case, if it is one of the mentor's open assignments (otherwise refused as a field
    error: the mentor picked someone they do not support)."""
    if case is not None:
        for assignment in open_assignments_of_mentor(actor):
            if assignment.case_id == case.pk:
                return assignment.case
    raise ValidationError({"case": _("Choose one of the returnees assigned to you.")})


def _check_choice(field: str, value: str, choices: Any, required: bool = True) -> str:
    if not value and not required:
        return ""
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the options.")})
    return value


def existing(actor: Any, activity_id: Any) -> Activity | None:
    """The activity this mentor already recorded under this id; refused if the id is someone
    else's."""
    if activity_id is None:
        return None
    found = activity_with_id(activity_id)
    if found is not None and found.mentor_id != actor.pk:
        # Someone else's id: refused as a conflict, never shown.
        raise PermissionDenied(_("This record id is already in use."))
    return found


def _insert(actor: Any, activity: Activity) -> Activity | None:
    """Save a new activity; None if a concurrent submit with the same id saved it first."""
    activity.full_clean(exclude=["id"])
    try:
        with transaction.atomic():
            activity.save(force_insert=True)
    except IntegrityError:
        return None
    return activity


def _new(actor: Any, kind: str, activity_id: Any, **fields: Any) -> Activity:
    return Activity(
        id=activity_id or uuid.uuid4(),
        kind=kind,
        mentor=actor,
        organisation_id=actor.organisation_id,
        **fields,
    )


def _again(actor: Any, activity_id: Any) -> Logged:
    found = existing(actor, activity_id)
    if found is None:  # pragma: no cover - the insert failed for another reason
        raise ValidationError(_("The record could not be saved: send it again."))
    return Logged(found, created=False)


# --- one-to-one sessions ------------------------------------------------------------------------


@transaction.atomic
def log_session(
    *,
    actor: Any,
    occurred_on: date | None,
    duration_minutes: int,
    session_kind: str,
    case: Case | None = None,
    sex: str = "",
    age_group: str = "",
    topics: Iterable[str] = (),
    service: Service | None = None,
    follow_up_needed: bool = False,
    follow_up: str = "",
    distress: bool = False,
    distress_reason: str = "",
    note: str = "",
    id: Any = None,
) -> Logged:
    """Record a one-to-one session with an assigned returnee (or someone not registered: sex
    and age group). With the distress flag the returnee is referred to the focal point in the
    same step."""
    found = existing(actor, id)
    if found is not None:
        return Logged(found, created=False)
    occurred_on = _check_day(occurred_on)
    volunteer = _engaged_mentor(actor, occurred_on)
    if case is not None:
        case = assigned_case(actor, case)
        sex, age_group = "", ""
    else:
        _check_choice("sex", sex, Sex)
        _check_choice("age_group", age_group, AgeGroup)
    _check_choice("session_kind", session_kind, SessionKind)
    topics = sorted({_check_choice("topics", topic, Topic) for topic in topics})
    if follow_up_needed and not follow_up.strip():
        raise ValidationError({"follow_up": _("Say what follow-up is needed.")})
    if distress and not distress_reason.strip():
        # The referral's reason, in the mentor's words: the focal point reads it first.
        raise ValidationError(
            {"distress_reason": _("Say in a few words what worried you: the focal point reads it.")}
        )
    activity = _new(
        actor,
        ActivityKind.SESSION,
        id,
        occurred_on=occurred_on,
        duration_minutes=duration_minutes,
        case=case,
        sex=sex,
        age_group=age_group,
        session_kind=session_kind,
        topics=topics,
        service=service,
        follow_up_needed=follow_up_needed,
        follow_up=follow_up.strip() if follow_up_needed else "",
        distress=distress,
        note=note.strip(),
    )
    if _insert(actor, activity) is None:
        return _again(actor, id)
    alert = Alert.NONE
    if distress:
        alert = _raise_distress(actor, volunteer, activity, distress_reason)
    return Logged(activity, created=True, alert=alert)


def _raise_distress(actor: Any, volunteer: Volunteer, activity: Activity, reason: str) -> str:
    """Refer the returnee to the focal point (internal referral, identity and contact, sent).
    Whatever stops it, the session stays and someone who supervises is alerted."""
    from sutura.directory.models import ServiceCategory
    from sutura.referrals.models import Urgency
    from sutura.referrals.services.referring import create_referral
    from sutura.referrals.sharing import MENTOR_SECTIONS

    focal = volunteer.focal_point
    if focal is not None and not focal.is_active:
        focal = None
    case = activity.case
    if focal is None:
        _alert(supervisors_of_mentoring(actor.organisation_id), activity, Alert.NO_FOCAL_POINT)
        return Alert.NO_FOCAL_POINT
    if case is None:
        _alert([focal], activity, Alert.NOT_REGISTERED)
        return Alert.NOT_REGISTERED
    open_referral = _open_distress_referral(actor, case, focal, reason)
    if open_referral is not None:
        activity.referral = open_referral
        activity.save(update_fields=["referral"])
        return Alert.ADDED
    try:
        with transaction.atomic():  # a savepoint: a refused referral leaves the session whole
            referral = create_referral(
                actor=actor,
                case=case,
                category=ServiceCategory.MHPSS,
                reason=reason.strip(),
                urgency=Urgency.EMERGENCY,  # answered within 24 h: the focal point calls back
                shared_sections=sorted(MENTOR_SECTIONS),
                to_user=focal,
                send=True,
            )
    except PermissionDenied as error:
        from sutura.people.consent import ConsentMissing

        why = Alert.NO_CONSENT if isinstance(error, ConsentMissing) else Alert.REFUSED
        _alert([focal], activity, why)
        return why
    except ValidationError:
        _alert([focal], activity, Alert.REFUSED)
        return Alert.REFUSED
    activity.referral = referral
    activity.save(update_fields=["referral"])
    return Alert.REFERRED


def _open_distress_referral(actor: Any, case: Any, focal: Any, reason: str) -> Any:
    """A second flag for the same person while the focal point has not finished with the first
    referral: the new words go into that referral's history (the focal point is told), no
    second referral. None when there is none under way, or the mentor may not add to it."""
    from sutura.directory.models import ServiceCategory
    from sutura.referrals.models import Referral
    from sutura.referrals.services.workflow import UNDER_WAY, add_update

    referral = (
        visible(actor, Referral)
        .filter(case=case, to_user=focal, category=ServiceCategory.MHPSS, status__in=UNDER_WAY)
        .order_by("-created_at")
        .first()
    )
    if referral is None:
        return None
    try:
        with transaction.atomic():
            return add_update(actor=actor, referral=referral, note=reason.strip())
    except (PermissionDenied, ValidationError):
        return None


def _alert(recipients: Iterable[Any], activity: Activity, why: str) -> None:
    """Codes only: the case number (never a name) and the activity's page."""
    link = reverse("mentoring:activity", kwargs={"pk": activity.pk})
    number = activity.case.number if activity.case_id and activity.case else ""
    if why == Alert.NO_CONSENT:
        body = Text(
            gettext_noop(
                "Case %(number)s: no referral consent is on file, so no referral was made. "
                "Call the mentor today."
            ),
            number=number,
        )
    elif why == Alert.NOT_REGISTERED:
        body = Text(
            gettext_noop(
                "The person is not registered, so no referral was made. Call the mentor today."
            )
        )
    elif why == Alert.NO_FOCAL_POINT:
        body = Text(
            gettext_noop(
                "The mentor has no focal point, so no referral was made. Call the mentor today."
            )
        )
    else:
        body = Text(
            gettext_noop("Case %(number)s: the referral could not be made. Call the mentor today."),
            number=number,
        )
    notify(recipients, Text(gettext_noop("Distress flagged by a mentor")), body, link=link)


# --- community events --------------------------------------------------------------------------


def _counts(rows: Iterable[tuple[str, str, str, int]]) -> list[tuple[str, str, str, int]]:
    kept: dict[tuple[str, str, str], int] = {}
    for group, sex, age_group, count in rows:
        _check_choice("counts", group, ReachedGroup)
        _check_choice("counts", sex, Sex)
        _check_choice("counts", age_group, AgeGroup)
        if count < 0 or count > 100000:
            raise ValidationError({"counts": _("Count between 0 and 100,000 people.")})
        if count:
            kept[(group, sex, age_group)] = kept.get((group, sex, age_group), 0) + count
    return [(*key, count) for key, count in kept.items()]


@transaction.atomic
def log_event(
    *,
    actor: Any,
    occurred_on: date | None,
    duration_minutes: int,
    event_kind: str,
    title: str,
    location: Location | None = None,
    venue: str = "",
    description: str = "",
    counts: Iterable[tuple[str, str, str, int]] = (),
    id: Any = None,
) -> Logged:
    """Record a community event and who took part (counted, never named)."""
    found = existing(actor, id)
    if found is not None:
        return Logged(found, created=False)
    occurred_on = _check_day(occurred_on)
    _engaged_mentor(actor, occurred_on)
    _check_choice("event_kind", event_kind, EventKind)
    if not title.strip():
        raise ValidationError({"title": _("Give the event a title.")})
    rows = _counts(counts)
    activity = _new(
        actor,
        ActivityKind.EVENT,
        id,
        occurred_on=occurred_on,
        duration_minutes=duration_minutes,
        event_kind=event_kind,
        title=title.strip(),
        location=location,
        venue=venue.strip(),
        description=description.strip(),
    )
    if _insert(actor, activity) is None:
        return _again(actor, id)
    _save_counts(activity, rows)
    return Logged(activity, created=True)


def _save_counts(activity: Activity, rows: list[tuple[str, str, str, int]]) -> None:
    from sutura.mentoring.selectors.activities import counts_of

    ActivityCount.objects.filter(pk__in=[c.pk for c in counts_of(activity)]).delete()
    ActivityCount.objects.bulk_create(
        ActivityCount(activity=activity, group=g, sex=s, age_group=a, count=c)
        for g, s, a, c in rows
    )


# --- accompaniments -----------------------------------------------------------------------------


@transaction.atomic
def log_accompaniment(
    *,
    actor: Any,
    occurred_on: date | None,
    duration_minutes: int,
    case: Case | None,
    appointment_kind: str,
    service: Service | None = None,
    venue: str = "",
    outcome: str = "",
    id: Any = None,
) -> Logged:
    """Record that the mentor went with a returnee to an appointment: where, and what came
    of it."""
    found = existing(actor, id)
    if found is not None:
        return Logged(found, created=False)
    occurred_on = _check_day(occurred_on)
    _engaged_mentor(actor, occurred_on)
    case = assigned_case(actor, case)
    _check_choice("appointment_kind", appointment_kind, AppointmentKind)
    if service is None and not venue.strip():
        raise ValidationError({"venue": _("Say where: a service of the directory or a place.")})
    activity = _new(
        actor,
        ActivityKind.ACCOMPANIMENT,
        id,
        occurred_on=occurred_on,
        duration_minutes=duration_minutes,
        case=case,
        appointment_kind=appointment_kind,
        service=service,
        venue=venue.strip(),
        outcome=outcome.strip(),
    )
    if _insert(actor, activity) is None:
        return _again(actor, id)
    return Logged(activity, created=True)


# --- ideas and initiatives --------------------------------------------------------------------


@transaction.atomic
def log_idea(
    *,
    actor: Any,
    title: str,
    description: str = "",
    beneficiaries: str = "",
    occurred_on: date | None = None,
    duration_minutes: int = 0,
    id: Any = None,
) -> Logged:
    """Propose an idea or an initiative for the community (the focal point moves its status)."""
    found = existing(actor, id)
    if found is not None:
        return Logged(found, created=False)
    occurred_on = _check_day(occurred_on or timezone.localdate())
    _engaged_mentor(actor, occurred_on)
    if not title.strip():
        raise ValidationError({"title": _("Give the idea a title.")})
    activity = _new(
        actor,
        ActivityKind.IDEA,
        id,
        occurred_on=occurred_on,
        duration_minutes=duration_minutes,
        title=title.strip(),
        description=description.strip(),
        beneficiaries=beneficiaries.strip(),
        idea_status=IdeaStatus.PROPOSED,
    )
    if _insert(actor, activity) is None:
        return _again(actor, id)
    return Logged(activity, created=True)


@transaction.atomic
def set_idea_status(
    *, actor: Any, activity: Activity, status: str, expected_version: int
) -> Activity:
    """The focal point moves an idea along (discussed, adopted, carried out, dropped)."""
    if activity.kind != ActivityKind.IDEA or not activity_standing(actor, activity).supervises:
        raise PermissionDenied
    activity.idea_status = _check_choice("idea_status", status, IdeaStatus)
    save_versioned(  # type: ignore[type-var]  # Activity keeps its own version column
        activity, expected_version=expected_version, fields=["idea_status"]
    )
    return activity


# --- edits --------------------------------------------------------------------------------------

# What the owner may change, per kind (the distress flag and its referral are not: the alert
# went out; a new concern is a new session).
EDITABLE = {
    ActivityKind.SESSION: (
        "occurred_on",
        "duration_minutes",
        "session_kind",
        "topics",
        "service",
        "follow_up_needed",
        "follow_up",
        "note",
    ),
    ActivityKind.EVENT: (
        "occurred_on",
        "duration_minutes",
        "event_kind",
        "title",
        "location",
        "venue",
        "description",
    ),
    ActivityKind.ACCOMPANIMENT: (
        "occurred_on",
        "duration_minutes",
        "appointment_kind",
        "service",
        "venue",
        "outcome",
    ),
    ActivityKind.IDEA: ("title", "description", "beneficiaries"),
}


@transaction.atomic
def update_activity(
    *,
    actor: Any,
    activity: Activity,
    expected_version: int,
    counts: Iterable[tuple[str, str, str, int]] | None = None,
    **data: Any,
) -> Activity:
    """The mentor corrects their own record (refused if someone saved it since)."""
    if not activity_standing(actor, activity).owns:
        raise PermissionDenied
    allowed = EDITABLE[ActivityKind(activity.kind)]
    for field, value in data.items():
        if field not in allowed:
            continue
        setattr(activity, field, value.strip() if isinstance(value, str) else value)
    if "occurred_on" in data:
        _check_day(activity.occurred_on)
    if activity.kind == ActivityKind.SESSION:
        _check_choice("session_kind", activity.session_kind, SessionKind)
        activity.topics = sorted({_check_choice("topics", t, Topic) for t in activity.topics})
        if activity.follow_up_needed and not activity.follow_up:
            raise ValidationError({"follow_up": _("Say what follow-up is needed.")})
        if not activity.follow_up_needed:
            activity.follow_up = ""
    elif activity.kind == ActivityKind.EVENT:
        _check_choice("event_kind", activity.event_kind, EventKind)
    elif activity.kind == ActivityKind.ACCOMPANIMENT:
        _check_choice("appointment_kind", activity.appointment_kind, AppointmentKind)
        if activity.service is None and not activity.venue:
            raise ValidationError({"venue": _("Say where: a service of the directory or a place.")})
    if activity.kind in (ActivityKind.EVENT, ActivityKind.IDEA) and not activity.title:
        raise ValidationError({"title": _("Give it a title.")})
    activity.full_clean(exclude=["id", "referral"])
    save_versioned(  # type: ignore[type-var]  # Activity keeps its own version column
        activity, expected_version=expected_version, fields=list(allowed)
    )
    if counts is not None and activity.kind == ActivityKind.EVENT:
        _save_counts(activity, _counts(counts))
    return activity
