"""Reads of committees and working groups, always through the access layer: a user who is not
part of a committee (nor the coordinator) gets nothing, and its meetings and action items come
through the meetings' own rule (`sutura.access.meetings`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.governance import CommitteeStanding, committee_standing
from sutura.audit.services import record_read
from sutura.governance.models import Committee, CommitteeMember
from sutura.governance.models.library import (
    DocumentKind,
    DocumentVersion,
    LibraryDocument,
    VersionStatus,
)
from sutura.meetings.models import OPEN_ACTION_STATUSES, ActionItem, Decision, Meeting

CONTEXT = "committee"


def committees_for(user: Any) -> models.QuerySet[Committee]:
    return visible(user, Committee).filter(is_active=True).order_by("kind", "name")


def committee_for(user: Any, pk: Any) -> Committee:
    """One committee the user may see (404 otherwise)."""
    return get_visible_or_404(user, Committee, pk=pk)


@dataclass
class CommitteePage:
    committee: Committee
    standing: CommitteeStanding
    # The terms of reference as the reader may see them, and their validated version.
    terms: LibraryDocument | None = None
    terms_version: DocumentVersion | None = None
    current_seats: list[CommitteeMember] = field(default_factory=list)
    former_seats: list[CommitteeMember] = field(default_factory=list)
    meeting_rows: list[Meeting] = field(default_factory=list)
    decision_rows: list[Decision] = field(default_factory=list)
    open_actions: list[ActionItem] = field(default_factory=list)


def committee_page(user: Any, committee: Committee) -> CommitteePage:
    """Everything on a committee's page: its members (current and former), its meetings,
    their decisions and the open action items (each read through the access layer). The
    members' names are personal data: the read is written to the audit log."""
    today = timezone.localdate()
    seats = list(
        visible(user, CommitteeMember)
        .filter(committee=committee)
        .select_related("user", "organisation")
        .order_by("role", "name", "created_at")
    )
    page = CommitteePage(committee=committee, standing=committee_standing(user, committee))
    if committee.terms_of_reference_id:
        page.terms = (
            visible(user, LibraryDocument).filter(pk=committee.terms_of_reference_id).first()
        )
        if page.terms is not None:
            page.terms_version = (
                visible(user, DocumentVersion)
                .filter(document=page.terms, status=VersionStatus.VALIDATED)
                .first()
            )
    for seat in seats:
        running = seat.mandate_start <= today and (
            seat.mandate_end is None or seat.mandate_end >= today
        )
        (page.current_seats if running else page.former_seats).append(seat)
    page.meeting_rows = list(
        visible(user, Meeting)
        .filter(context_kind=CONTEXT, context_id=committee.pk)
        .select_related("kind")
        .order_by("-starts_at")
    )
    ids = [meeting.pk for meeting in page.meeting_rows]
    page.decision_rows = list(
        visible(user, Decision)
        .filter(meeting_id__in=ids)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "order")
    )
    page.open_actions = list(
        visible(user, ActionItem)
        .filter(meeting_id__in=ids, status__in=list(OPEN_ACTION_STATUSES))
        .select_related("meeting", "responsible_user", "responsible_organisation")
        .order_by("due_on", "created_at")
    )
    record_read(
        user, committee, detail=gettext_noop("committee: members, meetings, decisions, actions")
    )
    return page


def member_for(user: Any, pk: Any) -> CommitteeMember:
    return get_visible_or_404(
        user, CommitteeMember.objects.select_related("committee", "organisation", "user"), pk=pk
    )


def terms_documents(user: Any) -> models.QuerySet[LibraryDocument]:
    """The library's terms of reference the user may link a committee to."""
    return (
        visible(user, LibraryDocument)
        .filter(kind=DocumentKind.TERMS_OF_REFERENCE)
        .order_by("title_fr")
    )
