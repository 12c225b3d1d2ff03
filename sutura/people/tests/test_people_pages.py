"""Registering, finding and correcting a person through the pages."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from sutura.accounts.roles import Role
from sutura.people.models import Person
from tests import files
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {"family_name": "Ndiaye", "given_names": "Awa", "sex": "female", "nationality": "SN"}
    data.update(overrides)
    return data


def test_case_manager_registers_a_person_with_a_local_phone(client, users_a, locations):
    client.force_login(users_a[Role.CASE_MANAGER])
    response = client.post(
        reverse("people:register"),
        form_data(
            phone="77 123 45 67",
            place_of_origin__0=locations["SN"].pk,
            place_of_origin__1=locations["SN-TH"].pk,
            place_of_origin__2=locations["Mbour"].pk,
        ),
    )
    person = Person.objects.get()
    assert response.url == reverse("people:detail", args=[person.pk])
    assert person.phone == "+221771234567"
    assert person.place_of_origin == locations["Mbour"]
    assert person.organisation == users_a[Role.CASE_MANAGER].organisation
    page = client.get(response.url).content.decode()
    assert "Sénégal › Thiès › Mbour" in page


@pytest.mark.parametrize(
    ("field", "value", "msgid"),
    [
        ("birth_date", "2999-01-01", "The date of birth cannot be in the future."),
        (
            "birth_date",
            "1850-03-01",
            "The date of birth cannot be before 1 January 1900: check the year.",
        ),
        ("phone", "12", "“%(value)s” is not a valid phone number for its country."),
        (
            "phone",
            "abc",
            "“%(value)s” is not a phone number. Write its digits, e.g. 77 123 45 67, "
            "or with its country code, e.g. +221 77 123 45 67.",
        ),
        ("family_name", "", "This field is required."),
    ],
)
def test_bad_input_is_explained_in_french_next_to_the_field_and_nothing_is_saved(
    client, users_a, field, value, msgid
):
    client.force_login(users_a[Role.CASE_MANAGER])
    response = client.post(reverse("people:register"), form_data(**{field: value}))
    assert response.status_code == 200
    with translation.override("fr"):
        expected = gettext(msgid) % {"value": value} if "%(value)s" in msgid else gettext(msgid)
    assert expected != (msgid % {"value": value} if "%(value)s" in msgid else msgid)
    assert response.context["form"].errors[field] == [expected]
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert 'value="Awa"' in page  # what was typed is kept
    assert not Person.objects.exists()


def test_a_stale_edit_is_refused_and_the_users_input_is_kept(client, users_a, org_a):
    person = PersonFactory.create(organisation=org_a, given_names="Mamadou")
    client.force_login(users_a[Role.CASE_MANAGER])
    opened_version = Person.objects.get(pk=person.pk).version
    # A colleague saves first.
    client.post(
        reverse("people:edit", args=[person.pk]),
        form_data(given_names="Mamadu", version=opened_version),
    )
    response = client.post(
        reverse("people:edit", args=[person.pk]),
        form_data(given_names="Mohamed", version=opened_version),
    )
    assert response.status_code == 200
    assert (
        "quelqu’un" in response.content.decode().lower()
        or "someone" in response.content.decode().lower()
    )
    assert 'value="Mohamed"' in response.content.decode()
    assert Person.objects.get(pk=person.pk).given_names == "Mamadu"


def test_search_ignores_accents_and_case(client, users_a, org_a):
    PersonFactory.create(organisation=org_a, family_name="Keïta", given_names="Oumou")
    PersonFactory.create(organisation=org_a, family_name="Diallo", given_names="Awa")
    client.force_login(users_a[Role.CASE_MANAGER])
    response = client.get(reverse("people:list"), {"q": "KEITA"})
    assert [p.family_name for p in response.context["page"]] == ["Keïta"]


def test_list_shows_only_my_organisation(client, users_a, org_a, org_b):
    PersonFactory.create(organisation=org_a, family_name="Sow")
    PersonFactory.create(organisation=org_b, family_name="Traoré")
    client.force_login(users_a[Role.CASE_MANAGER])
    page = client.get(reverse("people:list")).content.decode()
    assert "SOW" in page and "TRAOR" not in page


def test_the_list_page_runs_a_constant_number_of_queries(
    client, users_a, org_a, locations, django_assert_max_num_queries
):
    client.force_login(users_a[Role.CASE_MANAGER])
    for _ in range(30):
        PersonFactory.create(organisation=org_a, place_of_origin=locations["Mbour"])
    with django_assert_max_num_queries(10):
        client.get(reverse("people:list"))


def test_age_is_computed_from_the_date_of_birth():
    person = Person(birth_date=datetime.date(2000, 6, 15))
    assert person.age(datetime.date(2026, 6, 14)) == 25
    assert person.age(datetime.date(2026, 6, 15)) == 26
    assert Person().age() is None


def test_the_database_refuses_a_birth_date_in_the_future(org_a):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        PersonFactory.create(
            organisation=org_a, birth_date=timezone.localdate() + datetime.timedelta(days=2)
        )


def test_a_phone_without_nationality_takes_the_organisations_country(client, users_b):
    client.force_login(users_b[Role.CASE_MANAGER])  # organisation B is in Mali
    client.post(reverse("people:register"), form_data(nationality="", phone="76 12 34 56"))
    assert Person.objects.get().phone == "+22376123456"


PNG = files.png()


def test_a_photo_needs_consent_and_is_served_only_to_the_case_team(
    client, users_a, users_b, org_a, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sutura.people.consent import record_consent

    settings.MEDIA_ROOT = tmp_path
    actor = users_a[Role.CASE_MANAGER]
    person = PersonFactory.create(organisation=org_a)
    client.force_login(actor)
    url = reverse("people:photo", args=[person.pk])
    response = client.post(url, {"file": SimpleUploadedFile("p.png", PNG, "image/png")})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    record_consent(actor=actor, person=person, purpose="photo", status="given", method="verbal")
    fake = SimpleUploadedFile("p.png", b"GIF89a....", "image/png")
    assert "file" in client.post(url, {"file": fake}).context["form"].errors
    with files.committed():
        response = client.post(url, {"file": SimpleUploadedFile("p.png", PNG, "image/png")})
    assert response.status_code == 302
    photo = client.get(reverse("people:photo_file", args=[person.pk]))
    assert photo.status_code == 200
    from PIL import Image, ImageChops

    served = Image.open(io.BytesIO(b"".join(photo.streaming_content)))
    # stored re-encoded without metadata (core.uploads.clean_content): the same pixels
    assert ImageChops.difference(served, Image.open(io.BytesIO(PNG))).getbbox() is None
    client.force_login(users_b[Role.CASE_MANAGER])
    assert client.get(reverse("people:photo_file", args=[person.pk])).status_code == 404


def test_the_nationality_list_starts_with_the_offices_country_then_the_regions(client, users_b):
    """A caseworker picks Guinée without scrolling past 200 names; any country still fits."""
    client.force_login(users_b[Role.CASE_MANAGER])  # organisation B is in Mali
    with translation.override("fr"):
        page = client.get(reverse("people:register"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        label = gettext("Countries of the region")
    assert label == "Pays de la région"
    select = page[page.index('name="nationality"') :]
    select = select[: select.index("</select>")]
    region = select[select.index(f'<optgroup label="{label}"') :]
    region = region[: region.index("</optgroup>")]
    options = region.split("<option")[1:]
    assert 'value="ML"' in options[0]
    assert 'value="GN"' in region and 'value="FR"' not in region
    assert select.count('value="FR"') == 1 and select.count('value="GN"') == 2
    client.post(reverse("people:register"), form_data(nationality="GN"))
    client.post(reverse("people:register"), form_data(family_name="Dupont", nationality="FR"))
    assert sorted(Person.objects.values_list("nationality", flat=True)) == ["FR", "GN"]


@pytest.mark.parametrize("born", ["1850-03-01", "2999-01-01"])
def test_the_api_refuses_a_date_of_birth_no_one_has_and_saves_nothing(client, users_a, born):
    client.force_login(users_a[Role.CASE_MANAGER])
    response = client.post(
        reverse("api-person-list"),
        {"family_name": "Ndiaye", "given_names": "Awa", "birth_date": born},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    assert "birth_date" in response.json()["error"]["fields"]
    assert not Person.objects.exists()


def test_a_flood_of_aliases_is_refused_by_the_form_and_the_api(client, users_a):
    """Each alias word is looked up by the duplicate check: hundreds would hold the request."""
    client.force_login(users_a[Role.CASE_MANAGER])
    many = ", ".join(f"Ndiaye{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(21))
    response = client.post(reverse("people:register"), form_data(aliases=many))
    assert response.status_code == 200 and "Au plus 20 alias" in response.content.decode()
    response = client.post(reverse("people:register"), form_data(aliases="Ndiaye, " * 80))
    assert response.status_code == 200 and "500" in response.content.decode()
    assert not Person.objects.exists()
    response = client.post(
        reverse("api-person-possible-duplicates"),
        {"family_name": "Ndiaye", "given_names": "Awa", "aliases": many},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "aliases" in response.json()["error"]["fields"]
