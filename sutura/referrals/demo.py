"""Demo referrals, told through the referral services acting as the demo users.

About ninety referrals in Senegal, Mali and Cameroon, in every status, several urgencies and
spread over the last six months: most of Senegal's go to Jamra Santé mentale (the `provider`
login's inbox), some answered late (overdue), a counter-referral chain in Senegal and another in
Mali, internal referrals from the mentor and the case manager to the MHPSS focal point, and
referrals to organisations outside the data-sharing protocol (sharing nothing, or with the
person's consent to that organisation by name).

The services stamp everything "now"; once a referral's story is told its timestamps (and its
history and notifications) are moved back to when each step happened, so the NRM dashboard's
delays mean something. Skipped when the demo already has referrals.

The plots (one row per referral, demo_data/plots.csv) and what the people write
(demo_data/texts.json) are data; this module tells them.
"""

from __future__ import annotations

import csv
import json
import random
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from sutura.access.referrals import receivers
from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Role
from sutura.audit.context import acting_as
from sutura.cases.models import Case, CaseStatus, CaseTransition
from sutura.core.registry import DemoContext
from sutura.directory.demo import demo_services
from sutura.directory.models import Service, ServiceCategory
from sutura.notifications.models import Notification
from sutura.people.consent import record_consent
from sutura.people.demo import CHILDS_VIEWS, NAMES
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus, Person
from sutura.people.selectors import current_consent
from sutura.referrals.deadlines import respond_by
from sutura.referrals.models import (
    Referral,
    ReferralStatus,
    ReferralTransition,
    Section,
    Urgency,
)
from sutura.referrals.services import referring, sweeps, workflow

C, R = ServiceCategory, ReferralStatus
M = TypeVar("M")

# Who refers from each organisation, and who records the person's consent there.
WORKERS = {"AIM-SN": "casemanager", "AIM-ML": "casemanager.ml", "CEM": "casemanager.cm"}
FOCAL_POINT = "@focalpoint"  # an internal referral to the MHPSS focal point

DATA = Path(__file__).parent / "demo_data"


@dataclass(frozen=True)
class Plot:
    """One referral's story: a row of demo_data/plots.csv. `to`: a service key of the demo
    directory, or FOCAL_POINT; `fate`: the status it ends in, with the reason or outcome after
    a colon ("declined:no_capacity", "completed:provided", "closed:withdrawn"); `days`: how
    long ago it was sent; `sections`: what it shares (codes, space-separated; empty: nothing);
    `flag`: the vulnerability the case should have; `updates`: progress notes; `onward`: the
    service the receiver refers the person on to, and `onward_fate` (empty: sent);
    `named_consent`: "yes" when the person consented to the organisation by name."""

    referrer: str
    to: str
    fate: str
    days: int
    urgency: str
    sections: tuple[str, ...]
    flag: str
    updates: int
    onward: str
    onward_fate: str
    named_consent: bool

    def __post_init__(self) -> None:
        """Codes are the models' own: a typo fails the demo, not a page later."""
        Urgency(self.urgency)
        ReferralStatus(self.fate.partition(":")[0])
        ReferralStatus(self.onward_fate.partition(":")[0])


@dataclass(frozen=True)
class Texts:
    """What the demo people write (in French, as they would), from demo_data/texts.json:
    reasons for a referral by category (and for an onward one), the notes of a decline or a
    closure by reason, an outcome's notes and feedback, and progress notes."""

    reasons: dict[str, list[str]]
    onward_reasons: dict[str, str]
    decline_notes: dict[str, str]
    closure_notes: dict[str, str]
    outcomes: dict[str, dict[str, str]]
    updates: list[str]


@cache
def plots() -> list[Plot]:
    """The referrals to tell, in order (lines starting with # are comments)."""
    with (DATA / "plots.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    return [
        Plot(
            referrer=row["referrer"],
            to=row["to"],
            fate=row["fate"],
            days=int(row["days"]),
            urgency=row["urgency"],
            sections=tuple(Section(code) for code in row["sections"].split()),
            flag=row["flag"],
            updates=int(row["updates"] or 0),
            onward=row["onward"],
            onward_fate=row["onward_fate"] or "sent",
            named_consent=row["named_consent"] == "yes",
        )
        for row in rows
    ]


@cache
def texts() -> Texts:
    with (DATA / "texts.json").open(encoding="utf-8") as handle:
        return Texts(**json.load(handle))


def seed_referrals(organisations: dict[str, Organisation], *, seed: int = 2026) -> int:
    """Tell the demo referrals (once); flag those past their deadline; return how many exist.

    Notifications go out by e-mail on commit, so this function owns its transaction."""
    dummy = "django.core.mail.backends.dummy.EmailBackend"
    with override_settings(EMAIL_BACKEND=dummy):
        if not Referral.objects.exists():
            with transaction.atomic():
                _Teller(organisations, random.Random(seed)).tell_all()
        sweeps.notify_overdue()
    return Referral.objects.count()


@dataclass
class _Schedule:
    """When each step of a referral happened (all in the past, in order)."""

    created: datetime
    sent: datetime
    acknowledged: datetime
    answered: datetime
    started: datetime
    ended: datetime

    def between(self, start: datetime, end: datetime, k: int, n: int) -> datetime:
        return start + (end - start) * (k + 1) / (n + 1)


def _office_hours(moment: datetime) -> datetime:
    """The moment, or the next morning (between 8 and 12 o'clock) if it falls at night."""
    local = timezone.localtime(moment)
    morning = 8 + local.hour % 4
    if local.hour < 8:
        return local.replace(hour=morning)
    if local.hour >= 18:
        return (local + timedelta(days=1)).replace(hour=morning)
    return moment


class _Clock:
    """Remembers when (really) each step was taken and when it should seem to have happened,
    then moves the rows written by those steps back in time."""

    def __init__(self) -> None:
        self.marks: list[tuple[datetime, datetime]] = []

    def at(self, when: datetime) -> None:
        self.marks.append((timezone.now(), when))

    def fake(self, real: datetime) -> datetime:
        index = bisect_right([mark for mark, _when in self.marks], real) - 1
        return self.marks[max(index, 0)][1]

    def backdate(self, referral_ids: list[Any], links: list[str]) -> None:
        now = timezone.now()
        seen: dict[datetime, int] = {}
        history = ReferralTransition.objects.filter(referral_id__in=referral_ids)
        for pk, created in history.order_by("created_at").values_list("pk", "created_at"):
            when = self.fake(created)
            seen[when] = seen.get(when, -1) + 1  # steps in one call keep their order
            moved = when + timedelta(seconds=seen[when])
            ReferralTransition.objects.filter(pk=pk).update(created_at=moved, updated_at=moved)
        notes = Notification.objects.filter(link__in=links)
        for pk, created in notes.values_list("pk", "created_at"):
            when = self.fake(created)
            read = when + timedelta(hours=3) if now - when > timedelta(days=3) else None
            Notification.objects.filter(pk=pk).update(
                created_at=when, updated_at=when, read_at=read
            )


class _Cases:
    """The open cases of one organisation that may be referred, the told ones first; picks
    one that fits a plot (vulnerability, the service's eligibility and area, age of the case)."""

    def __init__(self, organisation: Organisation) -> None:
        told = CaseTransition.objects.filter(case=OuterRef("pk"))
        self.cases = list(
            Case.objects.filter(organisation=organisation)
            .exclude(status=CaseStatus.CLOSED)
            .annotate(told=Exists(told))
            .select_related("person__current_location__parent__parent", "mentor", "case_manager")
            .order_by("-told", "number")[:120]
        )
        self.cursor = 0
        self.today = timezone.localdate()
        self.refused: set[Any] = set()
        for case in self.cases:
            consent = current_consent(case.person, ConsentPurpose.REFERRAL)
            if consent is not None and consent.status != ConsentStatus.GIVEN:
                self.refused.add(case.pk)  # the person withdrew it: never referred again

    def pick(
        self, *, service: Service | None, areas: set[Any], flag: str, mentor: User | None, days: int
    ) -> Case | None:
        for strictness in (3, 2, 1, 0):
            for offset in range(len(self.cases)):
                index = (self.cursor + offset) % len(self.cases)
                case = self.cases[index]
                if self._fits(case, service, areas, flag, mentor, days, strictness):
                    self.cursor = index + 1
                    return case
        return None

    def _fits(
        self,
        case: Case,
        service: Service | None,
        areas: set[Any],
        flag: str,
        mentor: User | None,
        days: int,
        strictness: int,
    ) -> bool:
        if case.pk in self.refused or (mentor is not None and case.mentor_id != mentor.pk):
            return False
        person = case.person
        if strictness >= 1 and service is not None:
            age = person.age(self.today)
            if not service.accepts(age=age, sex=person.sex, nationality=person.nationality):
                return False
        if strictness >= 2:
            if flag and flag not in case.flags:
                return False
            if (self.today - case.opened_on).days <= days:
                return False
        if strictness >= 3 and service is not None:
            place, chain = person.current_location, set[Any]()
            while place is not None:
                chain.add(place.pk)
                place = place.parent
            if not chain & areas:
                return False
        return True


class _Teller:
    def __init__(self, organisations: dict[str, Organisation], rng: random.Random) -> None:
        self.rng = rng
        self.texts = texts()
        self.now = timezone.now()
        self.users = {u.username: u for u in User.objects.filter(organisation__isnull=False)}
        self.services = demo_services()
        self.areas = {
            service.pk: set(service.areas.values_list("pk", flat=True))
            for service in self.services.values()
        }
        self.pools = {
            acronym: _Cases(organisations[acronym])
            for acronym in WORKERS
            if acronym in organisations and WORKERS[acronym] in self.users
        }

    def act(self, user: User, write: Callable[..., M], **kwargs: Any) -> M:
        with acting_as(user):
            return write(actor=user, **kwargs)

    def tell_all(self) -> None:
        for plot in plots():
            referrer = self.users.get(plot.referrer)
            if referrer is None or referrer.organisation is None:
                continue
            pool = self.pools.get(referrer.organisation.acronym)
            worker = self.users.get(WORKERS.get(referrer.organisation.acronym, ""))
            if pool is None or worker is None:
                continue
            self.tell(plot, referrer, worker, pool)

    def tell(self, plot: Plot, referrer: User, worker: User, pool: _Cases) -> None:
        to_user = self.users.get("focalpoint") if plot.to == FOCAL_POINT else None
        service = None if to_user is not None else self.services.get(plot.to)
        if service is None and to_user is None:
            return
        mentor = referrer if Role.COMMUNITY_MENTOR in referrer.roles else None
        areas = self.areas.get(service.pk, set()) if service else set()
        case = pool.pick(
            service=service, areas=areas, flag=plot.flag, mentor=mentor, days=plot.days
        )
        if case is None:
            return
        when = self._schedule(max(0, min(plot.days, (pool.today - case.opened_on).days - 1)))
        self._consent(worker, case.person, ConsentPurpose.REFERRAL, case.opened_on)
        if plot.named_consent and service is not None:
            self._consent(
                worker, case.person, ConsentPurpose.SHARING, when.sent.date(), service.provider
            )
        category = service.category if service is not None else C.MHPSS
        clock = _Clock()
        clock.at(when.created)
        referral = self.act(
            referrer,
            referring.create_referral,
            case=case,
            category=category,
            reason=self.rng.choice(self.texts.reasons[category]),
            urgency=plot.urgency,
            shared_sections=plot.sections,
            service=service,
            to_user=to_user,
        )
        story = [referral]
        if plot.fate != "draft":
            clock.at(when.sent)
            referral = self.act(referrer, referring.send_referral, referral=referral)
            child = self._answer(plot, referral, referrer, when, clock)
            if child is not None:
                story.append(child)
        for told in story:
            self._stamp(told, clock)
        links = [reverse("referrals:detail", args=[told.pk]) for told in story]
        clock.backdate([told.pk for told in story], links)

    def _answer(
        self, plot: Plot, referral: Referral, referrer: User, when: _Schedule, clock: _Clock
    ) -> Referral | None:
        """The receiving side's steps (recorded by the referrer when the provider has nobody in
        Sutura); returns the onward referral, if any."""
        status, _colon, detail = plot.fate.partition(":")
        answerer = next(iter(receivers(referral)), referrer)
        if status == R.SENT:
            return None
        acknowledged = status == R.RECEIVED or self.rng.random() < 0.5
        if acknowledged:
            clock.at(when.acknowledged)
            referral = self.act(answerer, workflow.acknowledge, referral=referral)
        if status == R.RECEIVED:
            return None
        if status == R.CLOSED and detail == "withdrawn":
            clock.at(when.answered)
            self.act(
                referrer,
                workflow.close,
                referral=referral,
                reason=detail,
                note=self.texts.closure_notes[detail],
            )
            return None
        clock.at(when.answered)
        if status == R.DECLINED:
            self.act(
                answerer,
                workflow.decline,
                referral=referral,
                reason=detail,
                note=self.texts.decline_notes[detail],
            )
            return None
        referral = self.act(answerer, workflow.accept, referral=referral)
        if status == R.ACCEPTED:
            return None
        if status == R.IN_PROGRESS or plot.onward or self.rng.random() < 0.7:
            clock.at(when.started)
            referral = self.act(
                answerer, workflow.start, referral=referral, note="Premier rendez-vous honoré."
            )
        for k in range(plot.updates):
            clock.at(when.between(when.started, when.ended, k, plot.updates + 1))
            by = answerer if k % 2 == 0 else referrer
            referral = self.act(
                by, workflow.add_update, referral=referral, note=self.texts.updates[k % 3]
            )
        child = None
        if plot.onward:
            clock.at(when.between(when.started, when.ended, plot.updates, plot.updates + 1))
            child = self._onward(plot, referral, answerer, when, clock)
        if status == R.COMPLETED:
            outcome = self.texts.outcomes[detail]
            clock.at(when.ended)
            self.act(
                answerer,
                workflow.complete,
                referral=referral,
                outcome=detail,
                outcome_notes=outcome["notes"],
                feedback=outcome["feedback"],
            )
        elif status == R.CLOSED:
            clock.at(when.ended)
            by = referrer if detail == "person_declined" else answerer
            self.act(
                by,
                workflow.close,
                referral=referral,
                reason=detail,
                note=self.texts.closure_notes[detail],
            )
        return child

    def _onward(
        self, plot: Plot, parent: Referral, agent: User, when: _Schedule, clock: _Clock
    ) -> Referral | None:
        """The provider refers the person on (a counter-referral), sharing less than it got."""
        service = self.services.get(plot.onward)
        if service is None:
            return None
        sections = [s for s in parent.shared_sections if s != Section.HEALTH]
        child = self.act(
            agent,
            referring.refer_onward,
            parent=parent,
            category=service.category,
            reason=self.texts.onward_reasons.get(
                service.category, self.texts.reasons[service.category][0]
            ),
            urgency="normal",
            shared_sections=sections,
            service=service,
        )
        status, _colon, detail = plot.onward_fate.partition(":")
        if status == R.COMPLETED:  # the other provider answered by phone: the agent records it
            answerer = next(iter(receivers(child)), agent)
            sent = clock.marks[-1][1]
            clock.at(sent + (self.now - sent) * 0.2)
            child = self.act(answerer, workflow.accept, referral=child)
            clock.at(sent + (self.now - sent) * 0.6)
            child = self.act(
                answerer,
                workflow.complete,
                referral=child,
                outcome=detail,
                outcome_notes="Plainte déposée ; l'audience est fixée.",
                feedback="Dossier suivi par notre avocate ; nous vous tiendrons informés.",
            )
        return child

    def _schedule(self, days: int) -> _Schedule:
        rng, now = self.rng, self.now
        local = timezone.localtime(now)
        day = local - timedelta(days=days)
        sent = day.replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(
            minutes=rng.randint(0, 9 * 60)
        )
        if sent > now - timedelta(minutes=30):
            sent = now - timedelta(minutes=rng.randint(30, 240))
        window = now - sent
        created = sent - timedelta(minutes=rng.randint(5, 90))
        acknowledged = sent + min(timedelta(hours=rng.randint(1, 20)), window * 0.1)
        answered = acknowledged + min(timedelta(hours=rng.randint(2, 60)), window * 0.15)
        if window > timedelta(days=4):  # old enough: answers came in office hours
            acknowledged = _office_hours(acknowledged)
            answered = _office_hours(max(answered, acknowledged + timedelta(minutes=20)))
        started = answered + min(timedelta(days=rng.randint(1, 4)), window * 0.1)
        ended = started + min(timedelta(days=rng.randint(7, 45)), window * 0.35)
        return _Schedule(created, sent, acknowledged, answered, started, ended)

    def _stamp(self, referral: Referral, clock: _Clock) -> None:
        """The referral's own timestamps, moved back like its history."""
        referral = Referral.objects.get(pk=referral.pk)
        fields: dict[str, Any] = {
            "created_at": clock.fake(referral.created_at),
            "updated_at": clock.fake(referral.updated_at),
        }
        for name in ("sent_at", "received_at", "answered_at", "ended_at"):
            value = getattr(referral, name)
            if value is not None:
                fields[name] = clock.fake(value)
        if "sent_at" in fields:
            fields["respond_by"] = respond_by(referral.urgency, fields["sent_at"])
        Referral.objects.filter(pk=referral.pk).update(**fields)

    def _consent(
        self,
        worker: User,
        person: Person,
        purpose: str,
        decided_on: Any,
        organisation: Organisation | None = None,
    ) -> None:
        """Record the person's consent as their case manager, unless it is already given."""
        org_id = organisation.pk if organisation else None
        consent = current_consent(person, purpose, organisation_id=org_id)
        if consent is not None and consent.status == ConsentStatus.GIVEN:
            return
        guardian, method, views = "", ConsentMethod.VERBAL, ""
        age = person.age(decided_on)
        if age is not None and age < 18:
            method = ConsentMethod.GUARDIAN
            parents = NAMES.get(person.nationality, NAMES["SN"])
            guardian = f"{self.rng.choice(parents['female'])} {person.family_name}"
            views = CHILDS_VIEWS  # a child's own views are recorded wherever consent is
        elif purpose == ConsentPurpose.SHARING:
            method = ConsentMethod.WRITTEN
        self.act(
            worker,
            record_consent,
            person=person,
            purpose=purpose,
            status=ConsentStatus.GIVEN,
            method=method,
            decided_on=decided_on,
            shared_with=organisation,
            guardian_name=guardian,
            childs_views=views,
        )


def seed_step(context: DemoContext) -> str:
    """This app's part of `seed_demo` (registered in its AppConfig)."""
    # Its own transaction, after the case stories (it refers their people).
    return f"{seed_referrals(context.organisations)} referrals"
