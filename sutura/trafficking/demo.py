"""The trafficking part of the demo (AIM-SN), told through the services: a young woman
returned from Libya, recruited for a job in a salon in Tripoli that did not exist, held and
made to work unpaid. Her case manager (casemanager) records the screening, identifies her
with the national anti-trafficking unit, assesses a high risk of re-trafficking with a safety
plan to review in a month, and records that she has not decided about cooperating with law
enforcement; her assistance goes on regardless. Restricted records: the case manager and the
programme manager (manager) read them. Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.cases.models import Case, CaseType, Vulnerability
from sutura.cases.services.lifecycle import open_case
from sutura.cases.services.screening import record_screening
from sutura.core.registry import DemoContext
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.people.services import register_person
from sutura.trafficking import services
from sutura.trafficking.models import (
    Answer,
    Authority,
    CooperationDecision,
    Identification,
    Level,
    SafetyMeasure,
    VictimStatus,
)

GIVEN, FAMILY = "Ndèye Coumba", "Faye"
YES = (
    "deceived_job",
    "recruitment_debt",
    "travel_arranged",
    "escorted_sold",
    "forced_work",
    "unpaid_withheld",
    "excessive_hours",
    "documents_confiscated",
    "restricted_movement",
    "violence_threats",
    "isolation",
)


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    manager = User.objects.filter(username="casemanager", organisation__acronym="AIM-SN").first()
    if manager is None:
        return ""
    if Identification.objects.filter(
        case__person__given_names=GIVEN, case__person__family_name=FAMILY
    ).exists():
        return ""
    today = timezone.localdate()
    opened = today - datetime.timedelta(days=24)
    with acting_as(manager):
        case = _open(manager, opened)
        record_screening(
            actor=manager,
            case=case,
            categories=[Vulnerability.VOT, Vulnerability.MHPSS],
            screened_on=opened + datetime.timedelta(days=1),
            individual_factors="Retour de Libye après huit mois ; fatigue, troubles du sommeil.",
        )
        case.refresh_from_db()
        services.record_identification(
            actor=manager,
            case=case,
            answers=dict.fromkeys(YES, Answer.YES) | {"sexual_exploitation": Answer.UNKNOWN},
            status=VictimStatus.IDENTIFIED,
            identified_on=opened + datetime.timedelta(days=3),
            authority=Authority.ANTI_TRAFFICKING_UNIT,
            notes=(
                "Recrutée à Thiès pour un emploi dans un salon de coiffure à Tripoli ; "
                "passeport confisqué à l'arrivée, travail domestique sans salaire, enfermée. "
                "Entretien mené avec la cellule nationale de lutte contre la traite."
            ),
        )
        services.assess_risk(
            actor=manager,
            case=case,
            assessed_on=opened + datetime.timedelta(days=5),
            re_trafficking=Level.HIGH,
            trafficker_threats=Level.MEDIUM,
            family_risk=Level.MEDIUM,
            details=(
                "Le recruteur est du même quartier et a appelé la famille au sujet de la "
                "« dette » du voyage ; elle envisage de repartir pour la rembourser."
            ),
            safety_plan={
                "measures": [
                    SafetyMeasure.CHANGE_PHONE,
                    SafetyMeasure.SAFE_ACCOMMODATION,
                    SafetyMeasure.FAMILY_INFORMED,
                    SafetyMeasure.CHECK_INS,
                ],
                "measures_text": "Hébergée chez sa tante à Dakar le temps de l'évaluation.",
                "safe_contacts": "Sa tante (Dakar) ; la gestionnaire de cas ; le 116.",
                "relocation": "Chez sa tante à Dakar, loin du quartier du recruteur.",
                "review_on": today + datetime.timedelta(days=30),
            },
        )
        services.record_cooperation(
            actor=manager,
            case=case,
            decision=CooperationDecision.UNDECIDED,
            decided_on=opened + datetime.timedelta(days=6),
            notes="Elle a peur pour sa famille ; elle veut y réfléchir. Rien ne presse.",
        )
    return "1 victim of trafficking identified, with a safety plan"


def _open(manager: User, opened: datetime.date) -> Case:
    person = register_person(
        actor=manager,
        given_names=GIVEN,
        family_name=FAMILY,
        sex="female",
        birth_date=datetime.date(opened.year - 22, 3, 14),
        nationality="SN",
        phone="+221776543210",
        languages=["wo", "fr"],
    )
    record_consent(
        actor=manager,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
        decided_on=opened,
    )
    return open_case(actor=manager, person=person, case_type=CaseType.TRAFFICKING, opened_on=opened)
