"""A programme's figures count what is linked to it without carrying a programme: meetings and
mentoring activities tagged to it, people through their cases (`programmes.links`). Before,
"participants in meetings" and "people registered" were always 0 in a programme's report."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.cases.services.lifecycle import open_case
from sutura.core import indicators
from sutura.core.indicators import Scope
from sutura.meetings.models import Meeting, MeetingKind, MeetingStatus, Participant
from sutura.meetings.reference import ensure_reference_data
from sutura.programmes import services
from sutura.programmes.models import TagKind
from sutura.programmes.tests.helpers import case_of

pytestmark = pytest.mark.django_db
YEAR = "2026"


def held(organisation: Any, creator: Any, title: str, people: int) -> Meeting:
    meeting = Meeting.objects.create(
        kind=MeetingKind.objects.get(code="coordination_meeting"),
        title=title,
        organisation=organisation,
        starts_at=datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC),
        status=MeetingStatus.HELD,
        created_by=creator,
    )
    for i in range(people):
        Participant.objects.create(meeting=meeting, name=f"P{i}", sex="female", attended=True)
    return meeting


def total(code: str, user: Any, programme: Programme | None) -> Any:
    scope = Scope(programme_ids=(programme.pk,)) if programme else Scope()
    return indicators.get(code).value(user, YEAR, scope=scope).total


def test_tagged_meetings_and_people_with_a_case_count_for_their_programme(
    users_a: dict[Role, Any],
) -> None:
    ensure_reference_data()
    manager = users_a[Role.PROGRAMME_MANAGER]
    organisation = manager.organisation
    ours = Programme.objects.create(organisation=organisation, name="AIM", code="AIM")
    other = Programme.objects.create(organisation=organisation, name="Autre", code="OTH")
    tagged = held(organisation, manager, "Tagged", 6)
    held(organisation, manager, "Not tagged", 7)
    services.tag(actor=manager, programme=ours, kind=TagKind.MEETING, object_id=tagged.pk)
    worker = users_a[Role.CASE_MANAGER]
    first = case_of(ours, worker, "Awa")
    case_of(other, worker, "Fatou")
    # A second case of the same person in the programme: still one person.
    open_case(
        actor=worker,
        person=first.person,
        case_type="return_reintegration",
        opened_on=datetime.date(2026, 2, 1),
        programme=ours,
    )
    reader = users_a[Role.ME_OFFICER]
    assert total("meetings.held", reader, ours) == 1
    assert total("meetings.held", reader, other) == 0
    assert total("meetings.held", reader, None) == 2
    assert total("meetings.participants", reader, ours) == 6
    assert total("meetings.participants", reader, None) == 13
    assert total("people.registered", reader, ours) == 1
    assert total("people.registered", reader, other) == 1
    assert total("people.registered", reader, None) == 2
    # The grouping-sets path agrees with the one-by-one path under the programme.
    indicator = indicators.get("meetings.participants")
    scope = Scope(programme_ids=(ours.pk,))
    together = indicator.values(reader, YEAR, scope=scope, sets=[(), ("sex",)])
    assert [f.total for f in together] == [6, 6]
