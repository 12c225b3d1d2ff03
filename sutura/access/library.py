"""The governance library, the roadmap, assessments and technical assistance: who sees what.

Library (documents, versions, consultations, comments):
- a validated version (and a superseded one: it was validated once) is read by every user
  holding `view_governance`;
- a draft or a version under consultation only by the editor (`manage_governance`, the NRM
  coordinator) and by the staff (`view_governance`) of the organisations consulted on it;
- a document is seen when one of its versions is (the editor sees them all, even without a
  version yet); a consultation and its comments go with their version, for the editor and the
  organisations consulted (others read the share of comments integrated, not the comments);
- a document presented at a meeting is seen by who sees both the meeting and the version.

Roadmap: every holder of `view_governance` reads every version (drafts are marked as such);
only the editor writes.

Assessments: the national status assessment is read by every holder of `view_governance`; an
organisation's capacity assessment by the coordinator (`manage_governance`) and by that
organisation's staff holding `view_governance`. Checklists are reference data. The
technical-assistance log: the coordinator, and the staff (`view_governance`) of the
organisation supported or of the one that gave it.

Two forms of each rule: the filters `visible()` applies, and the standing on one record
(`version_standing`, `sees_assessment`, `sees_assistance`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q

from sutura.access.meetings import meeting_filter
from sutura.access.permissions import can, signed_in
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm
from sutura.governance.models.assessments import (
    Answer,
    Assessment,
    AssessmentAssessor,
    Checklist,
    ChecklistItem,
    ChecklistKind,
    ChecklistVersion,
    TechnicalAssistance,
)
from sutura.governance.models.library import (
    PUBLISHED_STATUSES,
    Consultation,
    ConsultationComment,
    DocumentVersion,
    LibraryDocument,
    PresentedDocument,
)
from sutura.governance.models.roadmap import (
    Priority,
    ProgressNote,
    Roadmap,
    RoadmapAction,
    RoadmapVersion,
)
from sutura.meetings.models import Meeting


def is_editor(user: Any) -> bool:
    """The NRM coordinator keeps the library, the roadmap and the assessments."""
    return can(user, Perm.MANAGE_GOVERNANCE)


def _reader(user: Any) -> bool:
    return signed_in(user) and user.organisation_id is not None and can(user, Perm.VIEW_GOVERNANCE)


# --- the library ------------------------------------------------------------------------------


def _consulted_versions(user: Any) -> Any:
    return Consultation.objects.filter(organisations=user.organisation_id).values("version_id")


def version_filter(user: Any) -> Q | None:
    """The document versions the user may read (None: none)."""
    if not _reader(user):
        return None
    if is_editor(user):
        return Q()
    return Q(status__in=PUBLISHED_STATUSES) | Q(pk__in=_consulted_versions(user))


@dataclass(frozen=True)
class VersionStanding:
    sees: bool = False
    edits: bool = False  # the editor: versions, consultations, answers, validation
    consulted: bool = False  # staff of an organisation consulted on this version


def version_standing(user: Any, version: DocumentVersion) -> VersionStanding:
    """Where the user stands on one version (one query when a consultation is asked)."""
    if not _reader(user):
        return VersionStanding()
    consulted = Consultation.objects.filter(
        version_id=version.pk, organisations=user.organisation_id
    ).exists()
    edits = is_editor(user)
    sees = edits or consulted or version.status in PUBLISHED_STATUSES
    return VersionStanding(sees=sees, edits=edits, consulted=consulted)


def may_comment(user: Any, version: DocumentVersion) -> bool:
    """Staff of a consulted organisation holding `comment_documents` (the service also asks
    that the consultation be open that day)."""
    return can(user, Perm.COMMENT_DOCUMENTS) and version_standing(user, version).consulted


@register_scope(DocumentVersion)
def _versions(user: Any, queryset: models.QuerySet[DocumentVersion]) -> models.QuerySet[Any]:
    q = version_filter(user)
    return queryset.none() if q is None else queryset.filter(q)


@register_scope(LibraryDocument)
def _documents(user: Any, queryset: models.QuerySet[LibraryDocument]) -> models.QuerySet[Any]:
    q = version_filter(user)
    if q is None:
        return queryset.none()
    if is_editor(user):
        return queryset
    return queryset.filter(pk__in=DocumentVersion.objects.filter(q).values("document_id"))


def _discussed_by(user: Any) -> Q | None:
    """Consultations the user takes part in: the editor's all, else their organisation's."""
    if not _reader(user):
        return None
    if is_editor(user):
        return Q()
    return Q(organisations=user.organisation_id)


@register_scope(Consultation)
def _consultations(user: Any, queryset: models.QuerySet[Consultation]) -> models.QuerySet[Any]:
    # Anyone who reads the version reads when it was consulted on and with whom.
    q = version_filter(user)
    if q is None:
        return queryset.none()
    return queryset.filter(version__in=DocumentVersion.objects.filter(q))


@register_scope(ConsultationComment)
def _comments(user: Any, queryset: models.QuerySet[ConsultationComment]) -> models.QuerySet[Any]:
    q = _discussed_by(user)
    if q is None:
        return queryset.none()
    return queryset.filter(consultation__in=Consultation.objects.filter(q))


def sees_comments(user: Any, version: DocumentVersion) -> bool:
    standing = version_standing(user, version)
    return standing.edits or standing.consulted


@register_scope(PresentedDocument)
def _presented(user: Any, queryset: models.QuerySet[PresentedDocument]) -> models.QuerySet[Any]:
    versions, meetings = version_filter(user), meeting_filter(user)
    if versions is None or meetings is None:
        return queryset.none()
    return queryset.filter(
        version__in=DocumentVersion.objects.filter(versions),
        meeting__in=Meeting.objects.filter(meetings),
    )


# --- the roadmap ------------------------------------------------------------------------------


def sees_roadmaps(user: Any) -> bool:
    return _reader(user)


def _roadmap_scope(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset if _reader(user) else queryset.none()


for _roadmap_model in (Roadmap, RoadmapVersion, Priority, RoadmapAction, ProgressNote):
    register_scope(_roadmap_model)(_roadmap_scope)


# --- assessments and technical assistance -----------------------------------------------------


def assessment_filter(user: Any) -> Q | None:
    if not _reader(user):
        return None
    if is_editor(user):
        return Q()
    return Q(kind=ChecklistKind.NRM_STATUS) | Q(
        kind=ChecklistKind.CAPACITY, organisation_id=user.organisation_id
    )


def sees_assessment(user: Any, assessment: Assessment) -> bool:
    if not _reader(user):
        return False
    return (
        is_editor(user)
        or assessment.kind == ChecklistKind.NRM_STATUS
        or assessment.organisation_id == user.organisation_id
    )


@register_scope(Assessment)
def _assessments(user: Any, queryset: models.QuerySet[Assessment]) -> models.QuerySet[Any]:
    q = assessment_filter(user)
    return queryset.none() if q is None else queryset.filter(q)


@register_scope(Answer)
def _answers(user: Any, queryset: models.QuerySet[Answer]) -> models.QuerySet[Any]:
    q = assessment_filter(user)
    if q is None:
        return queryset.none()
    return queryset.filter(assessment__in=Assessment.objects.filter(q))


def _reference(user: Any, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return queryset  # checklists: reference data


@register_scope(AssessmentAssessor)
def _assessors(user: Any, queryset: models.QuerySet[AssessmentAssessor]) -> models.QuerySet[Any]:
    q = assessment_filter(user)
    if q is None:
        return queryset.none()
    return queryset.filter(assessment__in=Assessment.objects.filter(q))


for _checklist_model in (Checklist, ChecklistVersion, ChecklistItem):
    register_scope(_checklist_model)(_reference)


def assistance_filter(user: Any) -> Q | None:
    if not _reader(user):
        return None
    if is_editor(user):
        return Q()
    return (
        Q(organisation_id=user.organisation_id)
        | Q(provided_by_id=user.organisation_id)
        | Q(provided_by_user_id=user.pk)
    )


def sees_assistance(user: Any, entry: TechnicalAssistance) -> bool:
    if not _reader(user):
        return False
    return (
        is_editor(user)
        or entry.organisation_id == user.organisation_id
        or entry.provided_by_id == user.organisation_id
        or entry.provided_by_user_id == user.pk
    )


@register_scope(TechnicalAssistance)
def _assistance(user: Any, queryset: models.QuerySet[TechnicalAssistance]) -> models.QuerySet[Any]:
    q = assistance_filter(user)
    return queryset.none() if q is None else queryset.filter(q)
