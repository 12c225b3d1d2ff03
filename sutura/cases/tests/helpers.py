"""Building blocks for case tests: a person with consent, an open case."""

from __future__ import annotations

import datetime
from typing import Any

from sutura.cases.models import Case
from sutura.cases.services.lifecycle import open_case
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus, Person
from tests.factories import PersonFactory


def consenting_person(actor: Any, **fields: Any) -> Person:
    fields.setdefault("birth_date", datetime.date(1995, 4, 2))
    fields.setdefault("registered_by", actor)
    person = PersonFactory.create(organisation=actor.organisation, **fields)
    record_consent(
        actor=actor,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
    )
    return person


def open_test_case(actor: Any, **fields: Any) -> Case:
    person = consenting_person(actor, **fields)
    return open_case(
        actor=actor,
        person=person,
        case_type="return_reintegration",
        opened_on=datetime.date(2026, 1, 10),
    )
