"""Review of issue 14: membership lapse + a named consent that was withdrawn.

A referral to an NRM member sent while the person had also consented to that organisation by
name carries `sharing_consent`. When that consent is withdrawn, `sweeps.close_after_withdrawal`
does nothing (the receiver is a member). When the membership then lapses,
`sharing._transfer_still_lawful` still says yes because `sharing_consent_id` is set — it never
asks whether that consent is still current — so the receiver keeps reading the person's data
although neither a membership nor a consent covers it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.governance.models import Signature, SignatureEnd
from sutura.governance.services import protocols as governance
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.referrals.services import workflow
from sutura.referrals.sharing import shared_case_for
from sutura.referrals.tests.helpers import make_world, refer

pytestmark = pytest.mark.django_db


def test_review_lapse_after_a_withdrawn_named_consent_ends_the_reading(users_a):
    world = make_world(users_a)
    consent = {
        "actor": world.manager,
        "person": world.case.person,
        "purpose": ConsentPurpose.SHARING,
        "method": ConsentMethod.VERBAL,
        "shared_with": world.clinic,
    }
    record_consent(
        **consent,
        status=ConsentStatus.GIVEN,
        decided_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    referral = workflow.accept(actor=world.agent, referral=refer(world))
    assert referral.sharing_consent_id is not None
    record_consent(**consent, status=ConsentStatus.WITHDRAWN)
    referral.refresh_from_db()
    assert referral.status in ("accepted", "in_progress")  # a member: not closed
    signature = Signature.objects.get(organisation=world.clinic)
    governance.end_signature(
        users_a[Role.NRM_COORDINATOR],
        signature,
        expected_version=signature.version,
        ended_on=timezone.localdate(),
        reason=SignatureEnd.WITHDRAWN,
    )
    referral.refresh_from_db()
    shared = shared_case_for(world.agent, referral, audit=False)
    # FAILS: the lapsed non-member reads the identity under a consent the person withdrew
    assert shared.identity is None
