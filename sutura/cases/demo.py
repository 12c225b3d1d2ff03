"""Demo cases, in two parts.

- `seed_case_stories`: about forty cases for AIM-SN and AIM-ML told through the services (consent,
  opening, screening, assessment, plan and approval, assistance, follow-ups, notes, closure and
  a reopening), so every record, transition, audit entry and notification is what a user would
  have produced. Deterministic (fixed seed); skipped for an organisation that already has cases.
- `seed_bulk_cases`: one case for every demo person still without one, streamed with COPY (a
  million in a few minutes) so case search can be measured at scale. Bulk cases carry a status,
  dates and flags but no history (no transitions, screenings or plans): they bypass the services
  and the audit log, like the bulk people of `sutura.people.demo`.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from sutura.accounts.demo import casework_organisations
from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Role
from sutura.audit.context import acting_as
from sutura.cases.models import (
    Case,
    CaseNumberCounter,
    CaseStatus,
    CaseType,
    ClosureReason,
    Confidentiality,
    Currency,
    Dimension,
    FollowUpType,
    Priority,
    Programme,
    RiskLevel,
    Vulnerability,
)
from sutura.cases.services.lifecycle import move_case, open_case, reopen_case, update_case
from sutura.cases.services.plans import (
    add_item,
    decide_plan,
    plan_for_case,
    record_delivery,
    submit_plan,
)
from sutura.cases.services.records import add_note, record_follow_up
from sutura.cases.services.screening import record_assessment, record_screening
from sutura.core.registry import DemoContext
from sutura.people.consent import record_consent
from sutura.people.demo import NAMES
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
    Story(S.ASSISTANCE, T.UASC, (V.UASC,), plan="approved", child=True, mentor=True),
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
            case.refresh_from_db()
            self.act(
                self.worker,
                update_case,
                case=case,
                expected_version=case.version,
                mentor=self.mentor,
            )
        self._follow_ups(case, story, depth, step)
        if story.closure:
            case = self._close(case, story, person, step(7))
        return case

    def _consent(self, person: Person, purpose: str, status: str, on: date) -> Consent:
        age = person.age(on)
        guardian = ""
        method = self.rng.choice([ConsentMethod.VERBAL, ConsentMethod.WRITTEN])
        if age is not None and age < 18:
            method = ConsentMethod.GUARDIAN
            parents = NAMES.get(person.nationality, NAMES["SN"])
            guardian = f"{self.rng.choice(parents['female'])} {person.family_name}"
        return self.act(
            self.worker,
            record_consent,
            person=person,
            purpose=purpose,
            status=status,
            method=method,
            decided_on=on,
            guardian_name=guardian,
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


# --- Bulk cases (COPY) ------------------------------------------------------------------------

CASE_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "number",
    "case_type",
    "priority",
    "risk_level",
    "flags",
    "status",
    "opened_on",
    "closed_on",
    "closure_reason",
    "next_follow_up_on",
    "case_manager_id",
    "mentor_id",
    "organisation_id",
    "person_id",
    "registration_consent_id",
    "programme_id",
)
CONSENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "person_id",
    "purpose",
    "shared_with_id",
    "status",
    "method",
    "guardian_name",
    "childs_views",
    "recorded_by_id",
    "decided_on",
)
# Bulk cases have no records (screening, plan…), so they stay where that is true: newly
# registered, or closed for a reason that needs none. The stories above cover every status.
BULK_STATUSES = {
    S.REGISTERED: 75,
    S.CLOSED: 25,
}
BULK_CLOSURES = {
    R.LOST_CONTACT: 40,
    R.REMIGRATED: 25,
    R.REFERRED_ELSEWHERE: 20,
    R.WITHDREW: 10,
    R.DUPLICATE: 5,
}
# (case type, flags, priority, risk level) and weights, for adults; children may be UASC.
BULK_PROFILES: list[tuple[tuple[str, list[str], int, int], int]] = [
    ((T.RETURN_REINTEGRATION, [], Priority.NORMAL, RiskLevel.LOW), 60),
    ((T.RETURN_REINTEGRATION, [V.MEDICAL], Priority.HIGH, RiskLevel.MEDIUM), 8),
    ((T.RETURN_REINTEGRATION, [V.MHPSS], Priority.NORMAL, RiskLevel.MEDIUM), 8),
    ((T.PROTECTION_IN_TRANSIT, [V.DETENTION], Priority.HIGH, RiskLevel.MEDIUM), 10),
    ((T.TRAFFICKING, [V.VOT], Priority.URGENT, RiskLevel.HIGH), 4),
    ((T.OTHER, [], Priority.LOW, RiskLevel.LOW), 4),
]
UASC_PROFILE: tuple[str, list[str], int, int] = (T.UASC, [V.UASC], Priority.URGENT, RiskLevel.HIGH)
CHUNK = 50_000
YEARS_BACK = 3


def seed_bulk_cases(organisations: list[Organisation], seed: int = 2026) -> int:
    """Give one case to every person of these organisations who has none; returns how many.

    Numbers continue each country's and year's counter, which is moved on at the end, so cases
    opened later through `open_case` never collide. Registration consent rows are written too
    where the organisation has a demo case manager to have recorded them (elsewhere the case's
    `registration_consent` stays empty).
    """
    loader = _BulkLoader(organisations, seed)
    after = uuid.UUID(int=0)
    added = 0
    while True:
        people = loader.people_without_case(after)
        if not people:
            break
        loader.copy(people)
        added += len(people)
        after = people[-1][0]
    loader.save_counters()
    return added


class _BulkLoader:
    def __init__(self, organisations: list[Organisation], seed: int) -> None:
        self.organisations = organisations
        self.rng = random.Random(seed + Case.objects.count())
        self.now, self.today = timezone.now(), timezone.localdate()
        self.country = {o.pk: o.country.iso_code or "XX" for o in organisations}
        self.manager: dict[Any, int | None] = {o.pk: None for o in organisations}
        managers = User.objects.filter(
            organisation__in=organisations, roles__contains=[Role.CASE_MANAGER], is_active=True
        ).order_by("username")
        for user in managers:
            self.manager[user.organisation_id] = self.manager[user.organisation_id] or user.pk
        self.programme = dict(
            Programme.objects.filter(organisation__in=organisations)
            .order_by("created_at")
            .values_list("organisation_id", "pk")
        )
        # Locked until the transaction ends; the new last numbers are written at the end.
        self.counters = {
            (c.country_code, c.year): c.last
            for c in CaseNumberCounter.objects.select_for_update().all()
        }
        # Plain str and int values: COPY writes them as they are.
        self.statuses = [str(status) for status in BULK_STATUSES]
        self.status_weights = list(BULK_STATUSES.values())
        self.closures = [str(reason) for reason in BULK_CLOSURES]
        self.closure_weights = list(BULK_CLOSURES.values())
        self.profiles = [_plain(profile) for profile, _weight in BULK_PROFILES]
        self.profile_weights = [weight for _profile, weight in BULK_PROFILES]
        self.uasc = _plain(UASC_PROFILE)

    def people_without_case(self, after: uuid.UUID) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT p.id, p.organisation_id, p.birth_date, p.family_name, p.nationality
                FROM {Person._meta.db_table} p
                WHERE p.organisation_id = ANY(%s) AND p.id > %s
                  AND NOT EXISTS (SELECT 1 FROM {Case._meta.db_table} c WHERE c.person_id = p.id)
                ORDER BY p.id LIMIT %s
                """,  # noqa: S608 - table names from the models, values as parameters
                [[o.pk for o in self.organisations], after, CHUNK],
            )
            return cursor.fetchall()

    def copy(self, people: list[tuple[Any, ...]]) -> None:
        consents: list[tuple[Any, ...]] = []
        cases = [self._case(person, consents) for person in people]
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor: COPY is ~20x faster than INSERTs
            for table, columns, rows in (
                (Consent._meta.db_table, CONSENT_COLUMNS, consents),
                (Case._meta.db_table, CASE_COLUMNS, cases),
            ):
                with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)

    def _case(self, person: tuple[Any, ...], consents: list[tuple[Any, ...]]) -> tuple[Any, ...]:
        rng = self.rng
        person_id, organisation_id, birth, family_name, nationality = person
        opened = self.today - timedelta(days=rng.randint(0, 365 * YEARS_BACK))
        if birth is not None and opened < birth:
            opened = birth
        is_child = birth is not None and (opened - birth).days < 18 * 365
        profile = rng.choices(self.profiles, self.profile_weights)[0]
        if is_child and rng.random() < 0.5:
            profile = self.uasc
        case_type, flags, priority, risk = profile
        status = rng.choices(self.statuses, self.status_weights)[0]
        closed_on, reason = None, ""
        if status == "closed":
            closed_on = opened + timedelta(days=rng.randint(0, (self.today - opened).days))
            reason = rng.choices(self.closures, self.closure_weights)[0]
        consent_id, recorder = None, self.manager[organisation_id]
        if recorder is not None:
            consent_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            guardian = ""
            if is_child:
                parents = NAMES.get(nationality, NAMES["SN"])
                guardian = f"{rng.choice(parents['female'])} {family_name}"
            consents.append(
                (
                    consent_id,
                    self.now,
                    self.now,
                    person_id,
                    "registration",
                    None,
                    "given",
                    "guardian" if is_child else "verbal",
                    guardian,
                    "",
                    recorder,
                    opened,
                )
            )
        country = self.country[organisation_id]
        last = self.counters.get((country, opened.year), 0) + 1
        self.counters[(country, opened.year)] = last
        programme = self.programme.get(organisation_id) if rng.random() < 0.8 else None
        return (
            uuid.UUID(int=rng.getrandbits(128), version=4),
            self.now,
            self.now,
            1,
            f"{country}-{opened.year}-{last:06d}",
            case_type,
            priority,
            risk,
            flags,
            status,
            opened,
            closed_on,
            reason,
            None,  # no follow-up date: the overdue lists show the story cases only
            recorder,
            None,
            organisation_id,
            person_id,
            consent_id,
            programme,
        )

    def save_counters(self) -> None:  # a handful of rows: one per country and year
        for (country, year), last in self.counters.items():
            CaseNumberCounter.objects.update_or_create(
                country_code=country, year=year, defaults={"last": last}
            )


def _plain(profile: tuple[str, list[str], int, int]) -> tuple[str, list[str], int, int]:
    case_type, flags, priority, risk = profile
    return str(case_type), [str(flag) for flag in flags], int(priority), int(risk)


def seed_step(context: DemoContext) -> str:
    """This app's part of `seed_demo` (registered in its AppConfig)."""
    # The told cases first (their own transaction): they pick their people among those
    # without a case; every other demo person then gets a case in bulk.
    stories = seed_case_stories(context.organisations)
    with transaction.atomic():
        bulk = seed_bulk_cases(casework_organisations(context.organisations))
    if bulk > 10_000:
        with connection.cursor() as cursor:  # fresh statistics for the planner
            cursor.execute(f"ANALYZE {Case._meta.db_table}")
    return f"{stories + bulk} cases opened ({stories} in full)"
