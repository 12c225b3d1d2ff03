"""Building blocks for referral tests: a case whose person consented to referral, a provider
organisation that signed the NRM protocol (or not), with an agent, and a service."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sutura.accounts.models import Organisation
from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.cases.services import records, screening
from sutura.cases.tests.helpers import open_test_case
from sutura.directory.models import Service
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.referrals.models import Referral
from sutura.referrals.services import referring
from tests import files
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory
from tests.membership import sign


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
    organisation = OrganisationFactory.create(name=name)
    if member:
        sign(organisation, datetime.date(2024, 1, 1))
    return organisation


def provider_agent(organisation: Organisation, username: str = "") -> Any:
    return UserFactory.create(
        organisation=organisation,
        roles=[Role.PROVIDER_AGENT],
        username=username or f"agent-{organisation.pk.hex[:8]}",
    )


def service_of(organisation: Organisation, **fields: Any) -> Service:
    return ServiceFactory.create(provider=organisation, **fields)


# --- a referring case manager and a member clinic, and how tests talk to the pages ------

PHONE = "+221771234567"
NOTE = "Note confidentielle : dispute familiale"
FACTOR = "Dettes envers le passeur"
PSYCHOSOCIAL = "Troubles du sommeil, tristesse"
DAY = datetime.date(2026, 1, 12)


def make_world(users_a: dict[Role, Any]) -> SimpleNamespace:
    """A case manager's case with a phone, a note, a screening and an assessment; a member
    clinic with an agent and a service."""
    manager = users_a[Role.CASE_MANAGER]
    case = referable_case(manager, given_names="Aminata", family_name="Sow", phone=PHONE)
    screening.record_screening(
        actor=manager, case=case, categories=["mhpss"], individual_factors=FACTOR, screened_on=DAY
    )
    screening.record_assessment(
        actor=manager, case=case, psychosocial=PSYCHOSOCIAL, assessed_on=DAY
    )
    records.add_note(actor=manager, case=case, text=NOTE, confidentiality="normal")
    with files.committed():
        document = records.upload_document(
            actor=manager,
            case=case,
            upload=SimpleUploadedFile("certificat.pdf", files.pdf(), "application/pdf"),
            description="Certificat",
            confidentiality="normal",
        )
    clinic = provider(member=True)
    return SimpleNamespace(
        manager=manager,
        case=Case.objects.get(pk=case.pk),
        document=document,
        clinic=clinic,
        agent=provider_agent(clinic),
        service=service_of(clinic, name_fr="Écoute psychosociale", name_en="Listening service"),
    )


def refer(world: SimpleNamespace, sections: tuple[str, ...] = ("identity", "health"), **kw: Any):
    return referring.create_referral(
        actor=world.manager,
        case=kw.pop("case", world.case),
        category="mhpss",
        reason="Suivi psychosocial après le retour",
        shared_sections=list(sections),
        service=world.service,
        **{"send": True, **kw},
    )


def page(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode() if status == 200 else ""


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def act(client, user, referral, action, data=None):
    prefixed = {f"{action}-{k}": v for k, v in (data or {}).items()}
    response = post(client, user, reverse("referrals:act", args=[referral.pk, action]), prefixed)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Referral.objects.get(pk=referral.pk)


# --- a second file of the same person, for the merge tests --------------------------------

OTHER_PHONE = "+221776543210"
PASSPORT = "A09876543"
ADDRESS = "Quartier Médina, rue 11"


def other_file(
    reviewer: Any,
    *,
    given: str = "Aminata",
    family: str = "Sow Diallo",
    phone: str = OTHER_PHONE,
    passport: str = PASSPORT,
) -> Any:
    """Another file of the organisation, with its own phone, address and passport."""
    from sutura.people import services as people
    from sutura.people.models import IdentityDocument

    person = people.register_person(
        actor=reviewer,
        given_names=given,
        family_name=family,
        sex="female",
        phone=phone,
        current_address=ADDRESS,
    )
    IdentityDocument.objects.create(person=person, type="passport", number=passport)
    return person
