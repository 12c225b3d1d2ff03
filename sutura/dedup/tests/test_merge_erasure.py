"""A person's files merged into one are one person for the right to erasure: anonymising the
kept file anonymises the files merged into it, and a merge of an anonymised person is never
undone (it would hand back a file holding the names and phone the erasure removed)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.dedup.models import PairDecision
from sutura.dedup.services.decisions import mark_not_duplicate, withdraw_not_duplicate
from sutura.dedup.services.merges import merge_persons, undo_merge
from sutura.people.duplicates import find_possible_duplicates
from sutura.people.models import Person, PersonBlockKey
from sutura.privacy import services as privacy
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_anonymising_the_kept_file_anonymises_the_merged_ones_and_the_merge_stays(users_a, org_a):
    reviewer = users_a[Role.PROGRAMME_MANAGER]
    kept = PersonFactory.create(
        organisation=org_a, family_name="Ndiaye", given_names="Aminata", phone="+221770000031"
    )
    merged = PersonFactory.create(
        organisation=org_a,
        family_name="Ndiay",
        given_names="Aminata",
        phone="+221770000032",
        birth_date=datetime.date(1990, 2, 3),
    )
    merge = merge_persons(actor=reviewer, kept=kept, merged=merged, reason="Même personne")
    privacy.anonymise_person(Person.objects.get(pk=kept.pk), cause="request")
    row = Person.objects.get(pk=merged.pk)
    assert (row.family_name, row.given_names, row.phone) == ("—", "—", "")
    assert row.birth_date == datetime.date(1990, 1, 1)  # the year only, as for the kept file
    assert hasattr(row, "anonymisation")
    with pytest.raises(ValidationError):
        undo_merge(actor=reviewer, merge=merge, reason="erreur")
    assert Person.objects.get(pk=merged.pk).merged_into_id == kept.pk
    assert not PersonBlockKey.objects.filter(key__in=["tel:+221770000031", "tel:+221770000032"])
    found = find_possible_duplicates(
        users_a[Role.CASE_MANAGER],
        family_name="Ndiay",
        given_names="Aminata",
        phones=["+221770000032"],
        threshold=0.0,
    )
    assert found == []


def test_what_reviewers_wrote_about_an_anonymised_person_goes_too(users_a, org_a):
    """The reasons of a merge and of a "not the same person", and the values a merge
    replaced, are text about the person: blanked with the rest (privacy review)."""
    reviewer = users_a[Role.PROGRAMME_MANAGER]
    kept, merged, sister = (
        PersonFactory.create(organisation=org_a, family_name="Diop", given_names=given)
        for given in ("Fatou", "Fatu", "Khady")
    )
    merge = merge_persons(
        actor=reviewer, kept=kept, merged=merged, reason="Même passeport A123, sœur de Khady"
    )
    assert merge.snapshot
    decision = mark_not_duplicate(
        actor=reviewer, first=kept, second=sister, reason="Sœur de Fatou Diop, passeport A123"
    )
    privacy.anonymise_person(Person.objects.get(pk=kept.pk), cause="request")
    merge.refresh_from_db()
    decision.refresh_from_db()
    assert (merge.reason, merge.undo_reason, merge.snapshot) == ("", "", {})
    assert decision.reason == ""
    # The pair could never be merged now: the decision stays, and cannot be withdrawn.
    with pytest.raises(ValidationError):
        withdraw_not_duplicate(actor=reviewer, decision=decision, reason="erreur")
    assert PairDecision.objects.filter(pk=decision.pk).exists()


def test_the_decision_page_of_an_anonymised_file_offers_no_withdrawal(client, users_a, org_a):
    reviewer = users_a[Role.PROGRAMME_MANAGER]
    first, second = (
        PersonFactory.create(organisation=org_a, family_name="Diop", given_names=given)
        for given in ("Fatou", "Khady")
    )
    decision = mark_not_duplicate(actor=reviewer, first=first, second=second, reason="Sœurs")
    client.force_login(reviewer)
    page_url = reverse("dedup:decision", args=[decision.pk])
    withdraw = reverse("dedup:decision_withdraw", args=[decision.pk])
    assert withdraw in client.get(page_url).content.decode()
    privacy.anonymise_person(Person.objects.get(pk=second.pk), cause="request")
    page = client.get(page_url).content.decode()
    assert withdraw not in page and "Sœurs" not in page
