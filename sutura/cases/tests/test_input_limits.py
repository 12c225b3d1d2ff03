"""Over-long and malformed input gets a message next to its field, never a 500 (pages and API).
The property-based walk over every write is `access/tests/test_no_server_errors.py`; these
are the cases found by probing, kept as examples."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.cases.tests.test_api import api, case_file, consented_person
from sutura.people.models import Person

pytestmark = pytest.mark.django_db

LONG_WORD = "A" * 81


def page(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_name_with_a_word_longer_than_the_index_holds_gets_a_message(users_a):
    manager = users_a[Role.CASE_MANAGER]
    form = page(manager).post("/people/new/", {"family_name": LONG_WORD, "given_names": "Awa"})
    assert form.status_code == 200
    assert "80" in form.context["form"].errors["family_name"][0]
    answer = api(manager).post(
        "/api/persons/", {"family_name": "Diop", "given_names": LONG_WORD}, format="json"
    )
    assert answer.status_code == 400
    assert "given_names" in answer.json()["error"]["fields"]
    form = page(manager).post(
        "/people/new/", {"family_name": "Diop", "given_names": "Awa", "aliases": LONG_WORD}
    )
    assert "aliases" in form.context["form"].errors
    assert not Person.objects.filter(family_name="Diop").exists()


def test_a_long_name_of_short_words_is_indexed(users_a):
    manager = users_a[Role.CASE_MANAGER]
    person = consented_person(manager, given_names=" ".join(["Awa"] * 30), family_name="Diop")
    assert person.name_words.exists()


def test_a_screening_description_over_250_characters_gets_a_message(users_a):
    manager = users_a[Role.CASE_MANAGER]
    file = case_file(manager)
    body = {
        "categories": ["other"],
        "other_description": "x" * 251,
        "screened_on": timezone.localdate().isoformat(),
    }
    form = page(manager).post(f"/cases/{file.case.pk}/screening/", body)
    assert form.status_code == 200
    assert "other_description" in form.context["form"].errors
    answer = api(manager).post("/api/screenings/", {**body, "case": str(file.case.pk)})
    assert answer.status_code == 400


def test_a_delivery_reference_over_80_characters_gets_a_message(users_a):
    manager = users_a[Role.CASE_MANAGER]
    file = case_file(manager)
    body = {
        "delivered_on": timezone.localdate().isoformat(),
        "amount": "1",
        "reference": "R" * 81,
    }
    form = page(manager).post(f"/cases/{file.case.pk}/items/{file.item.pk}/deliver/", body)
    assert form.status_code == 200
    assert "reference" in form.context["form"].errors
    answer = api(manager).post("/api/assistance/", {**body, "item": str(file.item.pk)})
    assert answer.status_code == 400
    assert "reference" in answer.json()["error"]["fields"]


def test_a_nul_byte_in_text_is_a_message_not_a_crash(users_a):
    manager = users_a[Role.CASE_MANAGER]
    file = case_file(manager)
    form = page(manager).post(
        f"/cases/{file.case.pk}/notes/", {"text": "a\x00b", "confidentiality": "normal"}
    )
    assert form.status_code == 200
    assert "text" in form.context["form"].errors
    answer = api(manager).post(
        "/api/persons/", {"family_name": "Di\x00op", "given_names": "Awa"}, format="json"
    )
    assert answer.status_code == 400
