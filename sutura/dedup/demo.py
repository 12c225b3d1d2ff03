"""Duplicate review's part of the demo (step 260): AIM-SN holds three people registered twice,
as happens (at the border and again at home, by a partner and by AIM), through the people
services; the programme manager (`manager`) reviews them. The proposals come from a detection
run over AIM-SN's registry, started as the manager and run here (the demo's worker then finds it
done). Idempotent: once the first twin is registered, it adds nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q

from sutura.accounts.models import Organisation, User
from sutura.audit.context import acting_as
from sutura.cases.models import CaseType
from sutura.cases.services import lifecycle
from sutura.core.registry import DemoContext
from sutura.people import services as people
from sutura.people.consent import record_consent
from sutura.people.models import ConsentPurpose, Person

# Each pair: the file opened first, then the second file of the same person.
TWINS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    (
        {
            "given_names": "Aminata",
            "family_name": "Kulibali",
            "sex": "female",
            "birth_date": datetime.date(1994, 1, 1),
            "birth_date_estimated": True,
            "nationality": "SN",
            "phone": "+221776543210",
        },
        {
            "given_names": "Aminata",
            "family_name": "Koulibaly",
            "sex": "female",
            "birth_date": datetime.date(1994, 6, 12),
            "nationality": "SN",
            "phone": "+221776543210",
        },
    ),
    (
        {
            "given_names": "Mamadou Lamine",
            "family_name": "Jallow",
            "sex": "male",
            "birth_date": datetime.date(1999, 1, 1),
            "birth_date_estimated": True,
            "nationality": "SN",
            "phone": "+221701112233",
        },
        {
            "given_names": "Lamine",
            "family_name": "Diallo",
            "sex": "male",
            "birth_date": datetime.date(1998, 3, 4),
            "nationality": "SN",
            "phone": "+221785556677",
            # The number he had at the border, now his brother's: given as a second number.
            "other_phones": ["+221701112233"],
        },
    ),
    (
        {
            "given_names": "Fatoumata",
            "family_name": "N'Diaye",
            "sex": "female",
            "birth_date": datetime.date(2001, 9, 20),
            "nationality": "SN",
            "phone": "+221769998877",
        },
        {
            "given_names": "Fatimata",
            "family_name": "Ndiaye",
            "sex": "female",
            "birth_date": datetime.date(2001, 9, 20),
            "nationality": "SN",
        },
    ),
]


# Up to this many demo people the detection run is made while seeding (seconds); beyond, it is
# queued: over the 200,000 people of an organisation of `seed_demo --persons 1000000` it takes
# most of an hour, which the benchmarks that seed a million people never need.
RUN_NOW_UP_TO = 20_000


def seed_step(context: DemoContext) -> str:
    organisation = Organisation.objects.filter(acronym="AIM-SN").first()
    users = {u.username: u for u in User.objects.filter(organisation=organisation)}
    if organisation is None or "casemanager" not in users or "manager" not in users:
        return ""
    first = TWINS[0][0]
    if Person.objects.filter(
        organisation=organisation, family_name=first["family_name"], phone=first["phone"]
    ).exists():
        return ""
    with transaction.atomic():
        for border, home in TWINS:
            # At the border by the case manager, at home by the programme manager's team.
            for actor, data in ((users["casemanager"], border), (users["manager"], home)):
                with acting_as(actor):
                    _with_a_case(actor, people.register_person(actor=actor, **data))
    proposed = _propose(organisation, users["manager"], now=context.persons <= RUN_NOW_UP_TO)
    return f"duplicates: {len(TWINS)} people registered twice at AIM-SN{proposed}"


def planted_files() -> Q:
    """The six files this step plants (for the demo's own tests: they are not bulk people)."""
    condition = Q(pk__in=[])
    for pair in TWINS:
        for data in pair:
            condition |= Q(
                organisation__acronym="AIM-SN",
                family_name=data["family_name"],
                given_names=data["given_names"],
            )
    return condition


def _with_a_case(actor: Any, person: Person) -> None:
    """Each file was opened with its own case, as happens: the history split in two that a
    merge puts back together (and a second seeding's bulk cases leave them alone)."""
    record_consent(
        actor=actor,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status="given",
        method="verbal",
    )
    lifecycle.open_case(actor=actor, person=person, case_type=CaseType.RETURN_REINTEGRATION)


def _propose(organisation: Organisation, reviewer: Any, *, now: bool = True) -> str:
    """Run detection now, as the demo's reviewer (the queue's worker then finds it done); for
    a demo scaled to many people, only queue it (the worker of `make demo` runs it)."""
    from sutura.dedup.services import runs
    from sutura.dedup.tasks import run_job

    with acting_as(reviewer):
        run = runs.start_run(actor=reviewer)
    if not now:
        return ", a detection run queued for the worker"
    result = run_job(run.pk)
    return f", a detection run proposed {result.get('proposals', 0)} pair(s)"
