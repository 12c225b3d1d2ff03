"""Building blocks of the placement tests: a plan with items in given dimensions, an employer
(private sector, an NRM member or not) with an agent, a colleague and an employment service, an
offer, a proposal."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from sutura.accounts.models import OrganisationType
from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.cases.services import plans
from sutura.placements import services
from sutura.placements.models import Offer
from sutura.referrals.tests.helpers import provider, provider_agent, referable_case
from tests.factories import ServiceFactory, UserFactory


def with_plan(case: Case, manager: Any, *dimensions: str) -> Case:
    plan = plans.plan_for_case(actor=manager, case=case)
    for dimension in dimensions:
        plans.add_item(
            actor=manager,
            plan=plan,
            dimension=dimension,
            kind=f"Aide {dimension}",
            amount=Decimal("100000"),
            currency="XOF",
        )
    return case


def another_returnee(manager: Any, name: str = "Dado") -> Case:
    """One more of the case manager's returnees, whose plan has an economic dimension."""
    return with_plan(referable_case(manager, given_names=name), manager, "economic")


def make_employer(
    locations: dict[str, Any], *, member: bool = True, name: str = "Agro Sahel SA"
) -> SimpleNamespace:
    # Membership of the NRM as the referral tests set it (`provider()`), so both follow the
    # same rule of who is a member.
    organisation = provider(member=member, name=name)
    organisation.acronym = name.split()[0].upper()
    organisation.type = OrganisationType.PRIVATE_SECTOR
    organisation.country = locations["SN"]
    organisation.save()
    return SimpleNamespace(
        organisation=organisation,
        agent=provider_agent(organisation, username=f"agent-{organisation.acronym.lower()}"),
        colleague=UserFactory.create(
            organisation=organisation,
            roles=[Role.ME_OFFICER],
            username=f"me-{organisation.acronym.lower()}",
        ),
        service=ServiceFactory.create(
            provider=organisation, category="livelihoods", name_fr=f"Recrutement {name}"
        ),
    )


def post(actor: Any, service: Any, location: Any, **values: Any) -> Offer:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "kind": "job",
        "title": "Opérateur de production",
        "sector": "agrifood",
        "places": 2,
        "opens_on": today - datetime.timedelta(days=3),
        "closes_on": today + datetime.timedelta(days=30),
        **values,
    }
    return services.post_offer(actor=actor, service=service, location=location, **data)


def propose(
    world: Any,
    case: Case | None = None,
    *,
    actor: Any = None,
    offer: Offer | None = None,
    sections: tuple[str, ...] = ("identity",),
) -> Any:
    return services.propose(
        actor=actor or world.manager,
        offer=offer or world.offer,
        case=case or world.economic,
        reason="Expérience en atelier",
        shared_sections=list(sections),
    )
