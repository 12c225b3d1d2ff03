"""The directory's filters: place (served or located), eligibility, language, text, the
six-month flag."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.directory.models import VERIFICATION_MAX_AGE
from sutura.directory.selectors.entries import DirectoryFilters, services_for
from sutura.directory.tests.helpers import signed_in
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def names(user, **filters):
    return {service.name_fr for service in services_for(user, DirectoryFilters(**filters))}


def test_a_region_service_serves_the_communes_below_it(users_a, directory, commune):
    user = users_a[Role.CASE_MANAGER]
    # Joal-Fadiouth is in Mbour, in Thiès: both the region's and Mbour's services serve it.
    assert names(user, area=commune) == {"Écoute psychosociale Thiès", "Centre de santé de Mbour"}


def test_a_department_service_does_not_serve_the_whole_region(users_a, directory, locations):
    assert names(users_a[Role.CASE_MANAGER], area=locations["SN-TH"]) == {
        "Écoute psychosociale Thiès"
    }


def test_located_in_finds_services_whose_premises_are_below_the_place(
    users_a, directory, locations
):
    assert names(users_a[Role.CASE_MANAGER], located_in=locations["SN-TH"]) == {
        "Écoute psychosociale Thiès",
        "Centre de santé de Mbour",
    }


def test_eligibility_by_age_sex_nationality_and_vulnerability(users_a, directory):
    user = users_a[Role.CASE_MANAGER]
    assert names(user, age=15) == {"Centre de santé de Mbour", "Aide juridique Kayes"}
    assert "Centre de santé de Mbour" not in names(user, sex="male")
    assert "Centre de santé de Mbour" in names(user, sex="female")
    assert "Aide juridique Kayes" not in names(user, nationality="SN")
    assert "Aide juridique Kayes" in names(user, nationality="ML")
    # A service for victims of trafficking does not show for other vulnerabilities; services
    # open to everyone do.
    assert "Aide juridique Kayes" not in names(user, vulnerability="gbv")
    assert "Écoute psychosociale Thiès" in names(user, vulnerability="gbv")


def test_language_and_cost(users_a, directory):
    user = users_a[Role.CASE_MANAGER]
    assert names(user, language="wo") == {"Écoute psychosociale Thiès"}
    assert names(user, cost="fee") == {"Centre de santé de Mbour"}


def test_text_search_ignores_accents_and_case(users_a, directory):
    user = users_a[Role.CASE_MANAGER]
    assert names(user, query="ecoute") == {"Écoute psychosociale Thiès"}
    assert names(user, query="SANTE mbour") == {"Centre de santé de Mbour"}
    assert names(user, query="espoir") == {
        "Écoute psychosociale Thiès",
        "Centre de santé de Mbour",
    }  # the provider's name


def test_needs_verification_lists_entries_unchecked_for_six_months(users_a, directory):
    today = timezone.localdate()
    ServiceFactory.create(name_fr="Jamais vérifié", last_verified_on=None)
    ServiceFactory.create(name_fr="Juste à temps", last_verified_on=today - VERIFICATION_MAX_AGE)
    found = names(users_a[Role.CASE_MANAGER], needs_verification=True)
    assert found == {"Centre de santé de Mbour", "Jamais vérifié"}


def test_withdrawn_services_are_hidden_from_staff_and_shown_to_coordinators_on_request(
    users_a, directory, coordinator
):
    assert "Ancien refuge" not in names(users_a[Role.CASE_MANAGER], include_withdrawn=True)
    assert "Ancien refuge" not in names(coordinator)
    assert "Ancien refuge" in names(coordinator, include_withdrawn=True)


def test_the_list_page_filters_and_flags_stale_entries(users_a, directory, commune):
    client = signed_in(users_a[Role.COMMUNITY_MENTOR])
    page = client.get(reverse("directory:list")).content.decode()
    assert "Écoute psychosociale Thiès" in page and "Aide juridique Kayes" in page
    assert "Ancien refuge" not in page
    assert page.count('class="flag-stale"') == 1  # Mbour, last verified 400 days ago
    filtered = client.get(
        reverse("directory:list"),
        {"area__0": directory["thies"].areas.first().parent_id, "category": "health"},
    ).content.decode()
    assert "Aide juridique Kayes" not in filtered


def test_the_list_page_filters_by_a_commune_picked_in_the_location_picker(
    users_a, directory, commune, locations
):
    client = signed_in(users_a[Role.CASE_MANAGER])
    picked = {
        "area__0": str(locations["SN"].pk),
        "area__1": str(locations["SN-TH"].pk),
        "area__2": str(locations["Mbour"].pk),
        "area__3": str(commune.pk),
    }
    page = client.get(reverse("directory:list"), picked).content.decode()
    assert "Écoute psychosociale Thiès" in page and "Centre de santé de Mbour" in page
    assert "Aide juridique Kayes" not in page


def test_the_list_pages_and_costs_a_fixed_number_of_queries(
    users_a, directory, django_assert_max_num_queries
):
    for number in range(30):
        service = ServiceFactory.create(name_fr=f"Service en plus {number:02d}")
        service.areas.set([directory["thies"].areas.first()])
    client = signed_in(users_a[Role.CASE_MANAGER])
    with django_assert_max_num_queries(12):
        first = client.get(reverse("directory:list"))
    second = client.get(reverse("directory:list"), {"page": 2})
    assert first.context["page"].paginator.count == 33
    assert len(second.context["page"].object_list) == 8


def test_the_flag_is_computed_from_today(directory):
    service = directory["thies"]
    assert not service.needs_verification()
    later = timezone.localdate() + VERIFICATION_MAX_AGE + datetime.timedelta(days=1)
    assert service.needs_verification(today=later)
