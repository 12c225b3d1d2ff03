"""The returns' part of `seed_demo`: three departure offices (Libya, Niger, Algeria) with a case
manager each, and three returns through the services:

- from Libya (AIM-LY) to Senegal (AIM-SN): arrived 20 days ago, its reintegration case opened
  14 days after the arrival (`casemanager` sees the "Return journey" on the case page);
- from Niger (AIM-NE) to Mali (AIM-ML): arrived 40 days ago, no reintegration case yet (flagged
  on AIM-ML's list and home page, `casemanager.ml`);
- from Algeria (AIM-DZ) to Cameroon (CEM): still in counselling (CEM sees nothing of it yet).
Idempotent: a departure office that has its return already is left alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sutura.access import visible
from sutura.accounts.models import Organisation, User
from sutura.audit.context import acting_as
from sutura.cases.services import lifecycle
from sutura.core.registry import DemoContext
from sutura.geo.reference import seed_locations
from sutura.people import services as people
from sutura.people.consent import record_consent
from sutura.people.models import ConsentPurpose
from sutura.returns import services
from sutura.returns.models import Return

COUNTRIES = ["LY", "NE", "DZ"]
# departure office, its case manager, receiving office, its case manager, the person, the stage
# (counselling / arrived / reintegration), days since the arrival
JOURNEYS = [
    (
        "AIM-LY",
        "casemanager.ly",
        "AIM-SN",
        "casemanager",
        ("Cheikh", "Sarr", "SN"),
        "reintegration",
        20,
    ),
    (
        "AIM-NE",
        "casemanager.ne",
        "AIM-ML",
        "casemanager.ml",
        ("Bakary", "Diarra", "ML"),
        "arrived",
        40,
    ),
    (
        "AIM-DZ",
        "casemanager.dz",
        "CEM",
        "casemanager.cm",
        ("Jean-Paul", "Mbarga", "CM"),
        "counselling",
        0,
    ),
]


def seed_countries(context: DemoContext) -> str:
    """Before the organisations: the departure offices' countries."""
    counts = seed_locations(COUNTRIES)
    return f"{counts['countries']} departure countries"


def _user(username: str) -> Any:
    return User.objects.filter(username=username, is_active=True).first()


def _journey(
    sender: Any,
    receiving: Organisation,
    receiver: Any,
    who: tuple[str, str, str],
    stage: str,
    days: int,
) -> Return:
    today = timezone.localdate()
    given, family, nationality = who
    person = people.register_person(
        actor=sender,
        given_names=given,
        family_name=family,
        sex="male",
        birth_date=datetime.date(today.year - 27, 5, 12),
        nationality=nationality,
        phone="+221770009900" if nationality == "SN" else "",
    )
    record_consent(
        actor=sender,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status="given",
        method="verbal",
        decided_on=today - datetime.timedelta(days=days + 30),
    )
    case = lifecycle.open_case(
        actor=sender,
        person=person,
        case_type="assisted_return",
        opened_on=today - datetime.timedelta(days=days + 30),
    )
    found = services.open_return(actor=sender, case=case, receiving_organisation=receiving)
    services.record_counselling(
        actor=sender,
        assisted_return=found,
        side="departure",
        held_on=today - datetime.timedelta(days=days + 25),
        topics=["return_process", "conditions_at_home", "reintegration", "rights"],
        decision="wishes_to_return" if stage != "counselling" else "undecided",
    )
    if stage == "counselling":
        return found
    found = _fresh(sender, found)
    services.record_departure_facts(
        actor=sender,
        assisted_return=found,
        expected_version=found.version,
        eligibility="eligible",
        vulnerabilities=["medical", "mental_health"],
        vulnerability_note="Détention de six mois ; troubles du sommeil.",
        fitness="fit",
        fitness_on=today - datetime.timedelta(days=days + 5),
        fitness_by="Dr Salah",
    )
    services.add_document(
        actor=sender,
        assisted_return=found,
        kind="laissez_passer",
        status="issued",
        issued_by="Consulat",
        number=f"LP-{family[:3].upper()}-0417",
    )
    services.add_movement(
        actor=sender,
        assisted_return=found,
        departs_on=today - datetime.timedelta(days=days),
        route="Vol charter",
        carrier="Air Sahel",
        escort="Escorte médicale",
        departure_point="Aéroport de départ",
        arrival_point="Aéroport d'arrivée",
    )
    services.mark_ready(actor=sender, assisted_return=_fresh(sender, found))
    record_consent(
        actor=sender,
        person=person,
        purpose=ConsentPurpose.SHARING,
        status="given",
        method="written",
        shared_with=receiving,
        decided_on=today - datetime.timedelta(days=days + 2),
    )
    services.hand_over(actor=sender, assisted_return=_fresh(sender, found))
    with acting_as(receiver):
        services.record_arrival(
            actor=receiver,
            assisted_return=_fresh(receiver, found),
            arrived_on=today - datetime.timedelta(days=days),
            met_by="Équipe d'accueil à l'aéroport",
            assistance=["transport", "cash", "hygiene"],
            cash_amount=Decimal("30000"),
            currency="XOF" if receiving.country.iso_code != "CM" else "XAF",
        )
        if stage == "reintegration":
            services.open_reintegration_case(
                actor=receiver,
                assisted_return=_fresh(receiver, found),
                consent_method="verbal",
                consent_on=today - datetime.timedelta(days=days - 14),
                opened_on=today - datetime.timedelta(days=days - 14),
            )
    return _fresh(sender, found)


def _fresh(user: Any, found: Return) -> Return:
    return visible(user, Return).select_related("departure_case").get(pk=found.pk)


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    made = 0
    for _departure, sender_name, arriving, receiver_name, who, stage, days in JOURNEYS:
        sender, receiver = _user(sender_name), _user(receiver_name)
        receiving = Organisation.objects.filter(acronym=arriving).first()
        if sender is None or receiver is None or receiving is None:
            continue
        if visible(sender, Return).exists():
            continue
        with acting_as(sender):
            _journey(sender, receiving, receiver, who, stage, days)
        made += 1
    return f"{made} assisted returns"
