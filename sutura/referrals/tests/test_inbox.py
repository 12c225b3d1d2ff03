"""The provider's inbox and the referrer's list of referrals sent: filters, flags, names only
where the identity is shared, constant queries, audited reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.referrals.models import Referral
from sutura.referrals.services import workflow
from sutura.referrals.tests.helpers import (
    provider,
    provider_agent,
    refer,
    referable_case,
)
from tests.audit_words import said

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def listing(client, user, name, query=""):
    client.force_login(user)
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_inbox_shows_active_referrals_by_default(client, world):
    active = refer(world, ("identity",), urgency="emergency")
    declined = workflow.decline(actor=world.agent, referral=refer(world), reason="no_capacity")
    draft = refer(world, send=False)
    body = listing(client, world.agent, "referrals:inbox")
    assert active.number in body
    assert declined.number not in body and draft.number not in body
    assert "Organisation A" in body or "ORG-A" in body  # from whom
    assert "Emergency" in body and "Mental health" in body
    ended = listing(client, world.agent, "referrals:inbox", "?status=ended")
    assert declined.number in ended and active.number not in ended
    everything = listing(client, world.agent, "referrals:inbox", "?status=all")
    assert declined.number in everything and draft.number not in everything


def test_the_name_shows_only_when_the_identity_is_shared_and_active(client, world):
    refer(world, ("health",))
    body = listing(client, world.agent, "referrals:inbox")
    assert "Aminata" not in body
    named = refer(world, ("identity",))
    assert "SOW Aminata" in listing(client, world.agent, "referrals:inbox")
    workflow.decline(actor=world.agent, referral=named, reason="no_capacity")
    assert "Aminata" not in listing(client, world.agent, "referrals:inbox", "?status=all")


def test_filters_by_urgency_status_and_overdue(client, world):
    urgent = refer(world, urgency="emergency")
    normal = refer(world, urgency="normal")
    late = refer(world, urgency="high")
    Referral.objects.filter(pk=late.pk).update(respond_by=timezone.now() - timedelta(hours=1))
    workflow.acknowledge(actor=world.agent, referral=normal)
    body = listing(client, world.agent, "referrals:inbox", "?urgency=emergency")
    assert urgent.number in body and normal.number not in body
    body = listing(client, world.agent, "referrals:inbox", "?status=received")
    assert normal.number in body and urgent.number not in body
    body = listing(client, world.agent, "referrals:inbox", "?overdue=on")
    assert late.number in body and urgent.number not in body and "overdue" in body


def test_the_referrer_lists_what_was_sent_drafts_included(client, world):
    draft = refer(world, send=False)
    sent = refer(world)
    closed = workflow.close(actor=world.manager, referral=refer(world), reason="withdrawn")
    body = listing(client, world.manager, "referrals:list")
    assert draft.number in body and sent.number in body and closed.number not in body
    assert "SOW Aminata" in body  # the referrer works on the case
    assert world.clinic.acronym in body
    assert closed.number in listing(client, world.manager, "referrals:list", "?status=ended")


def test_other_organisations_see_none_of_it(client, world, users_b):
    referral = refer(world)
    other_agent = provider_agent(provider(name="Autre clinique"))
    for user in (other_agent, users_b[Role.CASE_MANAGER]):
        for name in ("referrals:inbox", "referrals:list"):
            body = listing(client, user, name, "?status=all")
            assert referral.number not in body and "Aminata" not in body


def test_roles_without_referral_work_are_refused(client, users_a):
    client.force_login(users_a[Role.ME_OFFICER])
    assert client.get(reverse("referrals:inbox")).status_code == 403
    assert client.get(reverse("referrals:list")).status_code == 403


def test_list_reads_are_audited(client, world):
    refer(world)
    listing(client, world.agent, "referrals:inbox")
    listing(client, world.manager, "referrals:list")
    reads = AuditEntry.objects.filter(action=Action.READ)
    assert "referral inbox list, page 1" in [said(e) for e in reads.filter(actor=world.agent)]
    assert "referrals sent list, page 1" in [said(e) for e in reads.filter(actor=world.manager)]


def test_the_lists_cost_the_same_queries_for_more_referrals(client, world):
    refer(world, ("identity",))

    def count(user, name):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse(name))
        return len(queries)

    few = (count(world.agent, "referrals:inbox"), count(world.manager, "referrals:list"))
    for _ in range(4):
        refer(world, ("identity",), case=referable_case(world.manager))
    more = (count(world.agent, "referrals:inbox"), count(world.manager, "referrals:list"))
    assert more == few
