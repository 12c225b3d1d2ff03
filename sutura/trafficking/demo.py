"""The trafficking part of the demo (AIM-SN), told through the services on the cases demo's
trafficking story (a young woman when it gave one): returned from Libya, recruited for a job
in a salon in Tripoli that did not exist, held and made to work unpaid. Her case manager
(casemanager) identifies her
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
from sutura.cases.models import Case, CaseStatus, CaseType, Vulnerability
from sutura.cases.services.screening import record_screening
from sutura.core.registry import DemoContext
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
    if Identification.objects.filter(case__organisation__acronym="AIM-SN").exists():
        return ""
    case = _her_case(manager)
    if case is None:
        return ""
    today = timezone.localdate()
    opened = case.opened_on
    with acting_as(manager):
        if not case.flags:
            record_screening(
                actor=manager,
                case=case,
                categories=[Vulnerability.VOT, Vulnerability.MHPSS],
                screened_on=opened,
                individual_factors="Retour de Libye après huit mois ; fatigue, troubles du sommeil.",
            )
            case.refresh_from_db()
        services.record_identification(
            actor=manager,
            case=case,
            answers=dict.fromkeys(YES, Answer.YES) | {"sexual_exploitation": Answer.UNKNOWN},
            status=VictimStatus.IDENTIFIED,
            identified_on=_after(opened, 1),
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
            assessed_on=_after(opened, 2),
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
            decided_on=_after(opened, 3),
            notes="Elle a peur pour sa famille ; elle veut y réfléchir. Rien ne presse.",
        )
    return "1 victim of trafficking identified, with a safety plan"


def _after(opened: datetime.date, days: int) -> datetime.date:
    return min(opened + datetime.timedelta(days=days), timezone.localdate())


def _her_case(manager: User) -> Case | None:
    """The cases demo's own trafficking story of AIM-SN (a young woman when the story gave one):
    her case, managed by `casemanager`, still open. (The demo's people are counted: this step
    adds no one.)"""
    cases = Case.objects.filter(
        organisation=manager.organisation,
        case_manager=manager,
        case_type=CaseType.TRAFFICKING,
    ).exclude(status=CaseStatus.CLOSED)
    return (
        cases.filter(person__sex="female").order_by("-person__birth_date", "opened_on").first()
        or cases.order_by("opened_on").first()
    )
