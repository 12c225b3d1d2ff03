"""The demo's placements: a private-sector employer in Dakar with an agent (`employer`), its
recruitment service in the directory, one open offer, and one returnee of AIM-SN proposed for
it by `casemanager` — a returnee whose plan has an economic dimension, who consented to be
referred and to share their identity and contact with the employer by name (the employer has
not signed the NRM protocol). The outcome is left for the employer to record.

Everything after the organisation and its user goes through the services, as the users would.
Idempotent: a second run finds each record and adds nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sutura.accounts.demo import DEMO_PASSWORD
from sutura.accounts.models import Organisation, OrganisationType, User
from sutura.accounts.roles import Role
from sutura.audit.context import acting_as
from sutura.core.registry import DemoContext
from sutura.directory.models import Service, ServiceCategory
from sutura.directory.services.entries import create_service
from sutura.geo.models import Location
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.people.selectors import current_consent
from sutura.placements import selectors, services
from sutura.placements.models import Offer, OfferKind, Sector

EMPLOYER = ("Sénégal Agro-Transformation SA", "SAT")
USERNAME = "employer"
SERVICE_NAME = "Recrutement et apprentissage — Sénégal Agro-Transformation"
OFFER_TITLE = "Opérateur·rice de transformation de céréales locales"


def logins() -> list[str]:
    return [f"  {USERNAME:<16} {Role.PROVIDER_AGENT.label} — {EMPLOYER[1]} (placement offers)"]


def _employer(country: Location) -> tuple[Organisation, User]:
    name, acronym = EMPLOYER
    organisation, _created = Organisation.objects.get_or_create(
        name=name,
        defaults={"acronym": acronym, "type": OrganisationType.PRIVATE_SECTOR, "country": country},
    )
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User(username=USERNAME, first_name="Cheikh", last_name="Mbaye")
        user.set_password(DEMO_PASSWORD)
        user.email = f"{USERNAME}@demo.sutura.invalid"
        user.organisation = organisation
        user.roles = [str(Role.PROVIDER_AGENT)]
        user.save()
    return organisation, user


def _service(coordinator: User, organisation: Organisation, place: Location) -> Service:
    found = Service.objects.filter(provider=organisation, name_fr=SERVICE_NAME).first()
    if found is not None:
        return found
    with acting_as(coordinator):
        return create_service(
            actor=coordinator,
            data={
                "provider": organisation,
                "name_fr": SERVICE_NAME,
                "name_en": "Recruitment and apprenticeships — Sénégal Agro-Transformation",
                "category": ServiceCategory.LIVELIHOODS,
                "description_fr": "Emplois et apprentissages dans la transformation de céréales "
                "et de fruits locaux, à Dakar.",
                "description_en": "Jobs and apprenticeships in processing local cereals and "
                "fruit, in Dakar.",
                "address": "Zone industrielle de Mbao, Dakar",
                "location": place,
                "areas": [place],
                "phone": "+221338001122",
                "how_to_refer": "Par Sutura, à partir d'une offre de placement.",
            },
        )


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
            "une insertion professionnelle dans l'agroalimentaire.",
            shared_sections=["identity", "contact"],
        )
    return 1


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    coordinator = User.objects.filter(username="coordinator").first()
    manager = User.objects.filter(username="casemanager").first()
    place = Location.objects.filter(iso_code="SN-DK").first()
    if coordinator is None or manager is None or place is None or place.parent is None:
        return ""
    organisation, employer = _employer(place.parent)
    context.organisations[EMPLOYER[1]] = organisation
    service = _service(coordinator, organisation, place)
    offer = _offer(employer, service, place)
    proposed = _proposal(manager, employer, offer)
    return f"1 employer, 1 placement offer, {proposed} proposal"
