"""The programme report benchmark's year of activities (`bench/activities_at_scale.py`) on the
demo: the volumes it promises for the people on file, rows the models' constraints accept,
only what is missing on a second run, and figures the report's indicators count."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest

from sutura.accounts.models import User
from sutura.accounts.roles import Role
from sutura.cases.demo.stories import PROGRAMMES
from sutura.cases.models import Programme
from sutura.core import indicators
from sutura.meetings.models import AttendanceCount, Meeting, Participant
from sutura.mentoring.models import Activity, ActivityCount

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import activities_at_scale

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]

PERSONS = 20_000  # as if: 10 mentors, 2,000 activities, 120 meetings
TODAY = datetime.date(2026, 12, 6)


def _bench(model: type, kind: str) -> int:
    return len(activities_at_scale._ids_between(model, kind))


def test_a_year_of_activities_is_loaded_once_and_counted() -> None:
    wanted = activities_at_scale.wanted(PERSONS)
    assert wanted == {"mentors": 10, "activities": 2_000, "meetings": 120}

    added = activities_at_scale.add_activities(PERSONS, today=TODAY)

    assert added["mentors"] == User.objects.filter(username__startswith="bench-mentor-").count()
    assert 8 <= added["mentors"] <= 12  # shared out by the organisations' cases, rounded
    assert _bench(Activity, "activity") == added["mentoring activities"] == 2_000
    assert _bench(Meeting, "meeting") == added["meetings"] == 120
    assert _bench(Participant, "participant") == added["participants"] > 0
    assert _bench(AttendanceCount, "attendance") == added["attendance counts"] > 0
    assert _bench(ActivityCount, "event_count") == added["event counts"] > 0
    # The bench's rows only: an id above the bench's range is another activity's (a random
    # UUID is above the bench's first id one time in four).
    days = Activity.objects.filter(
        pk__gte=activities_at_scale.bench_id("activity", 0),
        pk__lte=activities_at_scale.bench_id("activity", (1 << 96) - 1),
    )
    first, last = TODAY - datetime.timedelta(days=365), TODAY - datetime.timedelta(days=1)
    assert not days.exclude(occurred_on__range=(first, last)).exists()

    again = activities_at_scale.add_activities(PERSONS, today=TODAY)
    assert set(again.values()) == {0}

    acronym = next(iter(PROGRAMMES))
    programme = Programme.objects.get(organisation__acronym=acronym, name=PROGRAMMES[acronym][0])
    manager = User.objects.filter(
        organisation=programme.organisation, roles__contains=[Role.PROGRAMME_MANAGER]
    ).first()
    year = indicators.Period(TODAY - datetime.timedelta(days=365), TODAY)
    supported = indicators.get("mentoring.people_supported").value(manager, year)
    participants = indicators.get("meetings.participants").value(manager, year)
    assert (supported.total or 0) > 0 and (participants.total or 0) > 0
