"""A run with the real duplicate model (`sutura.people.matching`: Splink on DuckDB) over a small
registry: the same person registered twice is proposed, with its reasons; strangers are not."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sutura.dedup.models import Proposal, RunStatus
from sutura.dedup.services import runs
from sutura.dedup.tasks import run_job
from sutura.dedup.tests.runs_support import person, reviewer
from sutura.people import matching

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not matching.MODEL_FILE.exists(),
        reason="the duplicate model's parameters (people/data/match_model.json) are not here",
    ),
]
BORN = datetime.date(1994, 3, 12)


def test_a_run_proposes_the_same_person_registered_twice(users_a: Any, org_a: Any) -> None:
    first = person(
        org_a, "Koulibaly", given_names="Fatoumata", birth_date=BORN, phone="+221771234567"
    )
    second = person(org_a, "Coulibaly", given_names="Fatoumata", birth_date=BORN, phone="771234567")
    person(org_a, "Ndiaye", given_names="Ousmane", birth_date=datetime.date(1971, 8, 2))
    person(org_a, "Sow", given_names="Aminata", birth_date=datetime.date(2001, 1, 30))
    run = runs.start_run(actor=reviewer(users_a))

    run_job(run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.people == 4
    proposal = Proposal.objects.get(run=run)
    assert {proposal.first_id, proposal.second_id} == {first.pk, second.pk}
    assert "same_phone" in proposal.reasons
    assert 0.5 < proposal.probability <= 1.0
    assert proposal.group == 1
