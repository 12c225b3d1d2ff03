"""Fixtures for meetings: a coordination meeting and a training of organisation A."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.meetings import services
from sutura.meetings.models import MeetingKind, TrainingTopic
from sutura.meetings.reference import ensure_reference_data


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Kinds and topics come from a data migration; a transactional test elsewhere may have
    flushed them from this test database."""
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        ensure_reference_data()


def when(days: int = -3) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)


@pytest.fixture
def manager_a(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROGRAMME_MANAGER]


@pytest.fixture
def meeting_a(manager_a: Any) -> Any:
    return services.create_meeting(
        manager_a,
        kind=MeetingKind.objects.get(code="coordination_meeting"),
        title="Coordination de janvier",
        starts_at=when(),
        address="Dakar",
    )


@pytest.fixture
def training_a(manager_a: Any) -> Any:
    return services.create_meeting(
        manager_a,
        kind=MeetingKind.objects.get(code="training"),
        title="Formation PEAS",
        starts_at=when(-10),
        address="Thiès",
        topics=TrainingTopic.objects.filter(code="psea"),
    )
