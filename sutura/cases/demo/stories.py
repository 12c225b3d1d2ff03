"""Demo cases told through the services: about forty cases for AIM-SN and AIM-ML (consent,
opening, screening, assessment, plan and approval, assistance, follow-ups, notes, closure and
a reopening), so every record, transition, audit entry and notification is what a user would
have produced. Deterministic (fixed seed); skipped for an organisation that already has cases.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from sutura.accounts.models import Organisation, User
from sutura.audit.context import acting_as
from sutura.cases.models import (
    Case,
    CaseStatus,
    CaseType,
    ClosureReason,
    Confidentiality,
    Currency,
    Dimension,
    FollowUpType,
    Programme,
    Vulnerability,
)
from sutura.cases.services.lifecycle import move_case, open_case, reopen_case, set_mentor
from sutura.cases.services.plans import (
    add_item,
    decide_plan,
    plan_for_case,
    record_delivery,
    submit_plan,
)
from sutura.cases.services.records import add_note, record_follow_up
from sutura.cases.services.screening import record_assessment, record_screening
from sutura.people.consent import record_consent
from sutura.people.demo import CHILDS_VIEWS, NAMES
from sutura.people.models import Consent, ConsentMethod, ConsentPurpose, ConsentStatus, Person

S, T, V, R = CaseStatus, CaseType, Vulnerability, ClosureReason
STAGES = [S.REGISTERED, S.SCREENING, S.ASSESSMENT, S.PLAN, S.ASSISTANCE, S.MONITORING]
# How long ago a case that reached each stage was opened, in days (closed cases: +120).
AGE_RANGES = {
    S.REGISTERED: (2, 12),
    S.SCREENING: (8, 30),
    S.ASSESSMENT: (20, 60),
    S.PLAN: (40, 100),
    S.ASSISTANCE: (90, 200),
    S.MONITORING: (200, 400),
}
PROGRAMMES = {
    "AIM-SN": ("Réintégration durable au Sénégal 2025-2027", "Fonds fiduciaire UE", "RDS-2527"),
    "AIM-ML": ("Retour et réintégration au Mali 2025-2027", "Coopération suisse", "RRM-2527"),
}


@dataclass(frozen=True)
class Story:
    """How far one case went. `stage` is the last status before any closure; `plan` is the
    plan's fate (draft, submitted, returned, approved by the manager, auto under threshold)."""

    stage: str
    case_type: str = T.RETURN_REINTEGRATION
    vulnerabilities: tuple[str, ...] = ()
    plan: str = ""
    closure: str = ""
    reopen: bool = False
    child: bool = False
    mentor: bool = False
    overdue: bool = False
    referral: str = ""  # "given", or "withdrawn" (given, then withdrawn)
    restricted_note: bool = False


# Ordered so that even a small demo (few people per organisation) covers every status.
SN_STORIES = [
    Story(S.REGISTERED, referral="given"),
    Story(S.SCREENING, T.TRAFFICKING, (V.VOT, V.MHPSS), restricted_note=True),
    Story(S.ASSESSMENT, vulnerabilities=(V.MEDICAL,)),
    Story(S.PLAN, plan="draft"),
    Story(S.PLAN, plan="submitted", referral="given"),
    Story(S.PLAN, plan="returned"),
    Story(S.ASSISTANCE, plan="approved", mentor=True, overdue=True),
    Story(S.MONITORING, plan="auto", mentor=True, overdue=True),
    Story(S.MONITORING, plan="approved", closure=R.PLAN_COMPLETED),
    Story(S.MONITORING, plan="auto", closure=R.LOST_CONTACT, reopen=True),
    Story(S.SCREENING, T.UASC, (V.UASC,), child=True, restricted_note=True),
    Story(S.REGISTERED, closure=R.DUPLICATE),
    Story(S.SCREENING, closure=R.WITHDREW, referral="withdrawn"),
    Story(S.ASSESSMENT, T.PROTECTION_IN_TRANSIT, (V.DETENTION,), closure=R.REFERRED_ELSEWHERE),
    Story(S.PLAN, plan="draft", closure=R.REMIGRATED),
    Story(S.MONITORING, plan="approved", closure=R.SUSTAINABLY_REINTEGRATED),
    Story(S.REGISTERED),
    Story(S.SCREENING, vulnerabilities=(V.SINGLE_CAREGIVER,)),
    Story(S.ASSESSMENT, T.TRAFFICKING, (V.VOT,), referral="given", restricted_note=True),
    Story(S.ASSESSMENT, vulnerabilities=(V.DISABILITY,)),
    Story(S.PLAN, plan="submitted", vulnerabilities=(V.PREGNANT,)),
    Story(S.PLAN, plan="returned", vulnerabilities=(V.MHPSS,), restricted_note=True),
    Story(S.ASSISTANCE, plan="auto"),
    Story(S.ASSISTANCE, plan="approved", vulnerabilities=(V.MEDICAL,), referral="given"),
    # A child's case waits for its best-interests determination before a plan (children app).
    Story(S.ASSESSMENT, T.UASC, (V.UASC,), child=True, mentor=True),
    Story(S.MONITORING, plan="approved", overdue=True),
    Story(S.MONITORING, plan="auto", vulnerabilities=(V.GBV,), restricted_note=True),
    Story(S.MONITORING, plan="approved", mentor=True),
    Story(S.ASSISTANCE, plan="approved", closure=R.DECEASED, vulnerabilities=(V.OLDER,)),
    Story(S.MONITORING, plan="auto", closure=R.PLAN_COMPLETED),
]
# AIM-ML has no programme manager in the demo: its plans stay under the threshold or wait.
ML_STORIES = [
    Story(S.REGISTERED),
    Story(S.SCREENING, T.TRAFFICKING, (V.VOT,), restricted_note=True),
    Story(S.ASSESSMENT, vulnerabilities=(V.DETENTION,)),
    Story(S.PLAN, plan="draft"),
    Story(S.PLAN, plan="submitted"),
    Story(S.ASSISTANCE, plan="auto", referral="given"),
    Story(S.MONITORING, plan="auto", overdue=True),
    Story(S.MONITORING, plan="auto", closure=R.SUSTAINABLY_REINTEGRATED),
    Story(S.SCREENING, closure=R.LOST_CONTACT),
    Story(S.SCREENING, vulnerabilities=(V.MEDICAL,)),
    Story(S.PLAN, plan="auto", closure=R.OTHER),
]
# (dimension, kind, provider, amount in XOF): a plan above 500,000 XOF needs approval.
BIG_PLAN = [
    (Dimension.ECONOMIC, "Kit de démarrage : petit commerce", "Quincaillerie Ndar", 400_000),
    (Dimension.ECONOMIC, "Formation en mécanique auto (3 mois)", "Centre de formation", 180_000),
    (Dimension.PSYCHOSOCIAL, "Accompagnement psychosocial (6 séances)", "Jamra", 45_000),
]
SMALL_PLAN = [
    (Dimension.ECONOMIC, "Kit de couture", "Atelier Sokhna", 280_000),
    (Dimension.SOCIAL, "Appui au loyer (3 mois)", "", 90_000),
    (Dimension.SOCIAL, "Frais de scolarité des enfants", "École du quartier", 60_000),
]
SCREENING_FACTORS = {
    "individual_factors": "Retour récent, fatigue, pas de ressources propres.",
    "household_factors": "Famille endettée pour financer le départ.",
    "community_factors": "Regard de la communauté difficile après l'échec du projet.",
    "structural_factors": "Peu d'emplois dans la zone de retour.",
}
NOTES = [
    "Entretien d'accueil mené dans sa langue ; la personne souhaite rester près de sa famille.",
    "Appel de la famille : la personne est bien arrivée dans sa localité d'origine.",
    "La personne demande un appui pour reprendre une activité de commerce.",
]
RESTRICTED_NOTE = (
    "Récit des violences subies en transit : voir le point focal avant tout entretien."
)

M = TypeVar("M")


def seed_case_stories(organisations: dict[str, Organisation], seed: int = 2026) -> int:
    """The realistic cases of AIM-SN and AIM-ML; returns how many were opened."""
    users = {u.username: u for u in User.objects.filter(organisation__in=organisations.values())}
    plots = [
        ("AIM-SN", "casemanager", "manager", "mentor", SN_STORIES),
        ("AIM-ML", "casemanager.ml", None, None, ML_STORIES),
    ]
    opened = 0
    # Demo addresses (.invalid) cannot receive mail: the notifications stay in the app. The
    # e-mails leave on commit, so this function owns the transaction (call it outside one).
    dummy = "django.core.mail.backends.dummy.EmailBackend"
    with override_settings(EMAIL_BACKEND=dummy), transaction.atomic():
        for acronym, worker, approver, mentor, stories in plots:
            organisation = organisations[acronym]
            if worker not in users or Case.objects.filter(organisation=organisation).exists():
                continue
            with acting_as(users[worker]):
                programme = _programme(organisation)
            teller = _Teller(
                random.Random(seed),
                programme=programme,
                worker=users[worker],
                approver=users.get(approver or ""),
                mentor=users.get(mentor or ""),
            )
            people = _People(organisation)
            for story in stories:
                person = people.take(child=story.child)
                if person is None:
                    break
                teller.tell(story, person)
                opened += 1
    return opened


def _programme(organisation: Organisation) -> Programme:
    name, donor, code = PROGRAMMES[organisation.acronym]
    programme, _created = Programme.objects.get_or_create(
        organisation=organisation, name=name, defaults={"donor": donor, "code": code}
    )
    return programme


class _People:
    """The organisation's demo people without a case, children and adults apart."""

    def __init__(self, organisation: Organisation) -> None:
        today = timezone.localdate()
        free = Person.objects.filter(organisation=organisation, cases__isnull=True).order_by("id")
        self.children: list[Person] = []
        self.adults: list[Person] = []
        for person in free[:400]:
            age = person.age(today)
            if age is not None and 12 <= age < 17:
                self.children.append(person)
            elif age is None or age >= 19:  # clear of the 18th birthday during the story
                self.adults.append(person)

    def take(self, *, child: bool) -> Person | None:
        first, second = (self.children, self.adults) if child else (self.adults, self.children)
        pool = first or second
        return pool.pop(0) if pool else None


class _Teller:
    """Tells one story through the services, acting as the people who would have done it."""

    def __init__(
        self,
        rng: random.Random,
        *,
        programme: Programme,
        worker: User,
        approver: User | None,
        mentor: User | None,
    ) -> None:
        self.rng, self.programme = rng, programme
        self.worker, self.approver, self.mentor = worker, approver, mentor
        self.today = timezone.localdate()

    def act(self, user: User, service: Callable[..., M], **kwargs: Any) -> M:
        with acting_as(user):
            return service(actor=user, **kwargs)

    def tell(self, story: Story, person: Person) -> Case:
        low, high = AGE_RANGES[S(story.stage)]
        days = self.rng.randint(low, high) + (120 if story.closure else 0)
        opened = self.today - timedelta(days=days)

        def step(k: int) -> date:  # eight steps spread from opening to today
            return opened + timedelta(days=days * k // 8)

        self._consent(person, ConsentPurpose.REGISTRATION, ConsentStatus.GIVEN, opened)
        case = self.act(
            self.worker,
            open_case,
            person=person,
            case_type=story.case_type,
            opened_on=opened,
            programme=self.programme,
        )
        depth = STAGES.index(S(story.stage))
        if depth >= 1:
            self._screen(case, story, step(1))
        if depth >= 2:
            self._assess(case, story, step(2))
        if depth >= 3:
            self._plan(case, story, step(3))
        if depth >= 4:
            self._assist(case, step(4))
        if depth >= 5:
            case = self.act(self.worker, move_case, case=case, to_status=S.MONITORING)
        if story.mentor and self.mentor is not None:
            # The pointer only: the mentoring demo records the assignment (purpose, period).
            case.refresh_from_db()
            set_mentor(case=case, mentor=self.mentor)
        self._follow_ups(case, story, depth, step)
        if story.closure:
            case = self._close(case, story, person, step(7))
        return case

    def _consent(self, person: Person, purpose: str, status: str, on: date) -> Consent:
        age = person.age(on)
        guardian, views = "", ""
        method = self.rng.choice([ConsentMethod.VERBAL, ConsentMethod.WRITTEN])
        if age is not None and age < 18:
            method = ConsentMethod.GUARDIAN
            parents = NAMES.get(person.nationality, NAMES["SN"])
            guardian = f"{self.rng.choice(parents['female'])} {person.family_name}"
            views = CHILDS_VIEWS  # a child's own views are recorded wherever consent is
        return self.act(
            self.worker,
            record_consent,
            person=person,
            purpose=purpose,
            status=status,
            method=method,
            decided_on=on,
            guardian_name=guardian,
            childs_views=views,
        )

    def _screen(self, case: Case, story: Story, on: date) -> None:
        self.act(
            self.worker,
            record_screening,
            case=case,
            categories=list(story.vulnerabilities),
            screened_on=on,
            **SCREENING_FACTORS,
        )
        if story.referral:
            self._consent(case.person, ConsentPurpose.REFERRAL, ConsentStatus.GIVEN, on)
        self.act(
            self.worker,
            add_note,
            case=case,
            text=self.rng.choice(NOTES),
            confidentiality=Confidentiality.NORMAL,
        )
        if story.restricted_note:
            self.act(
                self.worker,
                add_note,
                case=case,
                text=RESTRICTED_NOTE,
                confidentiality=Confidentiality.RESTRICTED,
            )

    def _assess(self, case: Case, story: Story, on: date) -> None:
        self.act(self.worker, move_case, case=case, to_status=S.ASSESSMENT)
        self.act(
            self.worker,
            record_assessment,
            case=case,
            economic="Aucun revenu depuis le retour ; expérience dans le commerce et la couture.",
            social="Hébergé par un oncle ; souhaite un logement à lui dans six mois.",
            psychosocial="Sommeil difficile ; souhaite parler à quelqu'un."
            if story.vulnerabilities
            else "",
            summary="Priorité de la personne : une activité qui fasse vivre sa famille.",
            assessed_on=on,
        )

    def _plan(self, case: Case, story: Story, on: date) -> None:
        self.act(self.worker, move_case, case=case, to_status=S.PLAN)
        plan = self.act(self.worker, plan_for_case, case=case)
        items = SMALL_PLAN if story.plan == "auto" else BIG_PLAN
        for offset, (dimension, kind, provider, amount) in enumerate(items):
            self.act(
                self.worker,
                add_item,
                plan=plan,
                dimension=dimension,
                kind=kind,
                provider=provider,
                amount=Decimal(amount),
                currency=Currency.XOF,
                planned_on=on + timedelta(days=7 * (offset + 1)),
            )
        if story.plan == "draft":
            return
        plan = self.act(self.worker, submit_plan, plan=plan, expected_version=plan.version)
        if story.plan in {"approved", "returned"} and self.approver is not None:
            approve = story.plan == "approved"
            self.act(
                self.approver,
                decide_plan,
                plan=plan,
                approve=approve,
                comments="" if approve else "Joindre deux devis pour le kit de démarrage.",
                expected_version=plan.version,
            )

    def _assist(self, case: Case, on: date) -> None:
        self.act(self.worker, move_case, case=case, to_status=S.ASSISTANCE)
        for number, item in enumerate(case.plan.items.all(), start=1):
            share = Decimal(1) if self.rng.random() < 0.7 else Decimal("0.5")
            self.act(
                self.worker,
                record_delivery,
                item=item,
                delivered_on=on,
                amount=(item.amount * share).quantize(Decimal(1)),
                reference=f"FAC-{on.year}-{self.rng.randint(100, 9999):04d}-{number}",
            )

    def _follow_ups(
        self, case: Case, story: Story, depth: int, step: Callable[[int], date]
    ) -> None:
        visits = [5, 6] if depth >= 5 else [5] if depth == 4 else []
        for k in visits:
            happened = step(k)
            is_last = k == visits[-1]
            if is_last and story.overdue:
                due = happened + timedelta(days=max(1, (self.today - happened).days // 2))
            elif is_last:
                due = self.today + timedelta(days=self.rng.randint(10, 45))
            else:
                due = step(k + 1)
            self.act(
                self.worker,
                record_follow_up,
                case=case,
                happened_on=happened,
                type=self.rng.choice(list(FollowUpType)),
                notes="Activité lancée ; premiers clients. Revoir le loyer au prochain passage.",
                next_due_on=None if story.closure and is_last else due,
            )

    def _close(self, case: Case, story: Story, person: Person, on: date) -> Case:
        if story.referral == "withdrawn":
            self._consent(person, ConsentPurpose.REFERRAL, ConsentStatus.WITHDRAWN, on)
        if story.closure == R.WITHDREW:
            self._consent(person, ConsentPurpose.REGISTRATION, ConsentStatus.WITHDRAWN, on)
        case = self.act(
            self.worker,
            move_case,
            case=case,
            to_status=S.CLOSED,
            closure_reason=story.closure,
            closed_on=on,
            reason="Clôture après revue du dossier.",
        )
        if story.reopen:
            case = self.act(
                self.worker,
                reopen_case,
                case=case,
                reason="La personne a recontacté le bureau et demande à reprendre le suivi.",
            )
        return case
