"""The mentoring app's records, one module per idea (see each module's docstring)."""

from sutura.mentoring.models.activities import (
    MAX_DURATION_MINUTES,
    Activity,
    ActivityCount,
    ActivityKind,
    AppointmentKind,
    EventKind,
    IdeaStatus,
    ReachedGroup,
    SessionKind,
    Topic,
)
from sutura.mentoring.models.groups import PEER_GROUP_CONTEXT, PEER_SESSION_KIND, PeerGroup
from sutura.mentoring.models.reports import (
    CheckIn,
    CheckInStatus,
    MonthlyReport,
    ReportStatus,
    ReportTransition,
)
from sutura.mentoring.models.volunteers import (
    DEFAULT_WEEKLY_HOURS_CAP,
    Assignment,
    AssignmentEnd,
    AssignmentPurpose,
    EndReason,
    SupervisionNote,
    Volunteer,
    VolunteerKind,
)

__all__ = [
    "DEFAULT_WEEKLY_HOURS_CAP",
    "MAX_DURATION_MINUTES",
    "PEER_GROUP_CONTEXT",
    "PEER_SESSION_KIND",
    "Activity",
    "ActivityCount",
    "ActivityKind",
    "AppointmentKind",
    "Assignment",
    "AssignmentEnd",
    "AssignmentPurpose",
    "CheckIn",
    "CheckInStatus",
    "EndReason",
    "EventKind",
    "IdeaStatus",
    "MonthlyReport",
    "PeerGroup",
    "ReachedGroup",
    "ReportStatus",
    "ReportTransition",
    "SessionKind",
    "SupervisionNote",
    "Topic",
    "Volunteer",
    "VolunteerKind",
]
