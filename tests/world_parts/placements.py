"""The placements' part of the access world: an offer of each side, each proposed to by the
other side's case manager (a returnee whose plan has an economic dimension), through the
services.

- `offer_b`: B's job offer, posted by B's provider agent through B's employment service;
  `proposal_ab`: A's case manager proposes A's case for it (identity and contact shared).
- `offer_a`: A's training offer, posted by A's NRM coordinator on A's behalf;
  `proposal_ba`: B's case manager proposes B's case for it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.placements import services
from tests.factories import ServiceFactory


def _offer(actor: Any, organisation: Any, kind: str, title: str) -> Any:
    service = ServiceFactory.create(
        provider=organisation, category="livelihoods", name_fr=f"Emploi {organisation.acronym}"
    )
    today = timezone.localdate()
    return services.post_offer(
        actor=actor,
        service=service,
        kind=kind,
        title=title,
        sector="agrifood",
        location=organisation.country,
        places=2,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=30),
    )


def build(world: Any) -> dict[str, Any]:
    a, b = world.a, world.b
    offer_b = _offer(b.users[Role.PROVIDER_AGENT], b.organisation, "job", "Opérateur de production")
    offer_a = _offer(a.users[Role.NRM_COORDINATOR], a.organisation, "training", "Soudure")
    proposal_ab = services.propose(
        actor=a.users[Role.CASE_MANAGER],
        offer=offer_b,
        case=a.case,
        reason="Expérience en atelier",
        shared_sections=["identity", "contact"],
    )
    proposal_ba = services.propose(
        actor=b.users[Role.CASE_MANAGER],
        offer=offer_a,
        case=b.case,
        reason="Motivé par la soudure",
        shared_sections=["identity"],
    )
    return {
        "offer_a": offer_a,
        "offer_b": offer_b,
        "proposal_ab": proposal_ab,
        "proposal_ba": proposal_ba,
    }
