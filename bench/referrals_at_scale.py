"""Benchmark: the referral mechanism at scale (inbox, sent list, NRM dashboard, directory).

Builds its own database (`sutura_ref_bench`, on DATABASE_URL's server or the embedded one;
`SUTURA_DB_NAME` to change it), loads the demo with N people (each with a case), then adds M
synthetic referrals streamed with COPY (numbers `BENCH-000000001`…), each with one history row
per step. A second run adds only the referrals still missing. Then VACUUM ANALYZE, and it
prints, as p50 / p95 over R requests (server time, Django test client, in-process), with the
number of SQL queries each page runs:
  - the provider inbox `/referrals/` as `provider` (Jamra Santé mentale receives most referrals),
    active (the default), all statuses and overdue only;
  - the sent list `/referrals/sent/` as `casemanager`;
  - the NRM dashboard `/nrm/` as `coordinator` (the whole mechanism; also narrowed to a region
    and a need) and as `manager` (one organisation's referrals);
  - a referral page as `provider` (five referrals under way, rotated);
  - the directory `/directory/` (no filter, a category, a region, words, all three), its map
    and the public API `/api/directory/services/`.
With --explain, EXPLAIN (ANALYZE, BUFFERS) of the queries on referrals of the dashboard, the
inbox and the sent list.

    .venv/bin/python bench/referrals_at_scale.py [--persons 100000] [--referrals 200000]
        [--requests 30] [--explain]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from harness import load_demo, logged_in_client, percentile, setup_django, timed_get

DB_NAME = "sutura_ref_bench"
PREFIX = "BENCH-"
CHUNK = 20_000
SEED = 2026
YEARS = 2

# Where referrals come from (organisation acronym: share), and the share of each one's
# referrals that goes to Jamra Santé mentale (the `provider` login's organisation).
ORIGINS = {"AIM-SN": 55, "AIM-ML": 25, "CEM": 20}
TO_JSM = {"AIM-SN": 0.70}
TO_JSM_ELSEWHERE = 0.03  # cross-border referrals to Dakar's mental health NGO
INTERNAL = 0.05  # AIM-SN: to the MHPSS focal point, a colleague
ONWARD = 0.015  # counter-referrals by JSM's agent, of referrals it accepted
URGENCIES = {"normal": 70, "high": 25, "emergency": 5}
SECTIONS = [
    ("identity",),
    ("identity", "contact"),
    ("identity", "health"),
    ("identity", "contact", "health"),
    ("identity", "contact", "vulnerabilities", "health", "notes"),
    ("identity", "contact", "vulnerabilities", "protection_history", "health"),
    ("identity", "contact", "documents"),
    (),
]
SECTION_WEIGHTS = [10, 25, 15, 25, 10, 5, 5, 5]
# Final status by how long ago the referral was sent (days): (upper bound, weights).
STATUSES = ("sent", "received", "accepted", "declined", "in_progress", "completed", "closed")
BY_AGE: list[tuple[int, tuple[float, ...]]] = [
    (3, (40, 25, 20, 5, 10, 0, 0)),
    (30, (8, 10, 20, 10, 35, 12, 5)),
    (120, (2, 3, 8, 12, 22, 40, 13)),
    (10_000, (0.5, 0.5, 2, 14, 5, 60, 18)),
]
DRAFTS = 0.02
DECLINES = {"no_capacity": 40, "out_of_area": 20, "not_eligible": 20, "incomplete": 15, "other": 5}
OUTCOMES = {"provided": 70, "partial": 20, "onward": 5, "other": 5}
EARLY_CLOSURES = {"withdrawn": 50, "person_declined": 30, "unreachable": 20}
LATE_CLOSURES = {"no_show": 45, "unreachable": 30, "person_declined": 25}
REASONS = [
    "Troubles du sommeil et anxiété depuis le retour.",
    "Besoin d'un accompagnement juridique pour récupérer ses papiers.",
    "Demande d'appui pour une activité génératrice de revenus.",
    "Enfant non accompagné : recherche familiale à engager.",
    "Suivi médical après un séjour en détention.",
    "Hébergement d'urgence demandé à l'arrivée.",
]
UPDATES = ["Rendez-vous fixé.", "Deuxième séance honorée.", "La personne a été revue."]

REFERRAL_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "number",
    "case_id",
    "from_organisation_id",
    "referred_by_id",
    "to_organisation_id",
    "service_id",
    "to_user_id",
    "parent_id",
    "category",
    "reason",
    "urgency",
    "shared_sections",
    "referral_consent_id",
    "sharing_consent_id",
    "status",
    "sent_at",
    "respond_by",
    "received_at",
    "answered_at",
    "ended_at",
    "decline_reason",
    "closure_reason",
    "outcome",
    "outcome_notes",
    "feedback",
    "overdue_notified_at",
)
TRANSITION_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "referral_id",
    "from_status",
    "to_status",
    "actor_id",
    "reason",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--referrals", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slow ones")
    args = parser.parse_args()
    os.environ.setdefault("SUTURA_DB_NAME", DB_NAME)
    setup_django()
    ensure_database()

    from sutura.cases.models import Case
    from sutura.referrals.models import Referral, ReferralTransition

    elapsed = load_demo(args.persons)
    print(
        f"\nseed_demo --persons {args.persons}: {elapsed:.1f} s; "
        f"{Case.objects.count():,} cases in the database"
    )
    started = time.monotonic()
    added = add_referrals(args.referrals)
    print(
        f"bench referrals: {added:,} added in {time.monotonic() - started:.1f} s; "
        f"{Referral.objects.count():,} referrals, "
        f"{ReferralTransition.objects.count():,} history rows in the database"
    )
    started = time.monotonic()
    vacuum_analyze()
    print(f"VACUUM ANALYZE: {time.monotonic() - started:.1f} s\n")
    describe()
    pages = build_pages()
    print(f"\n{'page':<44} {'p50':>9} {'p95':>9} {'max':>9}  queries (SQL ms)")
    for page in pages:
        page.run(args.requests)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    if args.explain:
        explain(pages)


# --- the database ------------------------------------------------------------------------------


def ensure_database() -> None:
    """With DATABASE_URL, create the benchmark's database on that server if it is missing (the
    embedded server creates its own)."""
    if not os.environ.get("DATABASE_URL"):
        return
    import psycopg
    from django.db import connection
    from psycopg import sql

    params = connection.get_connection_params()
    name = params.pop("dbname")
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found is None:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def vacuum_analyze() -> None:
    """Fresh statistics and visibility maps, as autovacuum would leave them after a while."""
    from django.db import connection

    from sutura.referrals.models import Referral, ReferralTransition

    with connection.cursor() as cursor:
        for model in (Referral, ReferralTransition):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


# --- the synthetic referrals ---------------------------------------------------------------------


@dataclass
class Target:
    organisation: Any  # id
    service: Any  # id or None
    category: str
    member: bool  # NRM member: sections may be shared
    to_user: Any = None


@dataclass
class Origin:
    organisation: Any
    acronym: str
    country: str
    cases: list[tuple[Any, date]]  # (case id, opened on)
    referrers: list[Any]  # user ids, the case manager first
    targets: list[Target]
    jsm: list[Target]
    internal: Target | None


@dataclass
class Parent:
    """A referral JSM accepted, that its agent may refer onward."""

    id: Any
    case: Any
    sections: tuple[str, ...]
    answered: datetime
    ended: datetime | None


@dataclass
class World:
    now: datetime
    origins: list[Origin]
    weights: list[int]
    receivers: dict[Any, Any]  # organisation id → the agent who answers for it
    jsm_id: Any
    jsm_agent: Any
    onward_targets: list[Target]
    parents: list[Parent] = field(default_factory=list)


def build_world() -> World:
    from django.db.models import Q
    from django.utils import timezone

    from sutura.accounts.models import Organisation, User
    from sutura.accounts.roles import ROLE_PERMISSIONS, Perm, Role
    from sutura.cases.models import Case
    from sutura.directory.models import Service

    organisations = {o.acronym: o for o in Organisation.objects.select_related("country")}
    jsm = organisations["JSM"]
    handling = [
        r for r, perms in ROLE_PERMISSIONS.items() if Perm.HANDLE_INCOMING_REFERRALS in perms
    ]
    receivers: dict[Any, Any] = {}
    for user in User.objects.filter(is_active=True, roles__overlap=handling).order_by("username"):
        receivers.setdefault(user.organisation_id, user.pk)
    services = list(
        Service.objects.filter(is_active=True, provider__is_active=True)
        .select_related("provider__country")
        .order_by("name_fr")
    )

    from sutura.access.governance import is_member_organisation

    # NRM membership is a signature of a protocol in force (governance), asked once a provider.
    members = {p: is_member_organisation(p) for p in {s.provider_id for s in services}}

    def target(service: Any) -> Target:
        return Target(
            service.provider_id, service.pk, service.category, members[service.provider_id]
        )

    jsm_targets = [target(s) for s in services if s.provider_id == jsm.pk]
    origins, weights = [], []
    for acronym, weight in ORIGINS.items():
        organisation = organisations.get(acronym)
        if organisation is None:
            continue
        country = organisation.country.iso_code or ""
        staff = User.objects.filter(organisation=organisation, is_active=True).filter(
            Q(roles__contains=[Role.CASE_MANAGER]) | Q(roles__contains=[Role.PROGRAMME_MANAGER])
        )
        # The case managers first: they make most referrals (see `_Writer.referral`).
        ranked = sorted(staff, key=lambda u: (Role.CASE_MANAGER not in u.roles, u.username))
        referrers = [user.pk for user in ranked]
        cases = list(
            Case.objects.filter(organisation=organisation)
            .order_by("number")
            .values_list("pk", "opened_on")
        )
        if not referrers or not cases:
            continue
        targets = [
            target(s)
            for s in services
            if s.provider.country.iso_code == country
            and s.provider_id not in (organisation.pk, jsm.pk)
        ]
        focal = (
            User.objects.filter(organisation=organisation, roles__contains=[Role.MHPSS_FOCAL_POINT])
            .values_list("pk", flat=True)
            .first()
        )
        internal = Target(organisation.pk, None, "mhpss", True, focal) if focal else None
        origins.append(
            Origin(
                organisation.pk, acronym, country, cases, referrers, targets, jsm_targets, internal
            )
        )
        weights.append(weight)
    onward = [t for s in services for t in [target(s)] if s.provider.country.iso_code == "SN"]
    return World(
        now=timezone.now(),
        origins=origins,
        weights=weights,
        receivers=receivers,
        jsm_id=jsm.pk,
        jsm_agent=receivers.get(jsm.pk),
        onward_targets=[t for t in onward if t.organisation != jsm.pk],
    )


def add_referrals(total: int) -> int:
    """Add the `BENCH-…` referrals still missing (up to `total`); returns how many were added."""
    from django.db import connection, transaction

    from sutura.referrals.models import Referral, ReferralTransition

    world = build_world()
    existing = _existing(world)
    missing = [i for i in range(1, total + 1) if i not in existing]
    if not missing:
        return 0
    writer = _Writer(world, random.Random(SEED + len(existing)))
    added = 0
    for start in range(0, len(missing), CHUNK):
        referrals: list[tuple[Any, ...]] = []
        history: list[tuple[Any, ...]] = []
        for index in missing[start : start + CHUNK]:
            referral, steps = writer.referral(index)
            referrals.append(referral)
            history.extend(steps)
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3: COPY
            for table, columns, rows in (
                (Referral._meta.db_table, REFERRAL_COLUMNS, referrals),
                (ReferralTransition._meta.db_table, TRANSITION_COLUMNS, history),
            ):
                with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        added += len(referrals)
        print(f"  … {added:,} / {len(missing):,} referrals", flush=True)
    return added


def _existing(world: World) -> set[int]:
    """The numbers already loaded; JSM's accepted ones become possible parents again."""
    from sutura.referrals.models import Referral

    indices: set[int] = set()
    rows = (
        Referral.objects.filter(number__startswith=PREFIX)
        .order_by("number")
        .values_list(
            "number",
            "pk",
            "case_id",
            "to_organisation_id",
            "to_user_id",
            "status",
            "shared_sections",
            "answered_at",
            "ended_at",
        )
    )
    for number, pk, case, to, to_user, status, sections, answered, ended in rows.iterator(
        chunk_size=10_000
    ):
        indices.add(int(number.removeprefix(PREFIX)))
        if _may_be_parent(world, to, to_user, status) and answered is not None:
            world.parents.append(Parent(pk, case, tuple(sections), answered, ended))
    return indices


def _may_be_parent(world: World, to: Any, to_user: Any, status: str) -> bool:
    return to == world.jsm_id and to_user is None and status in {"accepted", "in_progress"}


def _pick(rng: random.Random, weighted: Mapping[str, float]) -> str:
    return rng.choices(list(weighted), list(weighted.values()))[0]


class _Writer:
    def __init__(self, world: World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng
        from sutura.referrals.deadlines import respond_by

        self.respond_by = respond_by

    def referral(self, index: int) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
        rng, world = self.rng, self.world
        now = world.now
        parent: Parent | None = None
        if world.parents and world.jsm_agent and rng.random() < ONWARD:
            parent = rng.choice(world.parents)
        if parent is not None:
            origin_org, referrer, case = world.jsm_id, world.jsm_agent, parent.case
            target = rng.choice(world.onward_targets)
            until = parent.ended or now
            sent: datetime | None = parent.answered + (until - parent.answered) * rng.random()
            sections = tuple(s for s in parent.sections if s != "health")
        else:
            origin = rng.choices(world.origins, world.weights)[0]
            origin_org = origin.organisation
            case, opened = rng.choice(origin.cases)
            referrer = origin.referrers[0] if rng.random() < 0.85 else rng.choice(origin.referrers)
            target = self._target(origin)
            case_days = max(0, (now.date() - opened).days)
            days = min(365 * YEARS * rng.random() ** 1.3, case_days + rng.random())
            sent = now - timedelta(days=days, minutes=rng.randint(0, 600))
            sections = rng.choices(SECTIONS, SECTION_WEIGHTS)[0]
        if not target.member and target.to_user is None:
            sections = ()  # outside the data-sharing protocol, and no named consent
        status = "draft" if parent is None and rng.random() < DRAFTS else self._status(sent)
        if status == "draft":
            sent = None
        pk = uuid.UUID(int=rng.getrandbits(128), version=4)
        receiver = target.to_user or world.receivers.get(target.organisation) or referrer
        urgency = _pick(rng, URGENCIES)
        row = self._story(pk, status, sent, urgency, referrer, receiver)
        values = {
            **row,
            "id": pk,
            "number": f"{PREFIX}{index:09d}",
            "case_id": case,
            "from_organisation_id": origin_org,
            "referred_by_id": referrer,
            "to_organisation_id": target.organisation,
            "service_id": target.service,
            "to_user_id": target.to_user,
            "parent_id": parent.id if parent is not None else None,
            "category": target.category,
            "reason": rng.choice(REASONS),
            "urgency": urgency,
            "shared_sections": list(sections),
            "referral_consent_id": None,
            "sharing_consent_id": None,
            "outcome_notes": "",
        }
        if (
            _may_be_parent(world, target.organisation, target.to_user, status)
            and values["answered_at"] is not None
        ):
            world.parents.append(Parent(pk, case, sections, values["answered_at"], None))
        history = values.pop("history")
        return tuple(values[c] for c in REFERRAL_COLUMNS), history

    def _target(self, origin: Origin) -> Target:
        rng = self.rng
        draw = rng.random()
        to_jsm = TO_JSM.get(origin.acronym, TO_JSM_ELSEWHERE)
        if draw < to_jsm and origin.jsm:
            return rng.choice(origin.jsm)
        if origin.internal is not None and draw < to_jsm + INTERNAL:
            return origin.internal
        return rng.choice(origin.targets or origin.jsm)

    def _status(self, sent: datetime | None) -> str:
        assert sent is not None
        age = (self.world.now - sent).days
        for bound, weights in BY_AGE:
            if age < bound:
                return self.rng.choices(STATUSES, weights)[0]
        return "completed"

    def _story(
        self,
        pk: Any,
        status: str,
        sent: datetime | None,
        urgency: str,
        referrer: Any,
        receiver: Any,
    ) -> dict[str, Any]:
        """The timestamps, answers and history rows of a referral that ended up in `status`."""
        rng, now = self.rng, self.world.now
        history: list[tuple[Any, ...]] = []

        def step(when: datetime, before: str, after: str, actor: Any, reason: str = "") -> None:
            row = uuid.UUID(int=rng.getrandbits(128), version=4)
            history.append((row, when, when, pk, before, after, actor, reason))

        values: dict[str, Any] = {
            "sent_at": sent,
            "respond_by": None,
            "received_at": None,
            "answered_at": None,
            "ended_at": None,
            "decline_reason": "",
            "closure_reason": "",
            "outcome": "",
            "feedback": "",
            "overdue_notified_at": None,
            "status": status,
        }
        if sent is None:  # a draft, written some time in the last two months
            created = now - timedelta(minutes=rng.randint(10, 60 * 24 * 60))
            step(created, "", "draft", referrer)
            times = {"created_at": created, "updated_at": created, "version": 1}
            return {**values, **times, "history": history}
        created = sent - timedelta(minutes=rng.randint(5, 180))
        step(created, "", "draft", referrer)
        step(sent, "draft", "sent", referrer)
        values["respond_by"] = self.respond_by(urgency, sent)
        window = now - sent
        received = sent + min(timedelta(hours=rng.randint(1, 20)), window * 0.1)
        answered = received + min(timedelta(hours=rng.randint(2, 60)), window * 0.15)
        started = answered + min(timedelta(days=rng.randint(1, 4)), window * 0.1)
        ended = started + min(timedelta(days=rng.randint(7, 45)), window * 0.35)
        current, last = "sent", sent

        def move(when: datetime, after: str, actor: Any, reason: str = "") -> None:
            nonlocal current, last
            step(when, current, after, actor, reason)
            current, last = after, when

        if status in {"sent", "received"} or (status == "closed" and rng.random() < 0.3):
            if status == "received" or (status == "closed" and rng.random() < 0.5):
                values["received_at"] = received
                move(received, "received", receiver)
            if status == "closed":
                reason = _pick(rng, EARLY_CLOSURES)
                by = referrer if reason != "unreachable" else receiver
                values["closure_reason"] = reason
                values["ended_at"] = last + min(timedelta(days=rng.randint(3, 20)), window * 0.5)
                move(values["ended_at"], "closed", by, "Clôturée.")
            elif values["respond_by"] < now:
                values["overdue_notified_at"] = values["respond_by"] + timedelta(minutes=30)
        else:
            if rng.random() < 0.5:
                values["received_at"] = received
                move(received, "received", receiver)
            values["received_at"] = values["received_at"] or answered
            values["answered_at"] = answered
            if status == "declined":
                values["decline_reason"] = _pick(rng, DECLINES)
                values["ended_at"] = answered
                move(answered, "declined", receiver, "Pas de place avant le mois prochain.")
            else:
                move(answered, "accepted", receiver)
                if status != "accepted" and (status == "in_progress" or rng.random() < 0.7):
                    move(started, "in_progress", receiver, "Premier rendez-vous honoré.")
                if status != "accepted":
                    for k in range(rng.choice((0, 0, 1, 2))):
                        when = last + (ended - last) * (k + 1) / 4
                        by = receiver if k % 2 == 0 else referrer
                        step(when, current, current, by, UPDATES[k % len(UPDATES)])
                if status == "completed":
                    values["outcome"] = _pick(rng, OUTCOMES)
                    values["feedback"] = "Service rendu ; la personne a été informée."
                    values["ended_at"] = ended
                    move(ended, "completed", receiver)
                elif status == "closed":
                    values["closure_reason"] = _pick(rng, LATE_CLOSURES)
                    values["ended_at"] = ended
                    move(ended, "closed", receiver, "La personne ne s'est pas présentée.")
        moves = sum(1 for row in history if row[4] != row[5])
        updated = max(row[1] for row in history)
        return {
            **values,
            "created_at": created,
            "updated_at": updated,
            "version": moves,
            "history": history,
        }


# --- what is loaded ----------------------------------------------------------------------------


def describe() -> None:
    from django.db import connection
    from django.db.models import Count

    from sutura.accounts.models import User
    from sutura.directory.models import Service
    from sutura.referrals.dashboard import DashboardFilters, counted_referrals
    from sutura.referrals.models import ACTIVE_STATUSES, Referral
    from sutura.referrals.selectors import inbox_for, sent_by

    statuses = Referral.objects.order_by("status").values_list("status").annotate(n=Count("pk"))
    print("referrals by status: " + ", ".join(f"{k} {n:,}" for k, n in statuses))
    provider = User.objects.get(username="provider")
    casemanager = User.objects.get(username="casemanager")
    inbox = inbox_for(provider)
    print(
        f"provider's inbox: {inbox.count():,} referrals, "
        f"{inbox.filter(status__in=ACTIVE_STATUSES).count():,} active"
    )
    sent = sent_by(casemanager)
    print(f"casemanager's sent list: {sent.count():,} referrals")
    for username in ("coordinator", "manager"):
        user = User.objects.get(username=username)
        counted = counted_referrals(user, DashboardFilters()).count()
        print(f"NRM dashboard, {username}: {counted:,} referrals counted")
    print(f"directory: {Service.objects.count():,} services")
    with connection.cursor() as cursor:
        settings = []
        for name in ("server_version", "shared_buffers", "work_mem"):
            cursor.execute(f"SHOW {name}")
            settings.append(f"{name} {cursor.fetchone()[0]}")
    cores = os.cpu_count()
    print(f"PostgreSQL {', '.join(settings)}; {cores} cores, load {os.getloadavg()[0]:.2f}")


# --- the pages -----------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    username: str | None  # None: anonymous (the public API)
    requests: list[tuple[str, dict[str, str]]]  # (path, query), rotated across requests
    explained: bool = False
    client: Any = None
    queries: int = 0
    sql_ms: float = 0.0

    def get(self, k: int = 0) -> float:
        if self.client is None:
            from django.test import Client

            anonymous = Client(HTTP_HOST="localhost")
            self.client = logged_in_client(self.username) if self.username else anonymous
        path, params = self.requests[k % len(self.requests)]
        return timed_get(self.client, path, params)

    def run(self, requests: int) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for k in range(len(self.requests)):
            self.get(k)  # warm-up
        with CaptureQueriesContext(connection) as captured:
            self.get()
        self.queries = len(captured.captured_queries)
        self.sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        samples = [self.get(k) for k in range(requests)]
        print(
            f"{self.label:<44} {statistics.median(samples):6.1f} ms "
            f"{percentile(samples, 0.95):6.1f} ms {max(samples):6.1f} ms  {self.queries:>4} "
            f"({self.sql_ms:.0f})",
            flush=True,
        )


def build_pages() -> list[Page]:
    from sutura.accounts.models import User
    from sutura.geo.models import Location
    from sutura.referrals.models import ReferralStatus
    from sutura.referrals.selectors import inbox_for

    provider = User.objects.get(username="provider")
    under_way = (
        inbox_for(provider)
        .filter(status=ReferralStatus.IN_PROGRESS)
        .exclude(shared_sections=[])
        .values_list("pk", flat=True)
    )
    size = under_way.count()
    details = [f"/referrals/{under_way[size * k // 5]}/" for k in range(5)] if size else []
    dakar = Location.objects.get(iso_code="SN-DK")
    region = {"area__0": str(dakar.parent_id), "area__1": str(dakar.pk)}
    by_region = {"area": str(dakar.pk), "category": "mhpss"}
    directory = [
        ("", {}),
        (", category", {"category": "mhpss"}),
        (", region", region),
        (", words", {"q": "soutien psychosocial"}),
        (", all three", {"category": "mhpss", "q": "soutien", **region}),
    ]
    every = {"status": "all"}
    pages = [
        Page("inbox (provider), active", "provider", [("/referrals/", {})], explained=True),
        Page(
            "inbox (provider), all, pages 1 and 40",
            "provider",
            [("/referrals/", every), ("/referrals/", {**every, "page": "40"})],
        ),
        Page("inbox (provider), overdue", "provider", [("/referrals/", {"overdue": "on"})]),
        Page("sent list (casemanager)", "casemanager", [("/referrals/sent/", {})], explained=True),
        Page("NRM dashboard (coordinator)", "coordinator", [("/nrm/", {})], explained=True),
        Page("NRM dashboard (coordinator), region + need", "coordinator", [("/nrm/", by_region)]),
        Page("NRM dashboard (manager)", "manager", [("/nrm/", {})], explained=True),
    ]
    if details:
        pages.append(
            Page("referral page (provider, 5 rotated)", "provider", [(d, {}) for d in details])
        )
    pages += [
        Page(f"directory{suffix}", "casemanager", [("/directory/", params)])
        for suffix, params in directory
    ]
    api = "/api/directory/services/"
    pages += [
        Page("directory map", "casemanager", [("/directory/map/", {})]),
        Page("API directory/services (anonymous)", None, [(api, {})]),
        Page("API directory/services, region + category", None, [(api, by_region)]),
    ]
    return pages


# --- EXPLAIN -------------------------------------------------------------------------------------


def explain(pages: list[Page]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the queries on referrals that one request really runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for page in pages:
        if not page.explained:
            continue
        with CaptureQueriesContext(connection) as captured:
            page.get()
        for query in _referral_queries(captured.captured_queries):
            print(f"\n=== {page.label} ({float(query['time']) * 1000:.1f} ms)\n{query['sql']}")
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                print("\n".join(row[0] for row in cursor.fetchall()))


def _referral_queries(queries: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for query in queries:
        sql = query["sql"]
        if sql.startswith("SELECT") and 'FROM "referrals_referral"' in sql:
            yield query


if __name__ == "__main__":
    main()
