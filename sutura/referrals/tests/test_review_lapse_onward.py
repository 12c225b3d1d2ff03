"""Review of issue 14: a receiver whose membership lapsed still reads the person through the
onward referral it sent.

`sharing.readable_sections` checks `_transfer_still_lawful(referral)` on the referral being
read. For an onward referrer (B, who received A→B and referred B→C) that is B→C, so only C's
membership is checked; B's own lapse (which stops B reading A→B) is not."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.governance.models import Signature, SignatureEnd
from sutura.governance.services import protocols as governance
from sutura.referrals.services import referring, workflow
from sutura.referrals.sharing import shared_case_for
from sutura.referrals.tests.helpers import make_world, provider, refer, service_of

pytestmark = pytest.mark.django_db


def test_review_a_lapsed_receiver_reads_nothing_through_its_onward_referral(users_a):
    world = make_world(users_a)
    first = workflow.accept(actor=world.agent, referral=refer(world))
    shelter = service_of(provider(name="Maison d'accueil"), category="shelter")  # a member
    onward = referring.refer_onward(
        actor=world.agent,
        parent=first,
        category="shelter",
        reason="Hébergement",
        shared_sections=["identity"],
        service=shelter,
    )
    signature = Signature.objects.get(organisation=world.clinic)
    governance.end_signature(
        users_a[Role.NRM_COORDINATOR],
        signature,
        expected_version=signature.version,
        ended_on=timezone.localdate(),
        reason=SignatureEnd.WITHDRAWN,
    )
    first.refresh_from_db()
    onward.refresh_from_db()
    assert shared_case_for(world.agent, first, audit=False).identity is None  # holds
    # FAILS if the onward path is open: the lapsed clinic still reads the identity via B→C
    assert shared_case_for(world.agent, onward, audit=False).identity is None
