"""Rules found in review: renamed people are found under their new name, other organisations'
files stay unknown, withdrawn photo consent hides the photo, consent names stay out of the log."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.cases.selectors import CaseFilters, cases_for
from sutura.cases.tests.helpers import open_test_case
from sutura.people import services
from sutura.people.consent import record_consent, withdraw_consent
from sutura.people.models import Person
from sutura.people.search import closest_people
from tests import files
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
PNG = files.png()


def test_a_renamed_person_is_found_under_the_new_name_only(users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor, family_name="Diop", given_names="Moussa")
    person = Person.objects.get(pk=case.person_id)
    services.update_person(
        actor=actor,
        person=person,
        expected_version=person.version,
        family_name="Traoré",
        aliases=["Kulibali"],
    )
    assert closest_people(actor, "Traore", limit=10) == [person.pk]
    assert closest_people(actor, "Coulibaly", limit=10) == [person.pk]
    assert closest_people(actor, "Diop", limit=10) == []
    assert [c.pk for c in cases_for(actor, CaseFilters(query="traore"))] == [case.pk]


def test_a_repeated_word_still_finds_the_person(users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor, family_name="Ba", given_names="Awa")
    assert closest_people(actor, "Ba Ba", limit=10) == [case.person_id]


def test_another_organisations_document_number_is_neither_revealed_nor_blocking(users_a, users_b):
    person_a = PersonFactory.create(organisation=users_a[Role.CASE_MANAGER].organisation)
    person_b = PersonFactory.create(organisation=users_b[Role.CASE_MANAGER].organisation)
    services.add_identity_document(
        actor=users_a[Role.CASE_MANAGER], person=person_a, type="passport", number="A0001"
    )
    services.add_identity_document(
        actor=users_b[Role.CASE_MANAGER], person=person_b, type="passport", number="A0001"
    )
    assert person_b.documents.count() == 1


def test_people_services_refuse_another_organisations_person(users_a, users_b):
    person = PersonFactory.create(organisation=users_a[Role.CASE_MANAGER].organisation)
    intruder = users_b[Role.CASE_MANAGER]
    with pytest.raises(PermissionDenied):
        services.add_household_member(actor=intruder, person=person, name="X", relationship="Y")
    with pytest.raises(PermissionDenied):
        record_consent(
            actor=intruder, person=person, purpose="referral", status="given", method="verbal"
        )
    with pytest.raises(PermissionDenied):
        services.update_person(
            actor=intruder, person=person, expected_version=person.version, given_names="Z"
        )


def test_withdrawing_photo_consent_hides_the_photo_at_once(client, users_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    actor = users_a[Role.CASE_MANAGER]
    person = PersonFactory.create(organisation=actor.organisation)
    consent = record_consent(
        actor=actor, person=person, purpose="photo", status="given", method="verbal"
    )
    with files.committed():
        services.set_photo(
            actor=actor, person=person, upload=SimpleUploadedFile("p.png", PNG, "image/png")
        )
    client.force_login(actor)
    url = reverse("people:photo_file", args=[person.pk])
    assert client.get(url).status_code == 200
    withdraw_consent(actor=actor, consent=consent)
    assert client.get(url).status_code == 404


def test_a_guardians_name_and_a_childs_words_stay_out_of_the_audit_log(users_a):
    actor = users_a[Role.CASE_MANAGER]
    person = PersonFactory.create(organisation=actor.organisation)
    record_consent(
        actor=actor,
        person=person,
        purpose="registration",
        status="given",
        method="guardian",
        guardian_name="Oumar Sangaré",
        childs_views="Je veux rentrer",
    )
    logged = " ".join(str(e.changes) + e.detail + e.object_label for e in AuditEntry.objects.all())
    assert "Sangaré" not in logged and "rentrer" not in logged


def test_an_edit_without_its_version_is_refused(client, users_a):
    actor = users_a[Role.CASE_MANAGER]
    person = PersonFactory.create(organisation=actor.organisation, given_names="Awa")
    client.force_login(actor)
    response = client.post(
        reverse("people:edit", args=[person.pk]),
        {"family_name": "Ndiaye", "given_names": "Aminata", "sex": "female"},
    )
    assert response.status_code == 200
    assert Person.objects.get(pk=person.pk).given_names == "Awa"


def test_a_mentor_cannot_filter_the_api_by_what_they_may_not_see(users_a):
    from rest_framework.test import APIClient

    from sutura.cases.services.lifecycle import set_mentor
    from sutura.cases.services.screening import record_screening

    actor = users_a[Role.CASE_MANAGER]
    mentor = users_a[Role.COMMUNITY_MENTOR]
    flagged = open_test_case(actor)
    plain = open_test_case(actor)
    record_screening(actor=actor, case=flagged, categories=["vot"])
    for case in (flagged, plain):
        case.refresh_from_db()
        set_mentor(case=case, mentor=mentor)
    api = APIClient()
    api.force_authenticate(mentor)
    body = api.get("/api/cases/", {"vulnerability": "vot"}).json()
    assert {row["id"] for row in body["results"]} == {str(flagged.pk), str(plain.pk)}
