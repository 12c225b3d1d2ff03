"""The registration check's key table (`PersonBlockKey`) is kept by triggers in step with the
people, whatever writes them: one row per distinct block key and phone of each person not
merged into another, under the person's organisation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection

from sutura.access import visible
from sutura.accounts.roles import Role
from sutura.people.duplicates import PHONE_KEY
from sutura.people.models import Person, PersonBlockKey, PersonNameWord
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def table() -> set[tuple[str, str, str]]:
    return {
        (str(p), str(o), k)
        for p, o, k in PersonBlockKey.objects.values_list("person_id", "organisation_id", "key")
    }


def expected() -> set[tuple[str, str, str]]:
    """What the table must hold, worked out from the people's own columns."""
    return {
        (str(p.pk), str(p.organisation_id), key)
        for p in Person.objects.filter(merged_into__isnull=True)
        for key in [*p.block_keys, *(PHONE_KEY + phone for phone in p.all_phones())]
    }


def keys_of(person: Any) -> set[str]:
    return set(PersonBlockKey.objects.filter(person_id=person.pk).values_list("key", flat=True))


def test_a_saved_person_has_its_keys_and_a_renamed_one_follows(org_a):
    person = PersonFactory.create(
        organisation=org_a,
        family_name="Diallo",
        given_names="Mamadou Saliou",
        birth_date=datetime.date(1990, 1, 1),
        birth_date_estimated=True,
    )
    assert keys_of(person) == set(person.block_keys) | {PHONE_KEY + p for p in person.all_phones()}
    assert len(person.block_keys) > 3  # pairs of names, and the years either side
    person.family_name = "Jallow"
    person.save()
    assert keys_of(person) == set(person.block_keys) | {PHONE_KEY + p for p in person.all_phones()}
    assert not any("dial" in key for key in keys_of(person))
    assert table() == expected()


def test_bulk_writes_and_an_update_of_other_fields(org_a, org_b):
    people = [
        Person(
            organisation=org_a if i % 2 else org_b,
            family_name=family,
            given_names="Awa",
            block_keys=[f"awa|{family.lower()}", f"awa|{1990 + i}", f"awa|{1990 + i}"],
        )
        for i, family in enumerate(["Sow", "Ba", "Fall"])
    ]
    Person.objects.bulk_create(people)  # no save(): the keys as given, a duplicate key once
    assert table() == expected()
    assert len(keys_of(people[0])) == 2
    for person in people:
        person.sex = "female"
    before = table()
    Person.objects.bulk_update(people, ["sex"])  # keys untouched
    assert table() == before
    people[0].phone = "+221770000000"
    people[0].other_phones = ["+22370000000", ""]
    Person.objects.bulk_update(people, ["phone", "other_phones"])
    assert {"tel:+221770000000", "tel:+22370000000"} <= keys_of(people[0])
    assert table() == expected()
    people[0].phone = ""
    Person.objects.bulk_update(people, ["phone"])
    assert "tel:+221770000000" not in keys_of(people[0])
    assert table() == expected()
    Person.objects.filter(pk=people[1].pk).update(organisation=org_b)  # moved with its keys
    assert table() == expected()
    assert {o for p, o, _k in table() if p == str(people[1].pk)} == {str(org_b.pk)}
    Person.objects.filter(pk=people[2].pk).delete()
    assert keys_of(people[2]) == set()
    assert table() == expected()


def test_a_merged_file_has_no_keys_until_the_merge_is_undone(org_a):
    kept = PersonFactory.create(organisation=org_a, family_name="Ndiaye", given_names="Fatou")
    merged = PersonFactory.create(organisation=org_a, family_name="Njie", given_names="Fatou")
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    assert keys_of(merged) == set()
    assert keys_of(kept)
    Person.objects.filter(pk=merged.pk).update(merged_into=None)
    assert keys_of(merged) == set(merged.block_keys) | {PHONE_KEY + p for p in merged.all_phones()}
    assert table() == expected()


def test_the_keys_follow_the_people_a_user_may_see(users_a, users_b, org_a, org_b):
    mine = PersonFactory.create(organisation=org_a, family_name="Sow", given_names="Awa")
    theirs = PersonFactory.create(organisation=org_b, family_name="Sow", given_names="Awa")
    seen = {
        role: set(visible(users[role], PersonBlockKey).values_list("person_id", flat=True))
        for users in (users_a,)
        for role in (Role.CASE_MANAGER, Role.ME_OFFICER)
    }
    assert seen[Role.CASE_MANAGER] == {mine.pk}
    assert seen[Role.ME_OFFICER] == set()  # counts only, no person rows
    assert set(
        visible(users_b[Role.CASE_MANAGER], PersonBlockKey).values_list("person_id", flat=True)
    ) == {theirs.pk}


def test_the_triggers_are_statement_level():
    """A bulk load fills the table in one statement per load, not one call per person."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, (tgtype & 1) = 1 FROM pg_trigger "
            "WHERE tgrelid = 'people_person'::regclass AND tgname LIKE 'people_block_keys_%%'"
        )
        found = dict(cursor.fetchall())
    assert found == {
        "people_block_keys_inserted": False,
        "people_block_keys_updated": False,
        "people_block_keys_deleted": False,
    }


@pytest.mark.parametrize("assigned_only", [False, True])
def test_the_key_and_name_index_scopes_are_never_wider_than_the_people(
    users_a, users_b, org_a, org_b, assigned_only
):
    """For every role of both organisations, a case manager who sees only assigned cases
    included: the keys and the name index rows a user may read are those of people they may
    see (and, for the keys, exactly those people's)."""
    for org in (org_a, org_b):
        PersonFactory.create(
            organisation=org, family_name="Sow", given_names="Awa", phone="+221770000011"
        )
    kept = PersonFactory.create(organisation=org_a, family_name="Ba", given_names="Awa")
    merged = PersonFactory.create(organisation=org_a, family_name="Ba", given_names="Awa")
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    PersonNameWord.objects.filter(person=merged).delete()  # as a merge does
    mine = PersonFactory.create(
        organisation=org_a,
        family_name="Diallo",
        given_names="Awa",
        registered_by=users_a[Role.CASE_MANAGER],
    )
    if assigned_only:
        org_a.case_managers_see_all_cases = False
        org_a.save()
    for users in (users_a, users_b):
        for role, user in users.items():
            user.refresh_from_db()
            people = set(visible(user, Person).values_list("pk", flat=True))
            keyed = set(visible(user, PersonBlockKey).values_list("person_id", flat=True))
            named = set(visible(user, PersonNameWord).values_list("person_id", flat=True))
            assert keyed == {p for p in people if keys_of_pk(p)}, role
            assert named <= people, role
    restricted = set(
        visible(users_a[Role.CASE_MANAGER], PersonBlockKey).values_list("person_id", flat=True)
    )
    assert (restricted == {mine.pk}) if assigned_only else (mine.pk in restricted)


def keys_of_pk(pk: Any) -> bool:
    return PersonBlockKey.objects.filter(person_id=pk).exists()
