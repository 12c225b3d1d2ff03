"""The trafficking rules (`sutura.access.trafficking`): both forms agree (the filter `visible()`
applies and the standing on one record) for every user of the access world, on every record;
restricted records reach the case's manager and the programme managers only; a mentor, another
organisation, a provider: nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from sutura.access import visible
from sutura.access.trafficking import may_keep_restricted, reads
from sutura.accounts.roles import Role
from sutura.trafficking import services
from sutura.trafficking.models import (
    Identification,
    LawEnforcementCooperation,
    RiskAssessment,
    SafetyPlan,
)
from tests.worlds import World

pytestmark = pytest.mark.django_db
MODELS = (Identification, RiskAssessment, LawEnforcementCooperation, SafetyPlan)


def _part(world: World, name: str) -> Any:
    return world.parts["trafficking"][name]


def _readers(world: World, record: Any) -> set[str]:
    return {u.username for u in world.users() if reads(u, record)}


def test_the_standing_and_the_filter_agree_on_every_record(world: World) -> None:
    checked = 0
    for model in MODELS:
        rows = list(model.objects.all())
        assert len(rows) == 2  # one per side
        for user in world.users():
            seen = set(visible(user, model).values_list("pk", flat=True))
            for row in rows:
                assert reads(user, row) == (row.pk in seen), (model, user.username)
                checked += 1
    assert checked > 0


def test_a_restricted_record_reaches_the_case_manager_and_the_programme_managers_only(
    world: World,
) -> None:
    a, b = world.a, world.b
    assert _readers(world, _part(world, "identification_a")) == {
        a.users[Role.CASE_MANAGER].username,
        a.users[Role.PROGRAMME_MANAGER].username,
    }
    # B lets its case managers work on every case: the colleague reads B's team records, not
    # the restricted one.
    assert _readers(world, _part(world, "risk_b")) == {
        b.users[Role.CASE_MANAGER].username,
        b.users[Role.PROGRAMME_MANAGER].username,
    }
    assert reads(b.colleague, _part(world, "identification_b"))
    assert not reads(b.colleague, _part(world, "plan_b"))


def test_a_case_team_record_reaches_the_team_and_nobody_outside_it(world: World) -> None:
    b = world.b
    team = _readers(world, _part(world, "identification_b"))
    assert team == {
        b.users[Role.CASE_MANAGER].username,
        b.users[Role.PROGRAMME_MANAGER].username,
        b.colleague.username,
    }
    # A restricts case managers to their own cases: the colleague reads nothing of A's case.
    assert not reads(world.a.colleague, _part(world, "risk_a"))


def test_mentors_other_organisations_and_providers_see_nothing(world: World) -> None:
    outsiders = [
        world.a.users[Role.COMMUNITY_MENTOR],  # A's case's own mentor
        world.b.users[Role.PROVIDER_AGENT],  # received A's case by referral
        world.outside_agent,
        world.homeless,
        *world.b.users.values(),
    ]
    for user in outsiders:
        for model in MODELS:
            path = "assessment__case" if model is SafetyPlan else "case"
            rows = visible(user, model).filter(**{f"{path}__organisation": world.a.organisation})
            assert not rows.exists(), (user.username, model)
    # …nor, of B's records, does anyone of A
    for user in world.a.users.values():
        assert not visible(user, Identification).filter(case=world.b.case).exists()


def test_a_colleague_who_does_not_manage_the_case_gets_404_on_a_restricted_record(
    world: World, client: Any
) -> None:
    b = world.b
    client.force_login(b.colleague)
    restricted = reverse("trafficking:record", args=["risk", _part(world, "risk_b").pk])
    opened = reverse(
        "trafficking:record", args=["identification", _part(world, "identification_b").pk]
    )
    assert client.get(restricted).status_code == 404
    assert client.get(opened).status_code == 200
    api = reverse("api-trafficking-risk-detail", args=[_part(world, "risk_b").pk])
    assert client.get(api).status_code == 404
    client.force_login(b.users[Role.PROGRAMME_MANAGER])
    assert client.get(restricted).status_code == 200


def test_the_api_lists_exactly_what_each_user_reads(world: World, client: Any) -> None:
    for name, model in (
        ("api-trafficking-identification-list", Identification),
        ("api-trafficking-risk-list", RiskAssessment),
        ("api-trafficking-cooperation-list", LawEnforcementCooperation),
    ):
        for user in (world.a.users[Role.PROGRAMME_MANAGER], world.b.colleague, world.a.colleague):
            client.force_login(user)
            got = {row["id"] for row in client.get(reverse(name)).json()["results"]}
            expected = {str(pk) for pk in visible(user, model).values_list("pk", flat=True)}
            assert got == expected, (name, user.username)


def test_only_those_who_read_restricted_records_keep_or_make_one_restricted(
    world: World,
) -> None:
    b = world.b
    colleague, case = b.colleague, b.case
    assert not may_keep_restricted(colleague, case)
    with pytest.raises(ValidationError) as refused:
        services.record_cooperation(
            actor=colleague, case=case, decision="undecided", confidentiality="restricted"
        )
    assert "confidentiality" in refused.value.message_dict
    record = _part(world, "identification_b")
    with pytest.raises(PermissionDenied):
        services.set_confidentiality(
            actor=colleague, record=record, confidentiality="restricted", expected_version=1
        )
    # …and nobody acts on a case they do not work on.
    with pytest.raises(PermissionDenied):
        services.record_cooperation(
            actor=world.a.colleague,
            case=world.a.case,
            decision="undecided",
            confidentiality="case_team",
        )


def test_the_case_manager_opens_a_restricted_record_to_the_team(world: World) -> None:
    a = world.a
    record = _part(world, "cooperation_a")
    with transaction.atomic():
        services.set_confidentiality(
            actor=a.users[Role.CASE_MANAGER],
            record=record,
            confidentiality="case_team",
            expected_version=record.version,
        )
        record.refresh_from_db()
        assert reads(a.users[Role.PROGRAMME_MANAGER], record)
        # A's colleague still works on another case only
        assert not reads(a.colleague, record)
        transaction.set_rollback(True)
