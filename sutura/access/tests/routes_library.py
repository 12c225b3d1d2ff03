"""URL × role matrix entries of the governance library, roadmap, assessments and technical
assistance (records: `tests/world_parts/library.py`). The rules: `sutura/access/library.py`."""

from __future__ import annotations

from typing import Any

from sutura.access import can
from sutura.access.library import may_comment
from sutura.access.meetings import meeting_standing
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Records,
    Route,
    a_form,
    api,
    api_post,
    gate,
    in_view,
    page,
    post,
    row_then_gate,
)
from sutura.accounts.roles import Perm
from sutura.governance.models.assessments import Assessment, TechnicalAssistance
from sutura.governance.models.library import ConsultationComment, DocumentVersion, LibraryDocument
from sutura.governance.models.roadmap import Roadmap, RoadmapVersion
from sutura.meetings.models import Meeting

VIEW, MANAGE = Perm.VIEW_GOVERNANCE, Perm.MANAGE_GOVERNANCE
READER = gate(VIEW)
EDITOR = gate(MANAGE)


def part(name: str, *keys: str) -> Records:
    """Records of the library's part of the world, each as the URL argument `name`."""

    def records(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
        found = world.parts["library"]
        return {key: ({name: found[key].pk}, found[key]) for key in keys}

    return records


document = part("document_id", "document")
versions = part("version_id", "validated", "consulted")
sees_version = in_view(DocumentVersion)


def file_expect(user: Any, world: Any, version: Any) -> str:
    if not can(user, VIEW):
        return FORBIDDEN
    return OK if sees_version(user, version) and version.file else MISSING


def commenter(user: Any, world: Any, version: Any) -> str:
    if not can(user, Perm.COMMENT_DOCUMENTS):
        return FORBIDDEN
    if not sees_version(user, version):
        return MISSING
    return OK if may_comment(user, version) and version.status == "consultation" else FORBIDDEN


def compared(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["library"]
    return {"capacity A twice": ({}, found["capacity_a"])}


def compare_query(world: Any, record: Any) -> dict[str, Any]:
    found = world.parts["library"]
    return {"a": str(found["earlier_a"].pk), "b": str(found["capacity_a"].pk)}


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    # --- the library
    "library:list": page(READER, audited=False),
    "library:new": a_form(page(EDITOR, audited=False)),
    "library:document": page(gate(VIEW, row=in_view(LibraryDocument)), document, audited=False),
    "library:edit": a_form(page(EDITOR, document, audited=False)),
    "library:version_new": a_form(page(EDITOR, document, audited=False)),
    "library:version": page(gate(VIEW, row=sees_version), versions, audited=False),
    "library:file": page(file_expect, versions, audited=False),
    "library:replace_file": a_form(page(EDITOR, versions, audited=False)),
    "library:consult": a_form(page(EDITOR, part("version_id", "consulted"), audited=False)),
    "library:comment": a_form(page(commenter, versions, audited=False)),
    "library:validate": a_form(page(EDITOR, part("version_id", "consulted"), audited=False)),
    "library:answer": a_form(
        page(
            gate(MANAGE, row=in_view(ConsultationComment)),
            part("comment_id", "comment"),
            audited=False,
        )
    ),
    "library:present": a_form(
        page(
            row_then_gate(in_view(Meeting), lambda u, m: meeting_standing(u, m).records),
            part("meeting_id", "workshop"),
            audited=False,
        )
    ),
    # --- the roadmap
    "roadmap:list": page(READER, audited=False),
    "roadmap:new": a_form(page(EDITOR, audited=False)),
    "roadmap:detail": page(
        gate(VIEW, row=in_view(Roadmap)), part("roadmap_id", "roadmap"), audited=False
    ),
    "roadmap:next": post(EDITOR, part("roadmap_id", "roadmap")),
    "roadmap:compare_versions": page(
        gate(VIEW, row=in_view(Roadmap)),
        part("roadmap_id", "roadmap"),
        query=lambda world, roadmap: {
            "a": str(world.parts["library"]["frozen"].pk),
            "b": str(world.parts["library"]["draft"].pk),
        },
        audited=False,
    ),
    "roadmap:version": page(
        gate(VIEW, row=in_view(RoadmapVersion)),
        part("version_id", "frozen", "draft"),
        audited=False,
    ),
    "roadmap:validate": a_form(page(EDITOR, part("version_id", "draft"), audited=False)),
    "roadmap:priority_new": a_form(
        page(EDITOR, part("version_id", "frozen", "draft"), audited=False)
    ),
    "roadmap:action_new": a_form(
        page(EDITOR, part("priority_id", "frozen_priority", "draft_priority"), audited=False)
    ),
    "roadmap:action_edit": a_form(
        page(EDITOR, part("action_id", "frozen_action", "draft_action"), audited=False)
    ),
    "roadmap:note_new": a_form(
        page(EDITOR, part("action_id", "frozen_action", "draft_action"), audited=False)
    ),
    # --- assessments and technical assistance
    "roadmap:assessments": page(READER, audited=False),
    "roadmap:assessment_new": a_form(page(EDITOR, audited=False)),
    "roadmap:assessment": page(
        gate(VIEW, row=in_view(Assessment)),
        part("assessment_id", "capacity_a", "capacity_b", "status"),
        audited=False,
    ),
    "roadmap:assessment_answers": a_form(
        page(EDITOR, part("assessment_id", "capacity_a", "status"), audited=False)
    ),
    "roadmap:compare": page(
        gate(VIEW, row=in_view(Assessment)), compared, query=compare_query, audited=False
    ),
    "roadmap:assistance": page(READER, audited=False),
    "roadmap:assistance_new": a_form(page(EDITOR, audited=False)),
    "roadmap:assistance_follow_up": a_form(
        page(
            gate(MANAGE, row=in_view(TechnicalAssistance)),
            part("entry_id", "assistance"),
            audited=False,
        )
    ),
    # --- the API
    "api-library-document-list": (
        api(READER),
        api_post(EDITOR, data={"kind": "sop", "title_fr": "Formulaire"}),
    ),
    "api-library-document-detail": api(
        gate(VIEW, row=in_view(LibraryDocument)), part("pk", "document"), audited=False
    ),
    "api-roadmap-list": api(READER),
    "api-roadmap-detail": api(
        gate(VIEW, row=in_view(Roadmap)), part("pk", "roadmap"), audited=False
    ),
    "api-nrm-assessment-list": api(READER),
    "api-nrm-assessment-detail": api(
        gate(VIEW, row=in_view(Assessment)),
        part("pk", "capacity_a", "capacity_b", "status"),
        audited=False,
    ),
    "api-library-document-versions": api_post(
        gate(MANAGE, row=in_view(LibraryDocument)), part("pk", "document"), data={"changes": "x"}
    ),
}
