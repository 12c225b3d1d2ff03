"""NRM membership comes from governance's signatures. A referral that shares personal data with
an organisation whose signature lapsed is refused, saying since when and why; referrals already
under way when it lapses stay open, but the receiving side reads nothing more of the person
from that day, and both sides are told."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from sutura.accounts.roles import Role
from sutura.governance.models import Signature, SignatureEnd
from sutura.governance.services import protocols as governance
from sutura.notifications.models import Notification
from sutura.referrals.models import Referral, ReferralStatus
from sutura.referrals.services import workflow
from sutura.referrals.sharing import shared_case_for
from sutura.referrals.tests.helpers import post, refer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = ReferralStatus


def _withdraw(users_a, organisation, ended_on):
    coordinator = users_a[Role.NRM_COORDINATOR]
    signature = Signature.objects.get(organisation=organisation)
    return governance.end_signature(
        coordinator,
        signature,
        expected_version=signature.version,
        ended_on=ended_on,
        reason=SignatureEnd.WITHDRAWN,
    )


def test_a_lapsed_signature_refuses_personal_data_and_says_since_when_and_why(users_a, world):
    _withdraw(users_a, world.clinic, datetime.date(2026, 3, 12))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        refer(world)
    message = " ".join(refused.value.message_dict["shared_sections"])
    assert "has not been an NRM member since 12 March 2026 (signature withdrawn)" in message
    assert "with the person's consent to share with this organisation" in message
    # Nothing personal: the referral still goes.
    assert refer(world, sections=()).status == S.SENT


def test_the_referral_page_shows_the_reason_in_the_user_s_language(client, users_a, world):
    _withdraw(users_a, world.clinic, datetime.date(2026, 3, 12))
    data = {
        "category": "mhpss",
        "service": world.service.pk,
        "reason": "Suivi psychosocial",
        "urgency": "high",
        "shared_sections": ["identity"],
        "send": "1",
    }
    url = reverse("referrals:create", args=[world.case.pk])
    body = post(client, world.manager, url, data).content.decode()
    assert "has not been an NRM member since 12 March 2026 (signature withdrawn)" in body
    assert Referral.objects.count() == 0
    client.cookies["django_language"] = "fr"
    body = post(client, world.manager, url, data).content.decode()
    assert "n’est plus membre du MNR depuis le 12 mars 2026 (signature retirée)" in body


def test_a_referral_under_way_stays_open_but_the_receiver_reads_nothing_more(users_a, world):
    referral = workflow.accept(actor=world.agent, referral=refer(world))
    assert shared_case_for(world.agent, referral, audit=False).identity is not None
    _withdraw(users_a, world.clinic, timezone.localdate())
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED  # the person may still get the service
    shared = shared_case_for(world.agent, referral, audit=False)
    assert shared.identity is None and shared.ended
    # The case team still reads everything; both sides were told.
    assert shared_case_for(world.manager, referral, audit=False).identity is not None
    told = set(
        Notification.objects.filter(link__contains=str(referral.pk)).values_list(
            "recipient_id", flat=True
        )
    )
    assert {world.manager.pk, world.agent.pk} <= told


def test_a_withdrawal_dated_later_ends_reading_only_from_that_day(users_a, world):
    referral = workflow.accept(actor=world.agent, referral=refer(world))
    _withdraw(users_a, world.clinic, timezone.localdate() + datetime.timedelta(days=10))
    assert shared_case_for(world.agent, referral, audit=False).identity is not None
