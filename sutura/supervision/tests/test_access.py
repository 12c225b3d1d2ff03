"""The supervision rules: both forms agree (the filter `visible()` applies and the standing on
one case) for every user of the access world, and each rule holds: a supervision note is read
by the organisation's supervisors and the case's own case manager only; a case conference by
the case team only; nobody counts or moves another organisation's cases."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from sutura.access import can, visible
from sutura.access.cases import works_on
from sutura.access.meetings import meeting_standing
from sutura.access.supervision import (
    case_managers,
    note_filter,
    reads_notes,
    supervised_cases,
    writes_notes,
)
from sutura.accounts.roles import Perm, Role
from sutura.meetings.models import Meeting
from sutura.notifications.models import Notification
from sutura.supervision import services
from sutura.supervision.models import SupervisionNote
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _part(world: World, name: str) -> Any:
    return world.parts["supervision"][name]


def test_the_note_standing_and_the_note_filter_agree(world: World) -> None:
    notes = list(SupervisionNote.objects.select_related("case"))
    assert len(notes) == 2
    for user in world.users():
        seen = set(visible(user, SupervisionNote).values_list("pk", flat=True))
        condition = note_filter(user)
        for note in notes:
            assert reads_notes(user, note.case) == (note.pk in seen), (user, note)
            matched = condition is not None and (
                SupervisionNote.objects.filter(condition, pk=note.pk).exists()
            )
            assert matched == (note.pk in seen)


def test_a_note_is_read_by_the_supervisors_and_the_case_manager_only(world: World) -> None:
    a, b = world.a, world.b
    for name, side in (("note_a", a), ("note_b", b)):
        note = _part(world, name)
        readers = {u for u in world.users() if reads_notes(u, note.case)}
        assert readers == {side.users[Role.PROGRAMME_MANAGER], side.users[Role.CASE_MANAGER]}
    # B's second case manager works on B's case (B shows every case to its case managers)…
    assert works_on(b.colleague, b.case)
    # …and still reads none of its supervision notes; nor its mentor
    assert not reads_notes(b.colleague, b.case)
    assert not reads_notes(b.users[Role.COMMUNITY_MENTOR], b.case)


def test_only_supervisors_write_notes_and_never_on_another_organisations_case(
    world: World,
) -> None:
    a, b = world.a, world.b
    assert writes_notes(a.users[Role.PROGRAMME_MANAGER], a.case)
    assert not writes_notes(a.users[Role.PROGRAMME_MANAGER], b.case)
    assert not writes_notes(a.users[Role.CASE_MANAGER], a.case)
    with pytest.raises(PermissionDenied):
        services.add_note(actor=a.users[Role.PROGRAMME_MANAGER], case=b.case, text="Non")
    with pytest.raises(PermissionDenied):
        services.add_note(actor=a.users[Role.CASE_MANAGER], case=a.case, text="Non")


def test_a_case_conference_is_seen_and_recorded_by_the_case_team_only(world: World) -> None:
    conference = _part(world, "conference_a")
    for user in world.users():
        standing = meeting_standing(user, conference)
        team = works_on(user, world.a.case)
        assert standing.records == team, user
        assert standing.sees == team, user
        seen = visible(user, Meeting).filter(pk=conference.pk).exists()
        assert seen == team, user
    # A restricts its case managers to their own cases: the colleague does not see it
    assert not meeting_standing(world.a.colleague, conference).sees


def test_supervisors_count_their_organisation_only(world: World) -> None:
    a, b = world.a, world.b
    manager = a.users[Role.PROGRAMME_MANAGER]
    cases = set(supervised_cases(manager).values_list("organisation_id", flat=True))
    assert cases == {a.organisation.pk}
    assert set(case_managers(manager).values_list("organisation_id", flat=True)) == {
        a.organisation.pk
    }
    assert b.users[Role.CASE_MANAGER] not in case_managers(manager)
    for user in world.users():
        if user.roles != [Role.PROGRAMME_MANAGER]:
            assert not supervised_cases(user).exists(), user
            assert not case_managers(user).exists(), user


def test_the_case_page_shows_the_notes_to_their_readers_only(world: World, client: Any) -> None:
    b = world.b
    url = reverse("cases:detail", args=[b.case.pk])
    for user, reads in (
        (b.users[Role.CASE_MANAGER], True),
        (b.users[Role.PROGRAMME_MANAGER], True),
        (b.colleague, False),
    ):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert ("Dossier à relancer." in page) is reads, user
        # the case conferences: the whole case team
        assert "context=case_conference" in page


def test_the_api_lists_exactly_the_notes_each_reader_may_read(world: World, client: Any) -> None:
    url = reverse("api-supervision-note-list")
    for user in world.users():
        client.force_login(user)
        answer = client.get(url)
        if not can(user, Perm.MANAGE_CASES):
            assert answer.status_code == 403, user
            continue
        got = {row["id"] for row in answer.json()["results"]}
        expected = {str(pk) for pk in visible(user, SupervisionNote).values_list("pk", flat=True)}
        assert got == expected, user


def test_a_supervisor_adds_a_note_and_the_case_manager_is_told(world: World, client: Any) -> None:
    a = world.a
    supervisor = a.users[Role.PROGRAMME_MANAGER]
    client.force_login(supervisor)
    with transaction.atomic():
        answer = client.post(
            reverse("supervision:note_add", args=[a.other_case.pk]),
            {"noted_on": "2026-02-01", "text": "Revoir le plan", "due_on": "2026-01-01"},
        )
        assert answer.status_code == 200  # due before the note, and no action said: refused
        answer = client.post(
            reverse("supervision:note_add", args=[a.other_case.pk]),
            {
                "noted_on": "2026-02-01",
                "text": "Revoir le plan",
                "follow_up_action": "Rappeler",
                "due_on": "2026-02-10",
            },
        )
        assert answer.status_code == 302
        note = SupervisionNote.objects.get(case=a.other_case)
        assert note.author == supervisor and reads_notes(a.colleague, a.other_case)
        told = Notification.objects.filter(recipient=a.colleague).order_by("-created_at").first()
        assert told is not None
        assert told.title_text["params"] == {"number": a.other_case.number}
        transaction.set_rollback(True)
