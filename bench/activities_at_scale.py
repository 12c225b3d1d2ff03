"""A year of activities at scale, for the programme report's benchmark (issue 20, item 10:
"1,000,000 people and their cases, 200,000 referrals and a year of activities").

The demo records a month of two mentors' work and a handful of meetings; a country programme
serving a million people records far more. Per 1,000,000 people on file, over the last 365
days (`PER_MILLION`, scaled to the people loaded):

- 500 community mentors (one per 2,000 people), spread over the organisations that hold
  cases in proportion to their cases, logging 100,000 activities (four a week each):
  70 % one-to-one sessions (nine in ten with a returnee of their organisation, the others
  with someone not registered, by sex and age group), 15 % accompaniments to an appointment,
  10 % community events (each with its participants counted: returnees and community members
  by sex and age group, four rows), 5 % ideas;
- 6,000 meetings held by the same organisations (trainings, community dialogues and
  awareness sessions, coordination meetings, peer-support sessions): those whose kind counts
  attendance (community consultations, dialogues, awareness sessions) with 6–12 rows of
  counts (category × sex × age group), the others with 5–30 named participants (present or
  not: one in ten invited but absent), a returnee on file for one peer-support participant
  in two.

Rows go in with `bulk_create` (no services: no audit entries, no notifications, as the
referrals' loader streams COPY). Each row's id is fixed by its kind and index
(`uuid(PREFIX | index)`), and each is drawn from its own seeded generator, so a second run adds
only what is missing and adds the same rows.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

PER_MILLION = {"mentors": 500, "activities": 100_000, "meetings": 6_000}
SEED = 2026
BATCH = 5_000
DAYS = 365
MENTOR_PREFIX = "bench-mentor-"
# The first 32 bits of each kind's ids: 0xbe4c00nn (nn: the kind).
KINDS = {"activity": 1, "event_count": 2, "meeting": 3, "participant": 4, "attendance": 5}

ACTIVITY_KINDS = {"session": 70, "accompaniment": 15, "event": 10, "idea": 5}
SESSION_KINDS = ["supportive", "coping", "pfa", "practical", "information", "orientation"]
TOPICS = ["wellbeing", "family", "work", "health", "housing", "documents", "assistance", "stigma"]
EVENT_KINDS = ["recreational", "creative", "socio_cultural", "awareness"]
APPOINTMENTS = ["mhpss", "health", "legal", "economic", "other"]
AGE_GROUPS = ["0_11", "12_17", "18_24", "25_59", "60_plus"]
SEXES = ["female", "male"]
MEETING_KINDS = {
    "training": 25,
    "awareness_session": 15,
    "community_dialogue": 12,
    "community_consultation": 8,
    "coordination_meeting": 12,
    "working_group": 5,
    "stakeholder_workshop": 3,
    "peer_support_session": 20,
}
COMMUNITY = [
    "community_leaders",
    "religious_leaders",
    "women",
    "youth",
    "returnees",
    "host_community",
]
ORGANISATIONS = ["government", "un_agency", "international_ngo", "national_ngo", "cbo"]


def wanted(persons: int) -> dict[str, int]:
    """How many of each for this many people on file."""
    return {name: max(1, round(n * persons / 1_000_000)) for name, n in PER_MILLION.items()}


def bench_id(kind: str, index: int) -> uuid.UUID:
    return uuid.UUID(int=(0xBE4C0000 | KINDS[kind]) << 96 | index)


def _ids_between(model: Any, kind: str) -> set[int]:
    """The indices of the rows of `kind` already loaded."""
    low, high = bench_id(kind, 0), bench_id(kind, (1 << 96) - 1)
    found = model.objects.filter(pk__gte=low, pk__lte=high).values_list("pk", flat=True)
    return {pk.int & ((1 << 96) - 1) for pk in found.iterator(chunk_size=20_000)}


@dataclass
class Organisation:
    id: Any
    cases: list[tuple[Any, Any]]  # (case id, person id)
    places: list[Any]  # location ids of its country, admin2 first
    mentors: list[int]  # user ids
    staff: Any  # the user recorded as having created its meetings


def add_activities(persons: int, *, today: datetime.date | None = None) -> dict[str, int]:
    """Add the year of activities still missing for `persons` people; how many rows of each
    kind were added."""
    from django.utils import timezone

    today = today or timezone.localdate()
    counts = wanted(persons)
    organisations = _organisations()
    if not organisations:
        return {}
    added = {"mentors": _add_mentors(organisations, counts["mentors"])}
    for organisation in organisations:
        organisation.mentors = _mentor_ids(organisation.id)
    added.update(_add_mentoring(organisations, counts["activities"], today))
    added.update(_add_meetings(organisations, counts["meetings"], today))
    return added


# --- who ---------------------------------------------------------------------------------------


def _organisations() -> list[Organisation]:
    """The organisations holding at least 1 % of the cases, with their cases and places."""
    from django.db.models import Count

    from sutura.accounts.models import Organisation as Model
    from sutura.accounts.models import User
    from sutura.accounts.roles import Role
    from sutura.cases.models import Case
    from sutura.geo.models import Location

    sizes = dict(
        Case.objects.values_list("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    total = sum(sizes.values())
    found = []
    for organisation in Model.objects.filter(pk__in=sizes).order_by("acronym", "name"):
        if sizes[organisation.pk] < total / 100:
            continue
        staff = (
            User.objects.filter(organisation=organisation, is_active=True)
            .exclude(roles__contains=[Role.COMMUNITY_MENTOR])
            .order_by("username")
            .first()
        )
        if staff is None:
            continue
        places = list(
            Location.objects.filter(
                country_code=organisation.country.country_code if organisation.country else "",
                level__in=(1, 2),
            )
            .order_by("-level", "pk")
            .values_list("pk", flat=True)
        )
        cases = list(
            Case.objects.filter(organisation=organisation)
            .order_by("pk")
            .values_list("pk", "person_id")
        )
        found.append(Organisation(organisation.pk, cases, places, [], staff.pk))
    return found


def _add_mentors(organisations: list[Organisation], total: int) -> int:
    """Bench mentors `bench-mentor-0001`…, shared out by the organisations' cases."""
    from django.contrib.auth.hashers import make_password

    from sutura.accounts.models import User
    from sutura.accounts.roles import Role

    cases = sum(len(o.cases) for o in organisations)
    existing = set(
        User.objects.filter(username__startswith=MENTOR_PREFIX).values_list("username", flat=True)
    )
    new, index = [], 0
    for organisation in organisations:
        share = max(1, round(total * len(organisation.cases) / cases))
        for _n in range(share):
            index += 1
            username = f"{MENTOR_PREFIX}{index:04d}"
            if username in existing:
                continue
            new.append(
                User(
                    username=username,
                    organisation_id=organisation.id,
                    roles=[Role.COMMUNITY_MENTOR],
                    password=make_password(None),  # never signs in
                    first_name="Mentor",
                    last_name=f"{index:04d}",
                )
            )
    User.objects.bulk_create(new, batch_size=BATCH)
    return len(new)


def _mentor_ids(organisation: Any) -> list[int]:
    from sutura.accounts.models import User

    return list(
        User.objects.filter(organisation=organisation, username__startswith=MENTOR_PREFIX)
        .order_by("username")
        .values_list("pk", flat=True)
    )


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _organisation_of(organisations: list[Organisation], rng: random.Random) -> Organisation:
    return rng.choices(organisations, weights=[len(o.cases) for o in organisations])[0]


def _day(rng: random.Random, today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=rng.randrange(1, DAYS + 1))


# --- mentoring ----------------------------------------------------------------------------------


def _add_mentoring(
    organisations: list[Organisation], total: int, today: datetime.date
) -> dict[str, int]:
    from sutura.mentoring.models import Activity, ActivityCount

    existing = _ids_between(Activity, "activity")
    missing = [i for i in range(1, total + 1) if i not in existing]
    added = {"mentoring activities": 0, "event counts": 0}
    for chunk in _chunks(missing):
        activities, counts = [], []
        for index in chunk:
            activity, rows = _activity(organisations, index, today)
            activities.append(activity)
            counts.extend(rows)
        Activity.objects.bulk_create(activities, batch_size=BATCH)
        ActivityCount.objects.bulk_create(counts, batch_size=BATCH)
        added["mentoring activities"] += len(activities)
        added["event counts"] += len(counts)
        print(f"  … {added['mentoring activities']:,} / {len(missing):,} activities", flush=True)
    return added


def _activity(
    organisations: list[Organisation], index: int, today: datetime.date
) -> tuple[Any, list[Any]]:
    from sutura.mentoring.models import Activity, ActivityCount

    rng = random.Random(f"{SEED}-activity-{index}")
    organisation = _organisation_of(organisations, rng)
    kind = _pick(rng, ACTIVITY_KINDS)
    activity = Activity(
        id=bench_id("activity", index),
        kind=kind,
        mentor_id=rng.choice(organisation.mentors),
        organisation_id=organisation.id,
        occurred_on=_day(rng, today),
        duration_minutes=rng.choice([30, 45, 60, 90]),
    )
    counts = []
    if kind == "session":
        activity.session_kind = rng.choice(SESSION_KINDS)
        activity.topics = rng.sample(TOPICS, rng.randint(1, 2))
        if rng.random() < 0.9:
            activity.case_id = rng.choice(organisation.cases)[0]
        else:
            activity.sex, activity.age_group = rng.choice(SEXES), rng.choice(AGE_GROUPS[2:4])
    elif kind == "accompaniment":
        activity.case_id = rng.choice(organisation.cases)[0]
        activity.appointment_kind = rng.choice(APPOINTMENTS)
        activity.duration_minutes = rng.choice([90, 120, 180])
    elif kind == "event":
        activity.event_kind = rng.choice(EVENT_KINDS)
        activity.title = "Causerie communautaire"
        activity.location_id = rng.choice(organisation.places) if organisation.places else None
        activity.duration_minutes = rng.choice([90, 120, 150])
        for n, (group, sex, age) in enumerate(
            [("returnee", "male", "18_24"), ("returnee", "female", "18_24")]
            + [("community", sex, "25_59") for sex in SEXES]
        ):
            counts.append(
                ActivityCount(
                    id=bench_id("event_count", index * 4 + n),
                    activity_id=activity.id,
                    group=group,
                    sex=sex,
                    age_group=age,
                    count=rng.randint(2, 25),
                )
            )
    else:
        activity.title = "Idée d'initiative"
        activity.idea_status = rng.choice(["proposed", "discussed", "adopted", "done"])
    return activity, counts


# --- meetings -----------------------------------------------------------------------------------


def _add_meetings(
    organisations: list[Organisation], total: int, today: datetime.date
) -> dict[str, int]:
    from sutura.meetings.models import AttendanceCount, Meeting, MeetingKind, Participant

    kinds = {
        k.code: (k.pk, k.counts_by_default)
        for k in MeetingKind.objects.filter(code__in=MEETING_KINDS)
    }
    weights = {code: w for code, w in MEETING_KINDS.items() if code in kinds}
    existing = _ids_between(Meeting, "meeting")
    missing = [i for i in range(1, total + 1) if i not in existing]
    added = {"meetings": 0, "participants": 0, "attendance counts": 0}
    for chunk in _chunks(missing):
        meetings, participants, counts = [], [], []
        for index in chunk:
            meeting, named, counted = _meeting(organisations, kinds, weights, index, today)
            meetings.append(meeting)
            participants.extend(named)
            counts.extend(counted)
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        Participant.objects.bulk_create(participants, batch_size=BATCH)
        AttendanceCount.objects.bulk_create(counts, batch_size=BATCH)
        added["meetings"] += len(meetings)
        added["participants"] += len(participants)
        added["attendance counts"] += len(counts)
        print(f"  … {added['meetings']:,} / {len(missing):,} meetings", flush=True)
    return added


def _meeting(
    organisations: list[Organisation],
    kinds: dict[str, tuple[Any, bool]],
    weights: dict[str, int],
    index: int,
    today: datetime.date,
) -> tuple[Any, list[Any], list[Any]]:
    from django.utils import timezone

    from sutura.meetings.models import AttendanceCount, Meeting, Participant

    rng = random.Random(f"{SEED}-meeting-{index}")
    organisation = _organisation_of(organisations, rng)
    code = _pick(rng, weights)
    kind, counted = kinds[code]
    day = _day(rng, today)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.choice([9, 14]))))
    meeting = Meeting(
        id=bench_id("meeting", index),
        kind_id=kind,
        title=f"Séance {index}",
        organisation_id=organisation.id,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=rng.choice([2, 3, 6])),
        location_id=rng.choice(organisation.places) if organisation.places else None,
        status="held",
        created_by_id=organisation.staff,
    )
    if counted:
        rows = []
        cells = rng.sample(
            [(c, s, a) for c in COMMUNITY for s in SEXES for a in AGE_GROUPS[2:]],
            rng.randint(6, 12),
        )
        for n, (category, sex, age) in enumerate(cells):
            rows.append(
                AttendanceCount(
                    id=bench_id("attendance", index * 16 + n),
                    meeting_id=meeting.id,
                    category=category,
                    sex=sex,
                    age_group=age,
                    count=rng.randint(3, 40),
                )
            )
        return meeting, [], rows
    peer = code == "peer_support_session"
    named, present = [], set()
    for n in range(rng.randint(5, 30)):
        person = rng.choice(organisation.cases)[1] if peer and rng.random() < 0.5 else None
        if person in present:  # a person is on a meeting's sheet once
            person = None
        present.add(person)
        named.append(
            Participant(
                id=bench_id("participant", index * 32 + n),
                meeting_id=meeting.id,
                name="" if person else f"Participant {index}-{n}",
                category="returnees" if peer else rng.choice(ORGANISATIONS),
                sex=rng.choice(SEXES),
                age_group=rng.choice(AGE_GROUPS[2:]),
                attended=rng.random() >= 0.1,
                invited=True,
                person_id=person,
            )
        )
    return meeting, named, []


def _chunks(indices: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(indices), BATCH * 4):
        yield indices[start : start + BATCH * 4]


def vacuum_analyze() -> None:
    from django.db import connection

    from sutura.meetings.models import AttendanceCount, Meeting, Participant
    from sutura.mentoring.models import Activity, ActivityCount

    with connection.cursor() as cursor:
        for model in (Activity, ActivityCount, Meeting, Participant, AttendanceCount):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


def main() -> None:
    """Add the year of activities to a benchmark database already loaded (by default the
    programme report's), without touching anything else."""
    import argparse
    import os
    import time

    from harness import setup_django

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ.setdefault("SUTURA_DB_NAME", "sutura_report_bench")
    setup_django()
    started = time.monotonic()
    added = add_activities(args.persons)
    vacuum_analyze()
    print(f"a year of activities: {added} in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
