"""Building blocks for referral tests: a case whose person consented to referral, a provider
organisation that signed the NRM protocol (or not), with an agent, and a service."""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.models import Organisation
from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.cases.tests.helpers import open_test_case
from sutura.directory.models import Service
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory


def referable_case(actor: Any, **fields: Any) -> Case:
    """An open case whose person gave the referral consent."""
    case = open_test_case(actor, **fields)
    record_consent(
        actor=actor,
        person=case.person,
        purpose=ConsentPurpose.REFERRAL,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
    )
    return case


def provider(*, member: bool = True, name: str = "Clinique Espoir") -> Organisation:
    return OrganisationFactory.create(
        name=name, nrm_member_since=datetime.date(2024, 1, 1) if member else None
    )


def provider_agent(organisation: Organisation, username: str = "") -> Any:
    return UserFactory.create(
        organisation=organisation,
        roles=[Role.PROVIDER_AGENT],
        username=username or f"agent-{organisation.pk.hex[:8]}",
    )


def service_of(organisation: Organisation, **fields: Any) -> Service:
    return ServiceFactory.create(provider=organisation, **fields)
