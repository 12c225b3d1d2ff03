"""The library's rules against every user of the access world (tests/worlds.py with its
`library` part): the filters `visible()` applies agree with the standing on each record, and the
API lists give each user exactly their rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sutura.access import can, visible
from sutura.access.library import (
    sees_assessment,
    sees_assistance,
    sees_comments,
    version_standing,
)
from sutura.accounts.roles import Perm, Role
from sutura.governance.models.assessments import Assessment, TechnicalAssistance
from sutura.governance.models.library import (
    ConsultationComment,
    DocumentVersion,
    LibraryDocument,
)
from tests import files
from tests.world_fixture import SharedWorlds
from tests.worlds import World, build_world


@pytest.fixture(scope="module")
def world(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_worlds.use("world", build_world, django_db_blocker)


@pytest.mark.django_db
def test_filters_and_standing_agree(world: World) -> None:
    part = world.parts["library"]
    versions = list(DocumentVersion.objects.all())
    assessments = list(Assessment.objects.all())
    entries = list(TechnicalAssistance.objects.all())
    for user in world.users():
        seen = set(visible(user, DocumentVersion).values_list("pk", flat=True))
        for version in versions:
            assert (version.pk in seen) is version_standing(user, version).sees, (user, version)
        comments = set(visible(user, ConsultationComment).values_list("pk", flat=True))
        assert (part["comment"].pk in comments) is sees_comments(user, part["consulted"])
        seen = set(visible(user, Assessment).values_list("pk", flat=True))
        for assessment in assessments:
            assert (assessment.pk in seen) is sees_assessment(user, assessment), (user, assessment)
        seen = set(visible(user, TechnicalAssistance).values_list("pk", flat=True))
        for entry in entries:
            assert (entry.pk in seen) is sees_assistance(user, entry), (user, entry)


@pytest.mark.django_db
def test_who_reads_what_in_the_world(world: World) -> None:
    part = world.parts["library"]
    a, b = world.a.users, world.b.users
    consulted, validated = part["consulted"], part["validated"]
    # The version under consultation: A's coordinator (editor) and B's staff (consulted).
    assert version_standing(a[Role.NRM_COORDINATOR], consulted).sees
    assert version_standing(b[Role.PROVIDER_AGENT], consulted).sees
    assert not version_standing(a[Role.CASE_MANAGER], consulted).sees
    assert not version_standing(world.outside_agent, consulted).sees
    # The validated one: every holder of view_governance, not the mentor nor the admin.
    assert version_standing(a[Role.CASE_MANAGER], validated).sees
    assert not version_standing(a[Role.COMMUNITY_MENTOR], validated).sees
    assert not version_standing(a[Role.SYSTEM_ADMIN], validated).sees
    assert not version_standing(world.homeless, validated).sees
    # A's capacity assessment: A's staff and the coordinators, not B's staff.
    capacity_a = part["capacity_a"]
    assert sees_assessment(a[Role.CASE_MANAGER], capacity_a)
    assert sees_assessment(b[Role.NRM_COORDINATOR], capacity_a)
    assert not sees_assessment(b[Role.PROGRAMME_MANAGER], capacity_a)
    assert sees_assessment(b[Role.PROGRAMME_MANAGER], part["status"])


@pytest.mark.django_db
def test_api_list_gives_each_user_their_documents_and_versions(world: World) -> None:
    url = reverse("api-library-document-list")
    for user in world.users():
        client = Client()
        client.force_login(user)
        response = client.get(url)
        if not can(user, Perm.VIEW_GOVERNANCE):
            assert response.status_code == 403, user
            continue
        body = response.json()
        got = {row["id"] for row in body["results"]}
        assert got == {
            str(pk) for pk in visible(user, LibraryDocument).values_list("pk", flat=True)
        }
        versions = {v["id"] for row in body["results"] for v in row["versions"]}
        assert versions == {
            str(pk) for pk in visible(user, DocumentVersion).values_list("pk", flat=True)
        }, user


@pytest.mark.django_db
def test_api_writes_for_the_editor(world: World) -> None:
    coordinator, manager = (
        world.a.users[Role.NRM_COORDINATOR],
        world.a.users[Role.PROGRAMME_MANAGER],
    )
    url = reverse("api-library-document-list")
    refused = Client()
    refused.force_login(manager)
    assert refused.post(url, {"kind": "form", "title_fr": "Fiche"}).status_code == 403
    client = Client()
    client.force_login(coordinator)
    created = client.post(
        url, {"kind": "form", "title_fr": "Fiche de référencement"}, content_type="application/json"
    )
    assert created.status_code == 201
    document_id = created.json()["id"]
    upload = SimpleUploadedFile("fiche.pdf", files.pdf(), "application/pdf")
    with files.committed():
        version = client.post(
            reverse("api-library-document-versions", args=[document_id]),
            {"file": upload, "changes": "Premier jet"},
        )
    assert version.status_code == 201, version.content
    assert version.json()["status"] == "draft"
    assert version.json()["file_url"]
    again = client.post(
        reverse("api-library-document-versions", args=[document_id]), {"changes": "Encore"}
    )
    assert again.status_code == 400  # one version in preparation at a time


@pytest.mark.django_db
def test_api_assessments_and_roadmaps_follow_the_rules(world: World) -> None:
    part = world.parts["library"]
    for user in world.users():
        client = Client()
        client.force_login(user)
        response = client.get(reverse("api-nrm-assessment-list"))
        if not can(user, Perm.VIEW_GOVERNANCE):
            assert response.status_code == 403
            continue
        got = {row["id"] for row in response.json()["results"]}
        assert got == {str(pk) for pk in visible(user, Assessment).values_list("pk", flat=True)}
        detail = client.get(reverse("api-nrm-assessment-detail", args=[part["capacity_b"].pk]))
        assert detail.status_code == (200 if sees_assessment(user, part["capacity_b"]) else 404)
    coordinator = Client()
    coordinator.force_login(world.a.users[Role.NRM_COORDINATOR])
    body = coordinator.get(reverse("api-roadmap-detail", args=[part["roadmap"].pk])).json()
    assert [v["status"] for v in body["versions"]] == ["draft", "validated"]
    assert body["versions"][1]["priorities"][0]["actions"][0]["title"] == "Réunions trimestrielles"
