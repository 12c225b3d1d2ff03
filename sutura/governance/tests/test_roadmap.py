"""The roadmap: a version validated at a meeting is frozen, the next one starts as a copy, the
timeline is drawn on the server."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.governance.models.roadmap import ProgressNote, RoadmapAction, RoadmapStatus
from sutura.governance.roadmap_timeline import Bar, Group, timeline_svg
from sutura.governance.selectors.roadmap import compare_versions
from sutura.governance.services import roadmap as services
from sutura.meetings.models import MeetingKind
from sutura.meetings.services import create_meeting

pytestmark = pytest.mark.django_db
START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


@pytest.fixture
def coordinator(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.NRM_COORDINATOR]


@pytest.fixture
def meeting(coordinator: Any) -> Any:
    return create_meeting(
        coordinator,
        kind=MeetingKind.objects.get(code="steering_committee"),
        title="Comité de pilotage",
        starts_at=timezone.now(),
    )


@pytest.fixture
def plan(coordinator: Any, org_a: Any) -> Any:
    roadmap = services.create_roadmap(
        coordinator, title="Feuille de route", starts_on=START, ends_on=END
    )
    version = roadmap.versions.get()
    priority = services.add_priority(coordinator, version, title="Coordination")
    action = services.add_action(
        coordinator,
        priority,
        title="Réunions",
        starts_on=START,
        ends_on=datetime.date(2026, 3, 31),
        responsible=org_a,
    )
    services.add_progress_note(coordinator, action, text="Première réunion tenue")
    return roadmap, version, priority, action


def test_only_the_editor_writes(plan: tuple, users_a: dict) -> None:
    _roadmap, version, _priority, _action = plan
    with pytest.raises(PermissionDenied):
        services.add_priority(users_a[Role.PROGRAMME_MANAGER], version, title="Autre")


def test_a_validated_version_is_frozen(plan: tuple, coordinator: Any, meeting: Any) -> None:
    _roadmap, version, priority, action = plan
    services.validate_roadmap_version(coordinator, version, meeting=meeting)
    version.refresh_from_db()
    assert version.status == RoadmapStatus.VALIDATED and version.validated_at == meeting
    for attempt in (
        lambda: services.add_priority(coordinator, version, title="Autre"),
        lambda: services.add_action(
            coordinator, priority, title="Autre", starts_on=START, ends_on=END
        ),
        lambda: services.update_action(
            coordinator, action, expected_version=action.version, status="done"
        ),
        lambda: services.add_progress_note(coordinator, action, text="Encore"),
    ):
        with pytest.raises(services.FrozenVersion, match=r"frozen|figée"):
            attempt()


def test_the_next_version_is_a_draft_copy(plan: tuple, coordinator: Any, meeting: Any) -> None:
    roadmap, version, _priority, action = plan
    with pytest.raises(ValidationError):  # a draft is open already
        services.start_next_version(coordinator, roadmap)
    services.validate_roadmap_version(coordinator, version, meeting=meeting)
    draft = services.start_next_version(coordinator, roadmap)
    assert draft.number == 2 and draft.status == RoadmapStatus.DRAFT and draft.based_on == version
    copied = RoadmapAction.objects.get(priority__roadmap_version=draft)
    assert copied.pk != action.pk and copied.title == action.title
    assert ProgressNote.objects.filter(action=copied).count() == 1
    services.update_action(coordinator, copied, expected_version=1, status="done")
    action.refresh_from_db()
    assert action.status == "not_started"  # the frozen one did not move
    services.validate_roadmap_version(coordinator, draft, meeting=meeting)
    version.refresh_from_db()
    assert version.status == RoadmapStatus.SUPERSEDED


def test_timeline_svg_scales_and_escapes() -> None:
    svg = timeline_svg(
        [Group("1. <Coordination>", [Bar("Réunions & ateliers", START, END, "delayed")])],
        starts_on=START,
        ends_on=END,
        label="Feuille de route",
        today=datetime.date(2026, 6, 1),
    )
    assert 'viewBox="0 0 360' in svg and 'width="100%"' in svg
    assert "&lt;Coordination&gt;" in svg and "<Coordination>" not in svg
    assert "<script" not in svg and "style=" not in svg


def test_pages(plan: tuple, coordinator: Any, users_a: dict, users_b: dict) -> None:
    roadmap, version, _priority, _action = plan
    for user in (coordinator, users_b[Role.PROVIDER_AGENT]):
        client = Client()
        client.force_login(user)
        for url in (
            reverse("roadmap:list"),
            reverse("roadmap:detail", args=[roadmap.pk]),
            reverse("roadmap:version", args=[version.pk]),
        ):
            assert client.get(url).status_code == 200, url
    client = Client()
    client.force_login(users_a[Role.COMMUNITY_MENTOR])
    assert client.get(reverse("roadmap:version", args=[version.pk])).status_code == 403


def test_comparison_of_two_versions(
    plan: tuple, coordinator: Any, meeting: Any, org_a: Any
) -> None:
    roadmap, version, _priority, _action = plan
    services.validate_roadmap_version(coordinator, version, meeting=meeting)
    draft = services.start_next_version(coordinator, roadmap)
    copied = RoadmapAction.objects.get(priority__roadmap_version=draft)
    services.update_action(coordinator, copied, expected_version=1, status="delayed")
    services.add_action(
        coordinator, copied.priority, title="Nouvelle", starts_on=START, ends_on=END
    )
    before, after, rows = compare_versions(coordinator, roadmap, draft.pk, version.pk)
    assert (before, after) == (version, draft)
    assert {row.title: row.change for row in rows} == {"Réunions": "changed", "Nouvelle": "added"}
    client = Client()
    client.force_login(coordinator)
    url = reverse("roadmap:compare_versions", args=[roadmap.pk])
    assert client.get(url, {"a": version.pk, "b": draft.pk}).status_code == 200
