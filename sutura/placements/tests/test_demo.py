"""The demo's placements: an employer with its agent, an open offer, one proposal made through
the services with the person's consents, and nothing added by a second run."""

from __future__ import annotations

import pytest
from django.db import transaction

from sutura.access.placements import records_outcome
from sutura.accounts.models import OrganisationType, User
from sutura.accounts.roles import Role
from sutura.cases.models import Dimension
from sutura.core.registry import DemoContext
from sutura.people.models import ConsentPurpose, ConsentStatus
from sutura.people.selectors import current_consent
from sutura.placements import demo, selectors
from sutura.placements.models import Offer, Proposal
from sutura.referrals.models import ReferralStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def test_the_demo_has_an_employer_an_open_offer_and_a_pending_proposal():
    employer = User.objects.get(username="employer")
    assert employer.roles == [Role.PROVIDER_AGENT]
    assert employer.organisation is not None
    assert employer.organisation.type == OrganisationType.PRIVATE_SECTOR
    assert employer.check_password("Sutura-demo-2026")
    [offer] = Offer.objects.filter(employer=employer.organisation)
    assert offer.is_open_now and offer.service.provider == employer.organisation
    [proposal] = Proposal.objects.filter(offer=offer)
    referral = proposal.referral
    assert referral.status == ReferralStatus.SENT and proposal.outcome == ""
    assert records_outcome(employer, proposal)  # waiting for the employer's answer
    assert referral.referred_by.username == "casemanager"
    assert referral.shared_sections == ["identity", "contact"]
    # The employer has not signed the NRM protocol: the person consented to it by name.
    assert referral.sharing_consent is not None
    consent = current_consent(
        referral.case.person, ConsentPurpose.SHARING, organisation_id=employer.organisation_id
    )
    assert consent is not None and consent.status == ConsentStatus.GIVEN
    items = referral.case.plan.items.filter(dimension=Dimension.ECONOMIC)
    assert items.exists()
    assert list(selectors.waiting_for_answer(employer)) == [proposal]


def test_a_second_run_adds_nothing():
    before = (Offer.objects.count(), Proposal.objects.count(), User.objects.count())
    with transaction.atomic():
        line = demo.seed_step(DemoContext(persons=0))
    assert line == "1 employer, 1 placement offer, 1 proposal"
    assert (Offer.objects.count(), Proposal.objects.count(), User.objects.count()) == before
