"""The meetings app's indicators (registered in `MeetingsConfig.ready()`): meetings, workshops
and trainings held, and their participants by category — those named and those counted
(`AttendanceCount`), added up. Over the meetings the user sees (`access.visible`): another
organisation's meeting the user sees makes the figure someone else's (the small-number rule).
Sex and age band are the participant's own (the attendance sheet's bands, not the people's)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.core import indicators
from sutura.core.indicators import Period, Rows
from sutura.meetings.models import AttendanceCount, Meeting, MeetingStatus, Participant

PARTICIPANT_EXTRA = {
    "sex": "sex",
    "category": "category",
    "age_band": "age_group",
    "kind": "meeting__kind",
    "training": "meeting__kind__is_training",
}
PARTICIPANT_DIMENSIONS = (
    "sex",
    "age_band",
    "category",
    "kind",
    "training",
    "admin1",
    "admin2",
    "organisation",
    "month",
    "quarter",
)


def meetings_held(user: Any, period: Period) -> Rows:
    """Meetings, workshops and trainings held in the period."""
    held = visible(user, Meeting).filter(status=MeetingStatus.HELD)
    return Rows(
        held,
        date="starts_at__date",
        location="location",
        programme_link=("meeting", "pk"),
        extra={"kind": "kind", "training": "kind__is_training"},
    )


def _participants(user: Any, only: Q) -> tuple[Rows, Rows]:
    held = Q(meeting__status=MeetingStatus.HELD) & only
    on_meeting: dict[str, Any] = {
        "date": "meeting__starts_at__date",
        "organisation": "meeting__organisation",
        "location": "meeting__location",
        "programme_link": ("meeting", "meeting"),
        "extra": PARTICIPANT_EXTRA,
    }
    named = visible(user, Participant).filter(held, attended=True)
    counted = visible(user, AttendanceCount).filter(held)
    return Rows(named, **on_meeting), Rows(counted, weight="count", **on_meeting)


def participants(user: Any, period: Period) -> tuple[Rows, Rows]:
    """Participants of the meetings held in the period: named and present, plus counted."""
    return _participants(user, Q())


def training_participants(user: Any, period: Period) -> tuple[Rows, Rows]:
    """The same, of trainings only."""
    return _participants(user, Q(meeting__kind__is_training=True))


SELF = "sutura.meetings.indicators"
INDICATORS = (
    indicators.Indicator(
        code="meetings.held",
        name=_("Meetings, workshops and trainings held"),
        definition=_("Meetings, workshops and trainings held in the period."),
        compute=f"{SELF}.meetings_held",
        dimensions=("kind", "training", "admin1", "admin2", "organisation", "month", "quarter"),
    ),
    indicators.Indicator(
        code="meetings.participants",
        name=_("Participants in meetings, workshops and trainings"),
        definition=_(
            "Participants of the meetings held in the period: those named on the attendance "
            "sheet as present, plus those counted instead of named, by category of participant."
        ),
        compute=f"{SELF}.participants",
        dimensions=PARTICIPANT_DIMENSIONS,
    ),
    indicators.Indicator(
        code="meetings.training_participants",
        name=_("Participants in trainings"),
        definition=_(
            "Participants of the trainings held in the period (named and present, plus "
            "counted), by category of participant."
        ),
        compute=f"{SELF}.training_participants",
        dimensions=PARTICIPANT_DIMENSIONS,
    ),
)
