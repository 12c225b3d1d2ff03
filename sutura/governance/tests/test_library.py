"""The library: who reads which version, consultations and comments, the share of comments
integrated, validation at a meeting superseding the version before, the file served only to
who may read it, and documents presented at a meeting."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sutura.access import visible
from sutura.access.library import version_standing
from sutura.accounts.roles import Role
from sutura.governance.models.library import DocumentVersion, LibraryDocument, VersionStatus
from sutura.governance.selectors import library as selectors
from sutura.governance.services import library as services
from sutura.meetings.models import MeetingKind
from sutura.meetings.services import create_meeting
from tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.NRM_COORDINATOR]


@pytest.fixture
def workshop(coordinator: Any) -> Any:
    return create_meeting(
        coordinator,
        kind=MeetingKind.objects.get(code="validation_workshop"),
        title="Atelier de validation",
        starts_at=timezone.now() - datetime.timedelta(days=2),
    )


@pytest.fixture
def document(coordinator: Any) -> LibraryDocument:
    return services.create_document(coordinator, kind="sop", title_fr="POS")


def _pdf(name: str = "pos.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.pdf(), "application/pdf")


def _consult(coordinator: Any, version: DocumentVersion, *organisations: Any) -> Any:
    return services.open_consultation(
        coordinator,
        version,
        opens_on=timezone.localdate() - datetime.timedelta(days=1),
        closes_on=timezone.localdate() + datetime.timedelta(days=1),
        organisations=organisations,
    )


def test_only_the_editor_adds_documents(users_a: dict[Role, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.create_document(users_a[Role.PROGRAMME_MANAGER], kind="sop", title_fr="POS")


def test_a_draft_is_read_by_the_editor_only(
    coordinator: Any, document: LibraryDocument, users_a: dict, users_b: dict
) -> None:
    draft = services.add_version(coordinator, document)
    assert visible(coordinator, DocumentVersion).filter(pk=draft.pk).exists()
    for user in (users_a[Role.PROGRAMME_MANAGER], users_b[Role.PROVIDER_AGENT]):
        assert not visible(user, DocumentVersion).filter(pk=draft.pk).exists()
        assert not visible(user, LibraryDocument).filter(pk=document.pk).exists()
        assert not version_standing(user, draft).sees


def test_a_version_under_consultation_is_read_by_the_organisations_consulted(
    coordinator: Any, document: LibraryDocument, users_a: dict, users_b: dict
) -> None:
    version = services.add_version(coordinator, document)
    _consult(coordinator, version, users_b[Role.PROVIDER_AGENT].organisation)
    b_agent, a_manager = users_b[Role.PROVIDER_AGENT], users_a[Role.PROGRAMME_MANAGER]
    assert visible(b_agent, DocumentVersion).filter(pk=version.pk).exists()
    assert version_standing(b_agent, version).consulted
    assert not visible(a_manager, DocumentVersion).filter(pk=version.pk).exists()
    # The mentor has no view_governance: nothing, even in a consulted organisation.
    assert not visible(users_b[Role.COMMUNITY_MENTOR], DocumentVersion).exists()


def test_comments_come_from_consulted_staff_while_the_consultation_is_open(
    coordinator: Any, document: LibraryDocument, users_a: dict, users_b: dict
) -> None:
    version = services.add_version(coordinator, document)
    consultation = _consult(coordinator, version, users_b[Role.PROVIDER_AGENT].organisation)
    comment = services.add_comment(users_b[Role.PROVIDER_AGENT], consultation, text="Délais ?")
    assert comment.organisation == users_b[Role.PROVIDER_AGENT].organisation
    with pytest.raises(PermissionDenied):  # not consulted
        services.add_comment(users_a[Role.PROVIDER_AGENT], consultation, text="Moi aussi")
    with pytest.raises(PermissionDenied):  # consulted, but no comment_documents
        services.add_comment(users_b[Role.CASE_MANAGER], consultation, text="Moi aussi")
    consultation.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    consultation.opens_on = timezone.localdate() - datetime.timedelta(days=3)
    consultation.save()
    with pytest.raises(ValidationError, match="close"):
        services.add_comment(users_b[Role.PROVIDER_AGENT], consultation, text="Trop tard")


def test_share_of_comments_integrated(
    coordinator: Any, document: LibraryDocument, users_b: dict
) -> None:
    version = services.add_version(coordinator, document)
    consultation = _consult(coordinator, version, users_b[Role.PROVIDER_AGENT].organisation)
    agent = users_b[Role.PROVIDER_AGENT]
    comments = [services.add_comment(agent, consultation, text=f"Point {n}") for n in range(4)]
    services.answer_comment(
        coordinator, comments[0], expected_version=1, integration="integrated", reply="Fait"
    )
    services.answer_comment(
        coordinator, comments[1], expected_version=1, integration="integrated", reply="Fait"
    )
    services.answer_comment(
        coordinator, comments[2], expected_version=1, integration="not_integrated", reply="Non"
    )
    share = selectors.share_of(selectors.version_for(coordinator, version.pk))
    assert (share.total, share.integrated, share.not_integrated, share.pending) == (4, 2, 1, 1)
    assert share.percent == 50
    with pytest.raises(PermissionDenied):
        services.answer_comment(agent, comments[3], expected_version=1, integration="integrated")
    # The consulted organisation reads the comments; the share is on the version for all.
    assert len(selectors.comments_of(agent, version)) == 4


def test_validation_supersedes_the_version_before(
    coordinator: Any, document: LibraryDocument, workshop: Any, users_a: dict
) -> None:
    first = services.add_version(coordinator, document)
    with pytest.raises(ValidationError):  # one version in preparation at a time
        services.add_version(coordinator, document)
    services.validate_version(coordinator, first, meeting=workshop)
    second = services.add_version(coordinator, document)
    services.validate_version(
        coordinator, second, meeting=workshop, validated_on=timezone.localdate()
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert second.status == VersionStatus.VALIDATED
    assert second.validated_at == workshop and second.validated_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.validate_version(coordinator, second, meeting=workshop)
    # Every reader of governance sees both (validated once), not the other roles.
    reader = users_a[Role.CASE_MANAGER]
    assert set(visible(reader, DocumentVersion)) == {first, second}
    row = selectors.documents_for(reader)[0]
    assert row.validated == second


def test_a_newer_version_cannot_be_validated_before_the_one_in_force(
    coordinator: Any, document: LibraryDocument, workshop: Any
) -> None:
    first = services.add_version(coordinator, document)
    services.validate_version(
        coordinator, first, meeting=workshop, validated_on=timezone.localdate()
    )
    second = services.add_version(coordinator, document)
    with pytest.raises(ValidationError) as refused:
        services.validate_version(
            coordinator,
            second,
            meeting=workshop,
            validated_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert "meeting" in refused.value.message_dict
    first.refresh_from_db()
    assert first.status == VersionStatus.VALIDATED


def test_validation_names_a_meeting_the_editor_sees(
    coordinator: Any, document: LibraryDocument, users_b: dict
) -> None:
    elsewhere = create_meeting(
        users_b[Role.PROGRAMME_MANAGER],
        kind=MeetingKind.objects.get(code="coordination_meeting"),
        title="Réunion de B",
        starts_at=timezone.now(),
    )
    version = services.add_version(coordinator, document)
    with pytest.raises(ValidationError):
        services.validate_version(coordinator, version, meeting=elsewhere)


def test_validation_workshops_come_first(coordinator: Any, workshop: Any) -> None:
    create_meeting(
        coordinator,
        kind=MeetingKind.objects.get(code="coordination_meeting"),
        title="Plus récente",
        starts_at=timezone.now(),
    )
    assert selectors.meetings_for_validation(coordinator)[0] == workshop


def test_the_file_is_served_only_to_who_may_read_the_version(
    coordinator: Any, document: LibraryDocument, users_a: dict, users_b: dict
) -> None:
    with files.committed():
        draft = services.add_version(coordinator, document, upload=_pdf())
    url = reverse("library:file", args=[draft.pk])
    editor, reader = Client(), Client()
    editor.force_login(coordinator)
    reader.force_login(users_b[Role.PROVIDER_AGENT])
    assert editor.get(url).status_code == 200
    assert reader.get(url).status_code == 404
    _consult(coordinator, draft, users_b[Role.PROVIDER_AGENT].organisation)
    response = reader.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_file_that_is_not_what_it_says_is_refused(
    coordinator: Any, document: LibraryDocument
) -> None:
    with pytest.raises(ValidationError):
        services.add_version(
            coordinator,
            document,
            upload=SimpleUploadedFile("pos.pdf", b"not a pdf", "application/pdf"),
        )


def test_documents_presented_at_a_meeting(
    coordinator: Any, document: LibraryDocument, workshop: Any, users_a: dict, users_b: dict
) -> None:
    version = services.add_version(coordinator, document)
    services.validate_version(coordinator, version, meeting=workshop)
    services.present_document(coordinator, workshop, version=version)
    services.present_document(coordinator, workshop, version=version)  # once only
    section = selectors.presented_at(coordinator, workshop)
    assert [p.version for p in section] == [version]
    assert section.may_add
    with pytest.raises(PermissionDenied):  # does not record that meeting
        services.present_document(users_b[Role.PROGRAMME_MANAGER], workshop, version=version)
    assert list(selectors.presented_at(users_b[Role.PROGRAMME_MANAGER], workshop)) == []


def test_live_tools_link_to_the_directory() -> None:
    urls = [tool["url"] for tool in selectors.live_tools()]
    assert reverse("directory:pathways") in urls and reverse("directory:list") in urls


def test_pages_render_for_the_editor_and_a_reader(
    coordinator: Any, document: LibraryDocument, workshop: Any, users_a: dict
) -> None:
    version = services.add_version(coordinator, document, upload=None)
    services.validate_version(coordinator, version, meeting=workshop)
    for user in (coordinator, users_a[Role.CASE_MANAGER]):
        client = Client()
        client.force_login(user)
        for url in (
            reverse("library:list"),
            reverse("library:document", args=[document.pk]),
            reverse("library:version", args=[version.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
    mentor = Client()
    mentor.force_login(users_a[Role.COMMUNITY_MENTOR])
    assert mentor.get(reverse("library:list")).status_code == 403
