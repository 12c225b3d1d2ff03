"""The children app's part of `seed_demo` (order 210), at AIM-SN by its case manager
("casemanager"), through the services:

- Fatou Diouf, 13, unaccompanied: registered under a documented best-interests decision, in a
  centre, then with a foster family (each checked); a best-interests assessment, then a
  determination decided by a panel of four: reunification with her aunt. Her case then reaches
  the plan (the guard lets it). The tracing app's demo adds the tracing, the reunification and
  the follow-up visits to this case (it finds her by her name).
- Moussa Camara, 15, separated (with his uncle): an assessment, and a determination under way
  (a draft: return to his country of origin or not). His case waits at the assessment.

Idempotent: a child already registered is left alone."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from sutura.access import visible
from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.cases.models import CaseStatus
from sutura.cases.services import lifecycle, screening
from sutura.children.services import assessments, care, determinations
from sutura.core.registry import DemoContext
from sutura.people import services as people
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus, Person

ANSWERS_FATOU = {
    "safety_current": "En sécurité dans la famille d'accueil, suivie chaque semaine.",
    "safety_harm": "Exploitée comme domestique à Bamako pendant un an, sans salaire.",
    "family_members": "Mère décédée ; père inconnu ; une tante, Aminata Diouf, à Kaolack.",
    "family_separation": "Partie avec une voisine qui promettait une place d'apprentie.",
    "family_capacity": "La tante est prête à l'accueillir ; visite à domicile favorable.",
    "views_wishes": "Veut vivre chez sa tante et retourner à l'école.",
    "health_physical": "Bonne santé ; vaccinations mises à jour.",
    "health_mental": "Cauchemars au début, suivis par le point focal SMSPS ; mieux.",
    "education_level": "A quitté l'école en CM1 ; peut reprendre en classe passerelle.",
    "risks_return": "Risque faible chez la tante ; surveiller la voisine qui l'a recrutée.",
}
ANSWERS_MOUSSA = {
    "safety_current": "Vit chez son oncle à Pikine ; pas d'incident signalé.",
    "family_members": "Parents à Kayes (Mali), joignables par téléphone.",
    "views_wishes": "Hésite : veut aider sa famille mais craint de repartir sans rien.",
    "risks_return": "Pression familiale pour repartir vers l'Europe.",
}


def _child(manager: Any, given: str, family: str, sex: str, born: date, nationality: str) -> Any:
    found = (
        visible(manager, Person)
        .filter(given_names=given, family_name=family, birth_date=born)
        .first()
    )
    if found is not None:
        return None
    return people.register_person(
        actor=manager,
        given_names=given,
        family_name=family,
        sex=sex,
        birth_date=born,
        nationality=nationality,
    )


def _open(manager: Any, person: Any, on: date, **consent: Any) -> Any:
    record_consent(
        actor=manager,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        decided_on=on,
        **consent,
    )
    case = lifecycle.open_case(actor=manager, person=person, case_type="uasc", opened_on=on)
    screening.record_screening(actor=manager, case=case, categories=["uasc"], screened_on=on)
    case.refresh_from_db()
    return case


def _to_assessment(manager: Any, case: Any, on: date, text: str) -> Any:
    screening.record_assessment(actor=manager, case=case, assessed_on=on, social=text)
    case.refresh_from_db()
    if case.status == CaseStatus.SCREENING:
        case = lifecycle.move_case(actor=manager, case=case, to_status=CaseStatus.ASSESSMENT)
    return case


def seed_fatou(manager: Any, programme: Any, focal: Any, today: date) -> bool:
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    person = _child(manager, "Fatou", "Diouf", "female", date(today.year - 13, 3, 2), "SN")
    if person is None:
        return False
    case = _open(
        manager,
        person,
        day(120),
        method=ConsentMethod.BEST_INTERESTS,
        best_interests_basis=(
            "Décision provisoire d'intérêt supérieur du comité départemental de protection de "
            f"l'enfant de Dakar, {day(121).isoformat()}, réf. CDPE-DK-031"
        ),
        childs_views="Fatou veut être aidée et retrouver sa tante.",
    )
    care.save_profile(
        actor=manager,
        case=case,
        status="unaccompanied",
        caregiver_name="Centre Ginddi",
        caregiver_relationship="centre d'accueil",
        caregiver_phone="+221338000000",
    )
    centre = care.record_arrangement(
        actor=manager, case=case, kind="centre", started_on=day(120), place="Centre Ginddi, Dakar"
    )
    care.record_check(
        actor=manager,
        arrangement=centre,
        checked_on=day(110),
        outcome="suitable",
        notes="Installée.",
    )
    foster = care.record_arrangement(
        actor=manager,
        case=case,
        kind="foster",
        started_on=day(80),
        place="Guédiawaye",
        caregiver_name="Mme Ndèye Faye (famille d'accueil agréée)",
    )
    care.record_check(
        actor=manager,
        arrangement=foster,
        checked_on=day(66),
        outcome="suitable",
        notes="Bonne entente ; va au cours de rattrapage.",
    )
    bia = assessments.record_assessment(
        actor=manager,
        case=case,
        answers=ANSWERS_FATOU,
        childs_views="« Je veux aller chez ma tante à Kaolack et retourner à l'école. »",
        assessed_on=day(70),
        recommendation="Réunification avec la tante après évaluation de la famille.",
    )
    determinations.record_determination(
        actor=manager,
        case=case,
        question="reunification",
        question_detail="Réunification avec sa tante, Aminata Diouf, à Kaolack",
        panel_on=day(55),
        assessments=[bia],
        evidence="Visite à domicile chez la tante ; avis du point focal SMSPS.",
        panel_users=[manager, programme, focal],
        outside_members=[
            {
                "name": "M. Ousmane Sène",
                "role": "Travailleur social, AEMO Kaolack",
                "organisation": "Direction de la protection de l'enfance",
            }
        ],
        decision="reunify",
        reasons=(
            "La tante est apte et volontaire ; Fatou le souhaite ; aucun risque grave identifié "
            "à Kaolack. Suivi renforcé les six premiers mois."
        ),
    )
    case = _to_assessment(manager, case, day(60), "Besoins : scolarité, soutien à la tante.")
    lifecycle.move_case(actor=manager, case=case, to_status=CaseStatus.PLAN)
    return True


def seed_moussa(manager: Any, programme: Any, today: date) -> bool:
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    person = _child(manager, "Moussa", "Camara", "male", date(today.year - 15, 9, 14), "ML")
    if person is None:
        return False
    case = _open(
        manager,
        person,
        day(40),
        method=ConsentMethod.GUARDIAN,
        guardian_name="Lamine Camara, son oncle",
        childs_views="Moussa accepte d'être suivi ; il ne veut pas être renvoyé de force.",
    )
    care.save_profile(
        actor=manager,
        case=case,
        status="separated",
        caregiver_name="Lamine Camara",
        caregiver_relationship="oncle",
        caregiver_phone="+221770001122",
    )
    family = care.record_arrangement(
        actor=manager, case=case, kind="family", started_on=day(40), place="Pikine"
    )
    care.record_check(
        actor=manager,
        arrangement=family,
        checked_on=day(30),
        outcome="concerns",
        notes="L'oncle le fait travailler au marché ; à suivre.",
    )
    bia = assessments.record_assessment(
        actor=manager,
        case=case,
        answers=ANSWERS_MOUSSA,
        childs_views="« Je veux aider ma famille, mais pas repartir les mains vides. »",
        assessed_on=day(20),
        recommendation="Déterminer s'il faut organiser le retour à Kayes.",
    )
    determinations.record_determination(
        actor=manager,
        case=case,
        question="return",
        question_detail="Retour auprès de ses parents à Kayes (Mali)",
        panel_on=day(5),
        assessments=[bia],
        panel_users=[manager, programme],
        outside_members=[
            {"name": "Mme Fanta Keïta", "role": "Consulat du Mali, affaires sociales"}
        ],
    )
    _to_assessment(manager, case, day(15), "Besoins : formation, médiation familiale.")
    return True


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERS)}
    manager = users.get("casemanager")
    if manager is None:
        return ""
    today = timezone.localdate()
    made = 0
    with acting_as(manager):
        made += seed_fatou(manager, users["manager"], users["focalpoint"], today)
        made += seed_moussa(manager, users["manager"], today)
    return f"{made} unaccompanied or separated children with their best-interests records"


DEMO_USERS = ("casemanager", "manager", "focalpoint")
