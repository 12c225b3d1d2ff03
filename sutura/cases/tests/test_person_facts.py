"""A case keeps a copy of its person's sex, birth date and current place (`person_sex`,
`person_birth_date`, `person_location`), kept in step by the database whatever writes the
case or the person: the indicators count cases by them without reading the people."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.cases.services import lifecycle
from sutura.core import indicators
from sutura.dedup.services.merges import merge_persons, undo_merge
from sutura.geo.models import Level, Location
from sutura.people import services as people
from sutura.people.models import Person
from tests.world_fixture import SharedWorlds
from tests.worlds import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_worlds.use("world", build_world, django_db_blocker)


def facts(case: Case) -> tuple[Any, ...]:
    row = Case.objects.values_list("person_sex", "person_birth_date", "person_location_id")
    return row.get(pk=case.pk)


def of_person(person: Person) -> tuple[Any, ...]:
    person = Person.objects.get(pk=person.pk)
    return (person.sex, person.birth_date, person.current_location_id)


def drifted() -> list[Any]:
    """The cases whose copy differs from their person's facts (none, ever)."""
    return [
        case.pk
        for case in Case.objects.select_related("person")
        if (case.person_sex, case.person_birth_date, case.person_location_id)
        != (case.person.sex, case.person.birth_date, case.person.current_location_id)
    ]


def place(name: str) -> Location:
    country = Location.objects.filter(level=Level.COUNTRY).first()
    return Location.objects.create(
        parent=country, level=Level.ADMIN1, country_code="SN", name_fr=name, name_en=name
    )


def _manager(world: World) -> Any:
    return world.a.users[Role.PROGRAMME_MANAGER]


def test_every_case_of_the_world_holds_its_persons_facts(world: World) -> None:
    assert Case.objects.count() > 4
    assert drifted() == []


def test_a_case_opened_holds_its_persons_facts(world: World) -> None:
    person = world.a.person
    case = lifecycle.open_case(
        actor=_manager(world), person=person, case_type="return_reintegration"
    )
    assert facts(case) == of_person(person)
    assert of_person(person)[0] and of_person(person)[1] is not None


def test_cases_inserted_in_bulk_hold_their_persons_facts(world: World) -> None:
    template = Case.objects.get(pk=world.a.case.pk)
    bulk = Case(
        person=world.a.person,
        organisation=template.organisation,
        number="BULK-1",
        case_type=template.case_type,
        opened_on=template.opened_on,
        person_sex="unknown",  # whatever the app writes, the person's facts are kept
    )
    Case.objects.bulk_create([bulk])
    assert facts(bulk) == of_person(world.a.person)


def test_the_cases_follow_an_edit_of_the_persons_sex_birth_date_and_place(world: World) -> None:
    person = Person.objects.get(pk=world.a.person.pk)
    lifecycle.open_case(actor=_manager(world), person=person, case_type="return_reintegration")
    person.refresh_from_db()
    new_place = place("Kaolack")
    people.update_person(
        actor=_manager(world),
        person=person,
        expected_version=person.version,
        sex="male" if person.sex != "male" else "female",
        birth_date=datetime.date(1971, 2, 3),
        current_location=new_place,
    )
    cases = Case.objects.filter(person=person)
    assert cases.count() >= 2
    for case in cases:
        assert facts(case) == of_person(person)
    assert facts(world.a.case)[1:] == (datetime.date(1971, 2, 3), new_place.pk)
    assert drifted() == []


def test_the_cases_follow_a_bulk_update_of_the_people(world: World) -> None:
    Person.objects.update(birth_date=datetime.date(2012, 6, 1), current_location=None)
    assert drifted() == []
    assert facts(world.b.case)[1:] == (datetime.date(2012, 6, 1), None)


def test_an_update_of_other_fields_leaves_the_cases_alone(world: World) -> None:
    versions = dict(Case.objects.values_list("pk", "version"))
    with CaptureQueriesContext(connection):
        Person.objects.filter(pk=world.a.person.pk).update(family_name="Ndiaye-Sow")
    assert dict(Case.objects.values_list("pk", "version")) == versions
    assert drifted() == []


def test_a_case_saved_from_a_stale_copy_keeps_the_persons_new_facts(world: World) -> None:
    stale = Case.objects.get(pk=world.a.case.pk)
    Person.objects.filter(pk=world.a.person.pk).update(birth_date=datetime.date(1999, 9, 9))
    stale.priority = 3
    stale.save()  # writes every column, the old birth date too
    assert facts(stale)[1] == datetime.date(1999, 9, 9)
    Case.objects.filter(pk=stale.pk).update(person_sex="", person_location=None)
    assert facts(stale) == of_person(world.a.person)


def test_a_merge_gives_the_moved_cases_the_kept_files_facts_and_an_undo_takes_them_back(
    world: World,
) -> None:
    merged = Person.objects.get(pk=world.a.person.pk)
    kept = people.register_person(
        actor=_manager(world),
        given_names="Aminata",
        family_name="Ndiay",
        sex="female",
        phone="+221770000001",
        current_location=place("Fatick"),
    )
    assert kept.birth_date is None and merged.birth_date is not None
    moved = set(Case.objects.filter(person=merged).values_list("pk", flat=True))
    merge = merge_persons(actor=_manager(world), kept=kept, merged=merged, reason="Même téléphone")
    kept = Person.objects.get(pk=kept.pk)
    assert kept.birth_date == merged.birth_date  # filled from the merged file
    for case in Case.objects.filter(pk__in=moved):
        assert case.person_id == kept.pk
        assert facts(case) == of_person(kept)
    assert drifted() == []

    undo_merge(actor=_manager(world), merge=merge, reason="Deux personnes")
    for case in Case.objects.filter(pk__in=moved):
        assert case.person_id == merged.pk
        assert facts(case) == of_person(merged)
    assert of_person(kept)[1] is None
    assert drifted() == []


def test_the_migration_fills_the_copies_of_existing_cases(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no trigger
        cursor.execute(
            "UPDATE cases_case SET person_sex = '', person_birth_date = NULL,"
            " person_location_id = NULL"
        )
        cursor.execute("SET LOCAL session_replication_role = origin")
    assert drifted()
    fill = import_module("sutura.cases.migrations.0007_case_person_facts_kept").FILL
    with connection.cursor() as cursor:
        cursor.execute(fill)
    assert drifted() == []


def test_the_cases_are_counted_without_reading_the_people(world: World) -> None:
    user = _manager(world)
    indicator = indicators.get("cases.active")
    with CaptureQueriesContext(connection) as captured:
        figures = indicator.values(
            user, "2020-01-01..2030-12-31", sets=[(), ("sex", "age_group"), ("admin1",)]
        )
    assert figures[0].total
    assert not [q for q in captured.captured_queries if "people_person" in q["sql"]]
