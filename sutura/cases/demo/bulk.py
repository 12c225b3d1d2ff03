"""Demo cases in bulk: one case for every demo person still without one, streamed with COPY (a
million in a few minutes) so case search can be measured at scale. Bulk cases carry a status,
dates and flags but no history (no transitions, screenings or plans): they bypass the services
and the audit log, like the bulk people of `sutura.people.demo`.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Role
from sutura.cases.models import (
    Case,
    CaseNumberCounter,
    CaseStatus,
    CaseType,
    ClosureReason,
    Priority,
    Programme,
    RiskLevel,
    Vulnerability,
)
from sutura.people.demo import CHILDS_VIEWS, NAMES
from sutura.people.models import Consent, Person

S, T, V, R = CaseStatus, CaseType, Vulnerability, ClosureReason
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
    "best_interests_basis",
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
                    CHILDS_VIEWS if is_child else "",
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
