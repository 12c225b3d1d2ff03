"""What the meeting pages share: finding the meeting and the user's standing on it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from sutura.access.meetings import MeetingStanding, meeting_standing
from sutura.audit.services import record_read
from sutura.meetings import selectors
from sutura.meetings.models import Meeting


def seen(request: HttpRequest, pk: Any, *, audit: bool = False) -> tuple[Meeting, MeetingStanding]:
    """The meeting (404 unless the user sees it) and where the user stands on it."""
    meeting = selectors.meeting_for(request.user, pk, audit=audit)
    return meeting, meeting_standing(request.user, meeting)


def recorded(request: HttpRequest, pk: Any) -> Meeting:
    """A meeting the user records (404 if not seen, 403 if seen only). Opening one of its
    forms is a read of the meeting (in the audit log)."""
    meeting, standing = seen(request, pk)
    if not standing.records:
        raise PermissionDenied
    if request.method == "GET":
        record_read(request.user, meeting, detail=gettext_noop("meeting form"))
    return meeting
