"""Builders of returns at each stage of the journey, through the services (used by the tests
and by the access world's part `tests/world_parts/returns.py`)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sutura.cases.models import Case
from sutura.cases.services import lifecycle
from sutura.people import services as people
from sutura.people.consent import record_consent
from sutura.people.models import ConsentPurpose
from sutura.returns import services
from sutura.returns.models import Return

STAGES = ("counselling", "ready", "travelling", "arrived", "reintegration")


def departure_case(
    manager: Any, *, given_names: str = "Moussa", family_name: str = "Konaté", child: bool = False
) -> Case:
    today = timezone.localdate()
    born = today.replace(year=today.year - (15 if child else 28)) - datetime.timedelta(days=40)
    person = people.register_person(
        actor=manager,
        given_names=given_names,
        family_name=family_name,
        sex="male",
        birth_date=born,
        nationality="SN",
        phone="+221770001122",
    )
    method = "guardian" if child else "verbal"
    guardian = "Oncle Ibrahima" if child else ""
    record_consent(
        actor=manager,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status="given",
        method=method,
        guardian_name=guardian,
        childs_views="Veut rentrer" if child else "",
    )
    return lifecycle.open_case(
        actor=manager, person=person, case_type="assisted_return", opened_on=today
    )


def share_with(manager: Any, case: Case, organisation: Any) -> None:
    child = (case.person.age(timezone.localdate()) or 30) < 18
    record_consent(
        actor=manager,
        person=case.person,
        purpose=ConsentPurpose.SHARING,
        status="given",
        method="guardian" if child else "written",
        guardian_name="Oncle Ibrahima" if child else "",
        shared_with=organisation,
    )


def refresh(found: Return) -> Return:
    return Return.objects.select_related(
        "departure_case", "organisation", "receiving_organisation"
    ).get(pk=found.pk)


def journey(
    manager: Any,
    receiving: Any,
    *,
    stage: str = "counselling",
    receiver: Any = None,
    case: Case | None = None,
    arrived_days_ago: int = 2,
    **person: Any,
) -> Return:
    """A return opened by `manager` to `receiving`, taken to `stage` (STAGES); the receiving
    steps are taken by `receiver`."""
    today = timezone.localdate()
    case = case or departure_case(manager, **person)
    found = services.open_return(actor=manager, case=case, receiving_organisation=receiving)
    services.record_counselling(
        actor=manager,
        assisted_return=found,
        side="departure",
        held_on=today - datetime.timedelta(days=arrived_days_ago + 10),
        topics=["return_process", "conditions_at_home"],
        decision="wishes_to_return",
    )
    if STAGES.index(stage) < 1:
        return refresh(found)
    found = refresh(found)
    services.record_departure_facts(
        actor=manager,
        assisted_return=found,
        expected_version=found.version,
        eligibility="eligible",
        vulnerabilities=["medical"],
        vulnerability_note="Asthme",
        fitness="fit",
        fitness_on=today - datetime.timedelta(days=arrived_days_ago + 5),
        fitness_by="Dr Ali",
    )
    services.add_document(
        actor=manager,
        assisted_return=found,
        kind="laissez_passer",
        status="issued",
        issued_by="Ambassade du Sénégal",
        number="LP-001",
    )
    services.add_movement(
        actor=manager,
        assisted_return=found,
        departs_on=today - datetime.timedelta(days=arrived_days_ago),
        route="Vol charter",
        carrier="Air Sahel",
        escort="",
        departure_point="Aéroport de départ",
        arrival_point="Aéroport de Dakar",
    )
    services.mark_ready(actor=manager, assisted_return=refresh(found))
    if STAGES.index(stage) < 2:
        return refresh(found)
    share_with(manager, case, receiving)
    services.hand_over(actor=manager, assisted_return=refresh(found))
    if STAGES.index(stage) < 3:
        return refresh(found)
    services.record_arrival(
        actor=receiver,
        assisted_return=refresh(found),
        arrived_on=today - datetime.timedelta(days=arrived_days_ago),
        met_by="Agent d'accueil",
        assistance=["transport", "cash"],
        cash_amount=Decimal("25000"),
        currency="XOF",
    )
    if STAGES.index(stage) < 4:
        return refresh(found)
    services.open_reintegration_case(
        actor=receiver,
        assisted_return=refresh(found),
        consent_method="verbal",
        consent_on=today,
        opened_on=today,
    )
    return refresh(found)
