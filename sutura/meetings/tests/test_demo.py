"""The demo's meetings: a coordination meeting with an imported sheet and two action items (one
overdue), a PSEA training with certificates; seeding twice adds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from sutura.accounts.models import User
from sutura.meetings.demo import COORDINATION, TRAINING
from sutura.meetings.models import ActionItem, Meeting, Participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def test_the_demo_holds_a_coordination_meeting_and_a_training() -> None:
    meeting = Meeting.objects.get(title=COORDINATION)
    imported = Participant.objects.filter(meeting=meeting).exclude(import_key="")
    assert imported.count() == 4
    assert set(imported.values_list("category", flat=True)) == {
        "government",
        "un_agency",
        "national_ngo",
        "cbo",
    }
    casemanager_item = ActionItem.objects.get(
        meeting=meeting, responsible_user__username="casemanager"
    )
    coordinator_item = ActionItem.objects.get(
        meeting=meeting, responsible_user__username="coordinator"
    )
    assert not casemanager_item.is_overdue and coordinator_item.is_overdue
    training = Meeting.objects.get(title=TRAINING)
    trainees = Participant.objects.filter(meeting=training)
    assert sorted(trainees.values_list("user__username", flat=True)) == ["focalpoint", "mentor"]
    assert all(p.certificate_number and p.post_test_score for p in trainees)


def test_the_demo_users_see_their_action_items_and_trainings(client: Any) -> None:
    client.force_login(User.objects.get(username="coordinator"))
    home = client.get(reverse("core:home")).content.decode()
    assert "Mettre à jour la liste des points focaux" in home and "badge overdue" in home
    client.force_login(User.objects.get(username="mentor"))
    assert TRAINING in client.get(reverse("accounts:profile")).content.decode()


def test_seeding_again_adds_nothing() -> None:
    before = (Meeting.objects.count(), Participant.objects.count(), ActionItem.objects.count())
    call_command("seed_demo", persons=200, quiet_logins=True)
    after = (Meeting.objects.count(), Participant.objects.count(), ActionItem.objects.count())
    assert before == after
