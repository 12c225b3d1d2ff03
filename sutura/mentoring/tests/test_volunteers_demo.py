"""The demo's volunteers: both mentors have a profile supervised by the focal point, with notes;
each supports three to five returnees, each for a purpose and a period, at different stages, one
of them waiting for an answer to a referral; a second run adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from sutura.accounts.models import User
from sutura.mentoring.models import Assignment, AssignmentPurpose, SupervisionNote, Volunteer
from sutura.mentoring.selectors.volunteers import returnees_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


@pytest.mark.parametrize("username", ["mentor", "mentor2"])
def test_each_demo_mentor_has_returnees_at_varied_stages_and_supervision_notes(username):
    mentor = User.objects.get(username=username)
    volunteer = Volunteer.objects.get(user=mentor)
    assert volunteer.focal_point is not None and volunteer.focal_point.username == "focalpoint"
    assert SupervisionNote.objects.filter(volunteer=volunteer).count() == 2
    with translation.override("en"):
        found = returnees_of(mentor)
    assert 3 <= len(found) <= 5
    assert all(r.assignment.purpose != AssignmentPurpose.OTHER for r in found)
    assert len({r.stage.code for r in found}) >= 2
    waiting = [line for r in found for line in r.stage.referral_lines if "waiting" in line]
    assert waiting, "one returnee's referral waits for an answer"


def test_a_second_run_of_the_demo_adds_no_assignment_or_note():
    before = (Assignment.objects.count(), SupervisionNote.objects.count())
    with transaction.atomic():
        call_command("seed_demo", persons=200, quiet_logins=True)
        assert (Assignment.objects.count(), SupervisionNote.objects.count()) == before
        transaction.set_rollback(True)
