"""Reads of the library, through the access layer: the documents a user may read with their
validated version one click away, a document's versions with the share of comments integrated,
a version's consultation and comments, the meetings a version may be validated at, the
documents presented at a meeting, and the live tools (the directory's pages, by URL name)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import get_visible_or_404, visible
from sutura.access.library import is_editor, sees_comments, version_standing
from sutura.access.meetings import meeting_standing
from sutura.governance.models.library import (
    Consultation,
    ConsultationComment,
    DocumentVersion,
    Integration,
    LibraryDocument,
    PresentedDocument,
    VersionStatus,
)
from sutura.meetings.models import Meeting

# Tools that live elsewhere in Sutura, listed in the library by URL name (governance does not
# import the directory): the referral flowchart and the service directory.
LIVE_TOOLS = (
    (
        "directory:pathways",
        _("Referral pathways (flowcharts)"),
        _("Who to refer to, step by step, by need and place."),
    ),
    (
        "directory:list",
        _("Service directory"),
        _("Who offers what, where, kept current by the coordinator."),
    ),
)


@dataclass(frozen=True)
class Share:
    """The share of comments integrated on a version."""

    total: int = 0
    integrated: int = 0
    not_integrated: int = 0

    @property
    def pending(self) -> int:
        return self.total - self.integrated - self.not_integrated

    @property
    def percent(self) -> int | None:
        return round(100 * self.integrated / self.total) if self.total else None


def _with_counts(versions: QuerySet[DocumentVersion]) -> QuerySet[DocumentVersion]:
    return versions.annotate(
        comment_total=Count("consultation__comments"),
        comment_integrated=Count(
            "consultation__comments",
            filter=Q(consultation__comments__integration=Integration.INTEGRATED),
        ),
        comment_refused=Count(
            "consultation__comments",
            filter=Q(consultation__comments__integration=Integration.NOT_INTEGRATED),
        ),
    )


def share_of(version: Any) -> Share:
    """The share on a version read through `versions_of` / `version_for` (counts annotated)."""
    return Share(
        getattr(version, "comment_total", 0),
        getattr(version, "comment_integrated", 0),
        getattr(version, "comment_refused", 0),
    )


@dataclass
class DocumentRow:
    document: LibraryDocument
    validated: DocumentVersion | None = None
    in_preparation: DocumentVersion | None = None
    versions: list[DocumentVersion] = field(default_factory=list)


def documents_for(user: Any, *, kind: str = "", query: str = "") -> list[DocumentRow]:
    """The library as the user may read it: each document with its validated version and,
    for the editor and those consulted, the version in preparation."""
    versions = visible(user, DocumentVersion).order_by("-number")
    documents = visible(user, LibraryDocument).select_related("owner")
    if kind:
        documents = documents.filter(kind=kind)
    if query:
        documents = documents.filter(Q(title_fr__icontains=query) | Q(title_en__icontains=query))
    documents = documents.prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="readable_versions")
    ).order_by("kind", "title_fr")
    rows = []
    for document in documents[:500]:
        readable = list(document.readable_versions)
        rows.append(
            DocumentRow(
                document,
                next((v for v in readable if v.status == VersionStatus.VALIDATED), None),
                next((v for v in readable if v.is_open), None),
                readable,
            )
        )
    return rows


def document_for(user: Any, document_id: Any) -> LibraryDocument:
    return get_visible_or_404(user, LibraryDocument.objects.select_related("owner"), pk=document_id)


def versions_of(user: Any, document: LibraryDocument) -> list[DocumentVersion]:
    """The versions the user may read, newest first, with their comment counts."""
    versions = visible(user, DocumentVersion).filter(document=document)
    return list(
        _with_counts(versions)
        .select_related("validated_at", "validated_at__kind", "consultation")
        .order_by("-number")
    )


def version_for(user: Any, version_id: Any, document: LibraryDocument | None = None) -> Any:
    lookup: dict[str, Any] = {"pk": version_id}
    if document is not None:
        lookup["document"] = document
    versions = _with_counts(
        visible(user, DocumentVersion).select_related("document", "validated_at")
    )
    return get_visible_or_404(user, versions, **lookup)


def consultation_of(user: Any, version: DocumentVersion) -> Consultation | None:
    return (
        visible(user, Consultation)
        .filter(version=version)
        .prefetch_related("organisations")
        .first()
    )


def comments_of(user: Any, version: DocumentVersion) -> list[ConsultationComment]:
    """The comments on a version, for the editor and the organisations consulted."""
    if not sees_comments(user, version):
        return []
    return list(
        visible(user, ConsultationComment)
        .filter(consultation__version=version)
        .select_related("author", "organisation", "replied_by")
        .order_by("created_at")
    )


def comment_for(user: Any, comment_id: Any) -> ConsultationComment:
    comments = visible(user, ConsultationComment).select_related(
        "consultation", "consultation__version", "consultation__version__document"
    )
    return get_visible_or_404(user, comments, pk=comment_id)


def meeting_for(user: Any, meeting_id: Any) -> Meeting:
    return get_visible_or_404(user, Meeting, pk=meeting_id)


def meetings_for_validation(user: Any) -> list[Meeting]:
    """The meetings the editor may name: those they see, validation workshops first, then the
    most recent."""
    meetings = list(visible(user, Meeting).select_related("kind").order_by("-starts_at")[:200])
    return sorted(meetings, key=lambda m: m.kind.code != "validation_workshop")


def readable_versions(user: Any) -> list[DocumentVersion]:
    """Every version the user may read, for choosing one presented at a meeting."""
    return list(
        visible(user, DocumentVersion)
        .select_related("document")
        .order_by("document__title_fr", "-number")[:500]
    )


@dataclass
class MeetingDocuments:
    """The meeting page's section: the documents presented, and whether the user may add
    one (those who record the meeting)."""

    rows: list[PresentedDocument]
    may_add: bool
    choices: list[DocumentVersion] = field(default_factory=list)

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def presented_at(user: Any, meeting: Meeting) -> MeetingDocuments:
    """Section "documents presented" of a meeting's page."""
    rows = list(
        visible(user, PresentedDocument)
        .filter(meeting=meeting)
        .select_related("version", "version__document")
        .order_by("created_at")
    )
    may_add = meeting_standing(user, meeting).records
    return MeetingDocuments(rows, may_add, readable_versions(user) if may_add else [])


def already_presented(user: Any, meeting: Meeting, version: DocumentVersion) -> Any:
    return visible(user, PresentedDocument).filter(meeting=meeting, version=version).first()


def live_tools() -> list[dict[str, Any]]:
    """The tools that live elsewhere, with their link (those whose page exists)."""
    tools = []
    for url_name, title, text in LIVE_TOOLS:
        try:
            tools.append({"title": title, "text": text, "url": reverse(url_name)})
        except NoReverseMatch:
            continue
    return tools


def editor(user: Any) -> bool:
    return is_editor(user)


def standing(user: Any, version: DocumentVersion) -> Any:
    return version_standing(user, version)
