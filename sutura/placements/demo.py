"""The demo's placements: one open offer of a private-sector employer in Dakar, and one
returnee of AIM-SN proposed for it by `casemanager` — a returnee whose plan has an economic
dimension, who consented to be referred and to share their identity and contact with the
employer by name (the employer has not signed the NRM protocol). The outcome is left for the
employer to record.

The employer, its agent (`employer`) and its recruitment service are in the other apps' demo
data (`accounts/demo.py`, `directory/demo_data/services.json`); the offer and the proposal go
through the services, as the users would. Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sutura.accounts.models import Organisation, User
from sutura.audit.context import acting_as
from sutura.core.registry import DemoContext
from sutura.directory.models import Service
from sutura.geo.models import Location
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.people.selectors import current_consent
from sutura.placements import selectors, services
from sutura.placements.models import Offer, OfferKind, Sector

USERNAME = "employer"
SERVICE_NAME = "Recrutement et apprentissage — Sénégal Agro-Transformation"
OFFER_TITLE = "Opérateur·rice de transformation de céréales locales"


def _employer() -> tuple[Organisation, User] | None:
    """The employer and its agent, made with the other demo organisations and users
    (`sutura/accounts/demo.py`)."""
    user = User.objects.filter(username=USERNAME).select_related("organisation").first()
    if user is None or user.organisation is None:
        return None
    return user.organisation, user


def _service(organisation: Organisation) -> Service | None:
    """The employer's recruitment service, listed by the directory's demo data."""
    return Service.objects.filter(provider=organisation, name_fr=SERVICE_NAME).first()


def _offer(employer: User, service: Service, place: Location) -> Offer:
    found = Offer.objects.filter(employer=service.provider, title=OFFER_TITLE).first()
    if found is not None:
        return found
    today = timezone.localdate()
    with acting_as(employer):
        return services.post_offer(
            actor=employer,
            service=service,
            kind=OfferKind.JOB,
            title=OFFER_TITLE,
            sector=Sector.AGRIFOOD,
            location=place,
            address="Zone industrielle de Mbao",
            places=3,
            requirements="Savoir lire et compter ; expérience agricole ou artisanale appréciée. "
            "Formation de deux semaines assurée sur place.",
            opens_on=today - datetime.timedelta(days=7),
            closes_on=today + datetime.timedelta(days=60),
        )


def _consent(manager: User, person: Any, purpose: str, shared_with: Any = None) -> None:
    org_id = shared_with.pk if shared_with is not None else None
    consent = current_consent(person, purpose, organisation_id=org_id)
    if consent is not None and consent.status == ConsentStatus.GIVEN:
        return
    record_consent(
        actor=manager,
        person=person,
        purpose=purpose,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.WRITTEN if shared_with is not None else ConsentMethod.VERBAL,
        shared_with=shared_with,
    )


def _proposal(manager: User, employer: User, offer: Offer) -> int:
    if selectors.proposals_of_offer(employer, offer).exists():
        return 1
    adults = [
        case
        for case in selectors.cases_with_economic_plan(manager)[:50]
        if (case.person.age() or 0) >= 18 and case.case_manager_id == manager.pk
    ]
    if not adults:
        return 0
    case = adults[0]
    with acting_as(manager):
        _consent(manager, case.person, ConsentPurpose.REFERRAL)
        _consent(manager, case.person, ConsentPurpose.SHARING, shared_with=offer.employer)
        services.propose(
            actor=manager,
            offer=offer,
            case=case,
            reason="Formé·e à la transformation du mil pendant son parcours ; le plan prévoit "
            "une insertion professionnelle dans l’agroalimentaire.",
            shared_sections=["identity", "contact"],
        )
    return 1


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    manager = User.objects.filter(username="casemanager").first()
    place = Location.objects.filter(iso_code="SN-DK").first()
    if manager is None or place is None:
        return ""
    found = _employer()
    if found is None:
        return ""
    organisation, employer = found
    service = _service(organisation)
    if service is None:
        return ""
    offer = _offer(employer, service, place)
    proposed = _proposal(manager, employer, offer)
    return f"1 employer, 1 placement offer, {proposed} proposal"
