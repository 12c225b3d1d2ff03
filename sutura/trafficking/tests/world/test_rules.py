"""The trafficking rules (`sutura.access.trafficking`): both forms agree (the filter `visible()`
applies and the standing on one record) for every user of the access world, on every record;
restricted records reach the case's manager and the programme managers only; a mentor, another
organisation, a provider: nothing.

The trafficking records leave the case only inside a referral's "protection history"
section, as codes, dates and levels: never when that section is not ticked, for the receiver
while the referral is under way, gone once it ended; never a free text, the safety plan or the
decision about law enforcement; and only what the referrer reads.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from sutura.access import visible
from sutura.access.trafficking import may_keep_restricted, reads
from sutura.accounts.roles import Role
from sutura.referrals.models import Referral
from sutura.referrals.services import referring, workflow
from sutura.referrals.sharing import shared_case_for
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


KEYS = {
    "trafficking.status",
    "trafficking.identified_on",
    "trafficking.re_trafficking",
    "trafficking.trafficker_threats",
    "trafficking.family_risk",
    "trafficking.risk_assessed_on",
}


def _facts(user: Any, referral: Referral) -> set[str]:
    shared = shared_case_for(user, referral, audit=False)
    if shared.protection_history is None:
        return set()
    return {fact["key"] for fact in shared.protection_history["facts"]}


def _refer(world: World, actor: Any, sections: list[str]) -> Referral:
    a, b = world.a, world.b
    referral = referring.create_referral(
        actor=actor,
        case=a.case,
        service=b.service,
        category=b.service.category,
        reason="Accompagnement",
        shared_sections=sections,
        send=True,
    )
    return workflow.accept(actor=b.users[Role.PROVIDER_AGENT], referral=referral)


def test_nothing_leaves_when_protection_history_is_not_ticked(world: World, client: Any) -> None:
    agent = world.b.users[Role.PROVIDER_AGENT]
    referral = world.referral_ab  # identity, contact, documents
    assert "protection_history" not in referral.shared_sections
    assert _facts(agent, referral) == set()
    client.force_login(agent)
    body = client.get(reverse("api-referral-detail", args=[referral.pk])).content.decode()
    assert "trafficking" not in body
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "re-trafficking" not in page.lower()


def test_the_receiver_reads_the_status_and_the_levels_when_ticked(
    world: World, client: Any, rolled_back: None
) -> None:
    agent = world.b.users[Role.PROVIDER_AGENT]
    referral = _refer(world, world.a.users[Role.CASE_MANAGER], ["identity", "protection_history"])
    assert _facts(agent, referral) == KEYS
    client.force_login(agent)
    client.cookies["django_language"] = "en"
    data = client.get(reverse("api-referral-detail", args=[referral.pk])).json()
    facts = {f["key"]: f["code"] for f in data["shared"]["protection_history"]["facts"]}
    assert facts["trafficking.status"] == "presumed"
    assert facts["trafficking.re_trafficking"] == "high"
    body = str(data)
    for secret in (
        "Recrutée",
        "Le recruteur",
        "Sa tante",
        "undecided",
        "Réfléchit",
        "change_phone",
    ):
        assert secret not in body, secret
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Risk of re-trafficking" in page and "Presumed victim of trafficking" in page
    assert "Sa tante" not in page and "Le recruteur" not in page
    pdf = client.get(reverse("referrals:pdf", args=[referral.pk]))
    assert pdf.status_code == 200


def test_the_facts_are_gone_once_the_referral_ended(world: World, rolled_back: None) -> None:
    agent = world.b.users[Role.PROVIDER_AGENT]
    referral = _refer(world, world.a.users[Role.CASE_MANAGER], ["protection_history"])
    assert _facts(agent, referral) == KEYS
    closed = workflow.close(actor=agent, referral=referral, reason="no_show")
    assert _facts(agent, closed) == set()
    # the case team still reads its own case's history
    assert _facts(world.a.users[Role.CASE_MANAGER], closed) == KEYS


def test_a_referrer_passes_on_only_the_records_they_read(world: World, rolled_back: None) -> None:
    """A's programme manager reads A's restricted identification; a referral made by the
    programme manager carries it. (B's colleague, who does not manage B's case, would carry
    B's team identification but not B's restricted risk assessment.)"""
    from sutura.access.trafficking import sharing_facts

    identification, assessment = sharing_facts(world.b.case, world.b.colleague)
    assert identification == world.parts["trafficking"]["identification_b"]
    assert assessment is None  # restricted: the colleague cannot pass it on
    identification, assessment = sharing_facts(world.b.case, world.b.users[Role.CASE_MANAGER])
    assert assessment == world.parts["trafficking"]["risk_b"]
