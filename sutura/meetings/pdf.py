"""The paper of a meeting: the attendance sheet to sign (blank, or pre-filled with the
invitees) and the certificate of attendance of a training's participant. WeasyPrint, A4, in
the active language (French unless the user chose English). Nothing is fetched to build them."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML, URLFetcher

from sutura.meetings.models import Meeting, Participant

_OFFLINE = URLFetcher(allowed_protocols={"data"})
BLANK_LINES = 20


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, {"printed_at": timezone.now(), **context})
    return HTML(string=html, url_fetcher=_OFFLINE).write_pdf()


def attendance_sheet(
    meeting: Meeting, *, invitees: list[Participant], facilitators: list[Any]
) -> bytes:
    """Columns: name, organisation, category, function, sex, age group, phone, signature.
    Invitees first (pre-filled), then blank lines to write in."""
    blank = max(BLANK_LINES - len(invitees), 8)
    return render_pdf(
        "meetings/pdf/attendance.html",
        {
            "meeting": meeting,
            "invitees": invitees,
            "blank_lines": range(blank),
            "facilitators": facilitators,
        },
    )


def certificate(participant: Participant, *, topics: list[Any], facilitators: list[Any]) -> bytes:
    return render_pdf(
        "meetings/pdf/certificate.html",
        {
            "participant": participant,
            "meeting": participant.meeting,
            "topics": topics,
            "facilitators": facilitators,
        },
    )
