"""The case list: spelling-tolerant search, filters, sorting, a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.cases.models import Case, Programme
from sutura.cases.selectors import CaseFilters, cases_for
from sutura.cases.services import records, screening
from sutura.cases.services.lifecycle import set_mentor
from sutura.cases.tests.helpers import open_test_case
from sutura.people.models import Person
from sutura.people.selectors import persons_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(users_a, locations):
    actor = users_a[Role.CASE_MANAGER]
    names = [
        ("N'Diaye", "Mamadou"),
        ("Traoré", "Aminata"),
        ("Coulibaly", "Seydou"),
        ("Diallo", "Fatoumata"),
        ("Keïta", "Oumou"),
        ("Sow", "Fatou"),
    ]
    made = {}
    for family, given in names:
        made[family] = open_test_case(
            actor,
            family_name=family,
            given_names=given,
            current_location=locations["Mbour"],
            phone="+221771112233" if family == "Sow" else "",
        )
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ndiaye", "N'Diaye"),
        ("NDIAYE", "N'Diaye"),
        ("n'diaye mamadou", "N'Diaye"),
        ("Mamadu", "N'Diaye"),
        ("MAMADOU NDIAYE", "N'Diaye"),
        ("Traore", "Traoré"),
        ("Kulibali", "Coulibaly"),
        ("Jallow", "Diallo"),
        ("keita", "Keïta"),
        ("Coulibali", "Coulibaly"),
    ],
)
def test_names_are_found_in_any_spelling_case_accent_or_order(users_a, roster, query, expected):
    found = list(cases_for(users_a[Role.CASE_MANAGER], CaseFilters(query=query)))
    assert found and found[0].person.family_name == expected, [c.person.family_name for c in found]


def test_a_name_searched_lists_the_closest_first_unless_another_order_is_asked(
    users_a, roster, client
):
    """Through the selector or the API, as the page does: a newer case of another Mamadou
    does not come before the person whose whole name was typed (spellings walk)."""
    user = users_a[Role.CASE_MANAGER]
    newer = open_test_case(user, family_name="Sow", given_names="Mamadou")
    Case.objects.filter(pk=newer.pk).update(opened_on=datetime.date(2026, 3, 1))
    found = [c.person.family_name for c in cases_for(user, CaseFilters(query="Mamadou Ndiaye"))]
    assert found[0] == "N'Diaye" and "Sow" in found
    newest = cases_for(user, CaseFilters(query="Mamadou Ndiaye", sort="opened"))
    assert newest[0].person.family_name == "Sow"
    client.force_login(user)
    rows = client.get("/api/cases/", {"q": "Mamadou Ndiaye"}).json()["results"]
    assert rows[0]["id"] == str(roster["N'Diaye"].pk)


def test_case_number_and_phone_find_the_case(users_a, roster):
    user = users_a[Role.CASE_MANAGER]
    number = roster["Keïta"].number
    assert [c.number for c in cases_for(user, CaseFilters(query=number.lower()))] == [number]
    assert [c.person.family_name for c in cases_for(user, CaseFilters(query="77 111 22 33"))] == [
        "Sow"
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "771112233",
        "+221 77 111 22 33",
        "00221 77 111 22 33",
        "0771112233",  # the trunk 0 typed out of habit (Ghana, Nigeria)
        "221771112233",
        "76 123 45 67",  # another phone of hers, as dialled in Senegal
        "+221761234567",
        "076 123 45 67",  # the other phone with a trunk 0 (browser walk)
        "77-111-22-33",
        "77.111.22.33",
        "+221 (77) 111 22 33",
    ],
)
def test_a_phone_is_found_however_it_is_typed(users_a, roster, typed):
    Person.objects.filter(pk=roster["Sow"].person_id).update(other_phones=["+221761234567"])
    user = users_a[Role.CASE_MANAGER]
    assert [c.person.family_name for c in cases_for(user, CaseFilters(query=typed))] == ["Sow"]
    assert [p.family_name for p in persons_for(user, query=typed)] == ["Sow"]


def test_a_whole_date_is_no_phone_number(users_a, roster):
    from sutura.people.search import is_phone

    assert not any(is_phone(d) for d in ("12.01.1994", "1994-01-12", "12-01-1994", "12/01/1994"))
    assert is_phone("78.555.66.77") and is_phone("(78) 555-66-77")


def test_a_phone_of_nobody_finds_nobody(users_a, roster):
    user = users_a[Role.CASE_MANAGER]
    assert not cases_for(user, CaseFilters(query="+221 77 999 88 77")).exists()
    assert not persons_for(user, query="0779998877").exists()


def test_a_number_read_as_the_offices_is_not_matched_by_another_countrys_last_digits(
    users_a, roster
):
    """77 111 22 33 typed in Senegal is +221 77 111 22 33, not the Ivorian 07 77 11 12 23 3…"""
    Person.objects.filter(pk=roster["Diallo"].person_id).update(phone="+2250771112233")
    user = users_a[Role.CASE_MANAGER]
    assert [p.family_name for p in persons_for(user, query="77 111 22 33")] == ["Sow"]
    # No Senegalese number starts with 0: read by its digits, it may be either person's
    # (Diallo's Ivorian number, or Sow's with a trunk 0 typed out of habit).
    found = {p.family_name for p in persons_for(user, query="07 71 11 22 33")}
    assert found == {"Diallo", "Sow"}


def test_a_few_digits_after_a_prefix_are_no_number(users_a, roster):
    """00 11 22 33 is eight characters of digits, but six after the 00: it finds nobody
    rather than every number ending in 112233."""
    user = users_a[Role.CASE_MANAGER]
    assert not persons_for(user, query="00 11 22 33").exists()
    assert not cases_for(user, CaseFilters(query="0 0 11 22 33")).exists()


def test_a_mentor_finds_a_returnee_by_the_phone_they_read_not_by_the_others(users_a, roster):
    """A mentor reads the main phone of the returnee assigned to them, not their other
    phones: a search must not tell them whether a number is among those."""
    case = set_mentor(case=roster["Sow"], mentor=users_a[Role.COMMUNITY_MENTOR])
    Person.objects.filter(pk=case.person_id).update(other_phones=["+221761234567"])
    mentor = users_a[Role.COMMUNITY_MENTOR]
    assert [c.pk for c in cases_for(mentor, CaseFilters(query="77 111 22 33"))] == [case.pk]
    assert not cases_for(mentor, CaseFilters(query="76 123 45 67")).exists()
    manager = users_a[Role.CASE_MANAGER]
    assert [c.pk for c in cases_for(manager, CaseFilters(query="76 123 45 67"))] == [case.pk]


def test_filters_by_status_vulnerability_place_and_overdue(users_a, roster, locations):
    user = users_a[Role.CASE_MANAGER]
    screening.record_screening(actor=user, case=roster["Sow"], categories=["vot"])
    records.record_follow_up(
        actor=user,
        case=roster["Diallo"],
        happened_on=datetime.date(2026, 2, 1),
        type="phone",
        next_due_on=datetime.date(2026, 3, 1),
    )
    assert [c.person.family_name for c in cases_for(user, CaseFilters(vulnerability="vot"))] == [
        "Sow"
    ]
    assert [c.person.family_name for c in cases_for(user, CaseFilters(status="screening"))] == [
        "Sow"
    ]
    assert [c.person.family_name for c in cases_for(user, CaseFilters(overdue=True))] == ["Diallo"]
    assert cases_for(user, CaseFilters(location=locations["SN-TH"])).count() == 6
    assert cases_for(user, CaseFilters(location=locations["ML-1"])).count() == 0
    by_priority = list(cases_for(user, CaseFilters(sort="priority")))
    assert by_priority[0].person.family_name == "Sow"


def test_the_list_page_runs_a_constant_number_of_queries(
    client, users_a, roster, django_assert_max_num_queries
):
    client.force_login(users_a[Role.CASE_MANAGER])
    # 14: the filters the dashboards' drill-down added (programmes, places) read their choices.
    with django_assert_max_num_queries(14) as listing:
        client.get(reverse("cases:list"))
    with django_assert_max_num_queries(14) as search:
        client.get(reverse("cases:list"), {"q": "Fatou"})
    for _ in range(20):
        open_test_case(users_a[Role.CASE_MANAGER], given_names="Fatou")
    with django_assert_max_num_queries(len(listing.captured_queries)):
        assert client.get(reverse("cases:list")).status_code == 200
    with django_assert_max_num_queries(len(search.captured_queries)):
        page = client.get(reverse("cases:list"), {"q": "Fatou"})
    assert page.context["page"].paginator.count >= 21
    assert Case.objects.count() == 26


def test_a_list_opened_from_a_dashboard_number_says_in_words_what_it_is_narrowed_to(
    client, users_a, users_b, roster, locations
):
    """Browser walk: the drill-down's hidden filters narrowed the list without a word."""
    user = users_a[Role.PROGRAMME_MANAGER]
    ours = Programme.objects.create(organisation=user.organisation, name="Retour digne")
    also = Programme.objects.create(organisation=user.organisation, name="Avenir")
    theirs = Programme.objects.create(organisation=users_b[Role.PROGRAMME_MANAGER].organisation,
                                      name="Programme confidentiel")  # fmt: skip
    client.force_login(user)
    drilled = {
        "status": "registered",
        "opened_from": "2026-07-01",
        "opened_to": "2026-09-30",
        "residence": locations["SN-TH"].pk,
        "programme": [ours.pk, also.pk],
        "flagged": "on",
    }
    body = client.get(reverse("cases:list"), drilled).content.decode()
    said = body.split('class="card narrowed"')[1].split("</section>")[0]
    assert "Cette liste ne montre que les cas" in said
    assert "Ouverts pendant : troisième trimestre 2026" in said
    assert "Résidant à Thiès" in said
    assert "Programmes : Avenir, Retour digne" in said
    assert "Avec au moins une vulnérabilité" in said
    # Another organisation's programme is no choice: nothing listed, nothing named.
    refused = client.get(reverse("cases:list"), {**drilled, "programme": [ours.pk, theirs.pk]})
    assert "Programme confidentiel" not in refused.content.decode()
    assert refused.context["page"].paginator.count == 0
    # The way out keeps what the user chose in the visible form and drops the rest.
    assert f'href="{reverse("cases:list")}?status=registered"' in body
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        body = client.get(reverse("cases:list"), {**drilled, "opened_to": "2026-09-15"}).content
    assert b"Opened between 1 July 2026 and 15 September 2026" in body
    assert b"Living in Thi" in body


def test_a_list_not_narrowed_says_nothing_of_it(client, users_a, roster):
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    body = client.get(reverse("cases:list"), {"status": "registered"}).content.decode()
    assert "ne montre que" not in body
