"""Possible duplicates at registration, with the spelling variants of the domain notes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.people.duplicates import find_possible_duplicates
from sutura.people.models import Person
from sutura.people.services import add_identity_document
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_file(org_a, org_b):
    people = {
        "ndiaye": PersonFactory.create(
            organisation=org_a,
            family_name="N'Diaye",
            given_names="Mamadou",
            birth_date=datetime.date(1994, 5, 2),
        ),
        "coulibaly": PersonFactory.create(
            organisation=org_a,
            family_name="Coulibaly",
            given_names="Seydou",
            birth_date=datetime.date(1990, 1, 1),
            birth_date_estimated=True,
        ),
        "diallo": PersonFactory.create(
            organisation=org_a, family_name="Diallo", given_names="Awa", phone="+221770000001"
        ),
        "other_org": PersonFactory.create(
            organisation=org_b,
            family_name="Ndiaye",
            given_names="Mamadou",
            birth_date=datetime.date(1994, 5, 2),
        ),
        "far": PersonFactory.create(
            organisation=org_a,
            family_name="Ndiaye",
            given_names="Mamadou",
            birth_date=datetime.date(1960, 5, 2),
        ),
    }
    return people


def names(candidates):
    return [c.person.pk for c in candidates]


@pytest.mark.parametrize(
    ("family", "given", "birth"),
    [
        ("NDIAYE", "Mamadou", "1995-01-01"),
        ("Ndiaye", "Mamadu", "1993-07-07"),
        ("Mamadou", "N'DIAYE", "1994-05-02"),
        ("ndiaye", "mamadou", None),
    ],
)
def test_spelling_variants_and_swapped_names_are_proposed(users_a, on_file, family, given, birth):
    found = find_possible_duplicates(
        users_a[Role.CASE_MANAGER],
        family_name=family,
        given_names=given,
        birth_date=datetime.date.fromisoformat(birth) if birth else None,
    )
    if birth:
        assert names(found)[0] == on_file["ndiaye"].pk
    else:  # no date to tell them apart: both namesakes come first, in either order
        assert set(names(found)[:2]) == {on_file["ndiaye"].pk, on_file["far"].pk}
    assert on_file["other_org"].pk not in names(found)  # nothing the user may not see


def test_transliterations_meet(users_a, on_file):
    found = find_possible_duplicates(
        users_a[Role.CASE_MANAGER],
        family_name="Kulibali",
        given_names="Seydou",
        birth_date=datetime.date(1980, 1, 1),
    )
    # 1 January is a placeholder: the estimated date is not held against the match.
    assert names(found)[0] == on_file["coulibaly"].pk


def test_a_shared_phone_or_document_number_is_proposed_whatever_the_name(users_a, on_file):
    user = users_a[Role.CASE_MANAGER]
    found = find_possible_duplicates(
        user, family_name="Jallow", given_names="Aisha", phones=["+221770000001"]
    )
    assert names(found) == [on_file["diallo"].pk]
    add_identity_document(actor=user, person=on_file["far"], type="passport", number="a123456")
    found = find_possible_duplicates(
        user, family_name="Sarr", given_names="Khady", document_numbers=["A123456"]
    )
    assert names(found) == [on_file["far"].pk]


def test_a_clearly_different_age_ranks_lower(users_a, on_file):
    found = find_possible_duplicates(
        users_a[Role.CASE_MANAGER],
        family_name="Ndiaye",
        given_names="Mamadou",
        birth_date=datetime.date(1994, 1, 1),
    )
    assert names(found).index(on_file["ndiaye"].pk) < (
        names(found).index(on_file["far"].pk) if on_file["far"].pk in names(found) else 99
    )


def test_registration_shows_candidates_then_records_a_confirmed_new_person(
    client, users_a, on_file
):
    client.force_login(users_a[Role.CASE_MANAGER])
    data = {
        "family_name": "NDIAYE",
        "given_names": "Mamadu",
        "sex": "male",
        "birth_date": "1994-06-01",
    }
    page = client.post(reverse("people:register"), data)
    assert page.status_code == 200
    assert page.context["candidates"][0].person.pk == on_file["ndiaye"].pk
    assert reverse("people:detail", args=[on_file["ndiaye"].pk]) in page.content.decode()
    assert Person.objects.count() == 5
    done = client.post(reverse("people:register"), {**data, "confirm_new": "1"})
    assert done.status_code == 302
    new = Person.objects.exclude(pk__in=[p.pk for p in on_file.values()]).get()
    assert AuditEntry.objects.filter(
        object_id=str(new.pk), detail__contains="possible duplicate"
    ).exists()


def test_a_duplicate_document_number_is_explained_next_to_the_field(client, users_a, on_file):
    user = users_a[Role.CASE_MANAGER]
    add_identity_document(
        actor=user, person=on_file["diallo"], type="national_id", number="1 234 567"
    )
    client.force_login(user)
    response = client.post(
        reverse("people:document", args=[on_file["ndiaye"].pk]),
        {"type": "national_id", "number": "1 234 567"},
    )
    assert response.status_code == 200
    assert "number" in response.context["form"].errors
