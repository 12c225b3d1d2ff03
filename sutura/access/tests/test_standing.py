"""Each rule of the access layer has two forms — a filter for querysets and a standing on one
record — and both must say the same thing, for every user of a world with two organisations,
on every record of it. Services, views and the API ask the standing; lists use the filter."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from sutura.access import visible
from sutura.access.cases import (
    CaseStanding,
    case_standing,
    mentor_filter,
    works_on,
    works_on_filter,
)
from sutura.access.people import person_filter, works_on_person
from sutura.access.privacy import handles_requests_for, persons_handled_by
from sutura.access.referrals import (
    author_filter,
    case_team_filter,
    onward_filter,
    receiver_filter,
    sender_filter,
    standing,
)
from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.cases.services import records
from sutura.people import services as people
from sutura.people.models import Person
from sutura.privacy.models import DataRequest
from sutura.referrals.models import Referral
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _matches(model: Any, condition: Q | None, pk: Any) -> bool:
    return condition is not None and model.objects.filter(condition, pk=pk).exists()


def test_the_case_standing_and_the_case_filters_agree(world: World) -> None:
    checked = 0
    for user in world.users():
        seen = set(visible(user, Case).values_list("pk", flat=True))
        for case in Case.objects.all():
            where = case_standing(user, case)
            assert works_on(user, case) == _matches(Case, works_on_filter(user), case.pk)
            assert (where == CaseStanding.MENTOR) == (
                not works_on(user, case) and _matches(Case, mentor_filter(user), case.pk)
            )
            assert (where != CaseStanding.NONE) == (case.pk in seen), (user, case)
            checked += 1
    assert checked == len(world.users()) * Case.objects.count() >= 22 * 4


def test_the_person_standing_and_the_person_filter_agree(world: World) -> None:
    for user in world.users():
        seen = set(visible(user, Person).values_list("pk", flat=True))
        for person in Person.objects.all():
            assert works_on_person(user, person) == _matches(Person, person_filter(user), person.pk)
            assert works_on_person(user, person) == (person.pk in seen), (user, person)


def test_who_handles_a_persons_data_requests_agrees_with_the_request_filter(world: World) -> None:
    requests = list(DataRequest.objects.select_related("person"))
    assert len(requests) == 2  # one per organisation (url_matrix.build_matrix_world)
    for user in world.users():
        handled = set(persons_handled_by(user).values_list("pk", flat=True))
        seen = set(visible(user, DataRequest).values_list("pk", flat=True))
        for person in Person.objects.all():
            assert handles_requests_for(user, person) == (person.pk in handled), (user, person)
        for request in requests:
            assert handles_requests_for(user, request.person) == (request.pk in seen)


def test_each_referral_standing_agrees_with_its_filter(world: World) -> None:
    filters = {
        "receiver": receiver_filter,
        "author": author_filter,
        "case_team": case_team_filter,
        "sender": sender_filter,
        "onward_referrer": onward_filter,
    }
    referrals = list(Referral.objects.select_related("case", "parent", "to_organisation"))
    assert len(referrals) >= 10  # the world's ten, and those its later parts add (placements)
    for user in world.users():
        seen = set(visible(user, Referral).values_list("pk", flat=True))
        for referral in referrals:
            where = standing(user, referral)
            for name, rule in filters.items():
                assert getattr(where, name) == _matches(Referral, rule(user), referral.pk), (
                    user.username,
                    referral.reason,
                    name,
                )
            assert where.sees == (referral.pk in seen), (user.username, referral.reason)


def test_nobody_signed_out_or_deactivated_stands_anywhere(world: World) -> None:
    gone = world.a.users[Role.CASE_MANAGER]
    gone.is_active = False
    try:
        for user in (AnonymousUser(), gone, world.homeless):
            assert not works_on(user, world.a.case)
            assert case_standing(user, world.a.case) == CaseStanding.NONE
            assert not standing(user, world.referral_ab).sees
    finally:
        gone.is_active = True


def test_services_refuse_a_case_the_actor_is_not_assigned_to(world: World) -> None:
    """Organisation A shows its case managers only their assigned cases: its services hold
    the same line, whatever a caller fetched (the backstop is as strong as the rule)."""
    manager, colleague_case = world.a.users[Role.CASE_MANAGER], world.a.other_case
    with pytest.raises(PermissionDenied):
        records.add_note(actor=manager, case=colleague_case, text="x", confidentiality="normal")
    with pytest.raises(PermissionDenied):
        people.add_household_member(
            actor=manager, person=colleague_case.person, name="x", relationship="x"
        )
    # B lets its case managers work on every case of the organisation.
    b_manager = world.b.users[Role.CASE_MANAGER]
    with transaction.atomic():
        records.add_note(
            actor=b_manager, case=world.b.other_case, text="x", confidentiality="normal"
        )
        transaction.set_rollback(True)
