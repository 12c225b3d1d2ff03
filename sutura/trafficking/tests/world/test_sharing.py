"""The trafficking records leave the case only inside a referral's "protection history"
section, as codes, dates and levels: never when that section is not ticked, for the receiver
while the referral is under way, gone once it ended; never a free text, the safety plan or the
decision about law enforcement; and only what the referrer reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.referrals.models import Referral
from sutura.referrals.services import referring, workflow
from sutura.referrals.sharing import shared_case_for
from tests.worlds import World

pytestmark = pytest.mark.django_db
KEYS = {
    "trafficking.status",
    "trafficking.identified_on",
    "trafficking.re_trafficking",
    "trafficking.trafficker_threats",
    "trafficking.family_risk",
    "trafficking.risk_assessed_on",
}


@pytest.fixture
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


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
