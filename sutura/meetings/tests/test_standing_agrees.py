"""The two forms of the meetings rule agree (access/meetings.py): the filter `visible()` applies
and the standing on one meeting, for every user of the access world, on every meeting of it;
and the same for action items and who may update them."""

from __future__ import annotations

import pytest

from sutura.access import visible
from sutura.access.meetings import meeting_standing, records_filter
from sutura.meetings.models import ActionItem, Meeting
from sutura.meetings.services import may_update_action
from tests.worlds import build_world

pytestmark = pytest.mark.django_db


def test_filter_and_standing_agree_on_every_meeting_for_every_user() -> None:
    world = build_world()
    meetings = list(Meeting.objects.all())
    assert len(meetings) >= 3
    for user in world.users():
        seen = set(visible(user, Meeting).values_list("pk", flat=True))
        q = records_filter(user)
        recorded = set(Meeting.objects.filter(q).values_list("pk", flat=True)) if q else set()
        for meeting in meetings:
            standing = meeting_standing(user, meeting)
            assert standing.sees is (meeting.pk in seen), (user, meeting)
            assert standing.records is (meeting.pk in recorded), (user, meeting)
        items = set(visible(user, ActionItem).values_list("pk", flat=True))
        for item in ActionItem.objects.select_related("meeting"):
            if may_update_action(user, item):
                assert item.pk in items, (user, item)
