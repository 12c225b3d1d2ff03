"""An M&E officer drills from a dashboard's number to the cases behind it, without names or
numbers (`cases:counted`): their organisation's cases, what each figure is broken down by (sex,
age group, region, status, programme), never who. Records of the access world moved into 2031, a
year nothing else happens in; rolled back after each test."""

from __future__ import annotations

import calendar
import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import Case, Programme
from sutura.core.indicators import age_group_expression, age_groups, in_age_group
from sutura.dashboards.tests.pages import client_for
from sutura.geo.models import Location
from sutura.people.models import Person
from tests.audit_words import said
from tests.worlds import World

pytestmark = pytest.mark.django_db

Q1 = {"set": "me", "period": "2031-Q1"}


@pytest.fixture(autouse=True)
def _counted_in_the_request(settings: Any) -> None:
    settings.SUTURA_DASHBOARD_REFRESH_SECONDS = 0


@pytest.fixture
def in_q1(world: World) -> World:
    Case.objects.filter(pk__in=[world.a.case.pk, world.a.other_case.pk]).update(
        opened_on=datetime.date(2031, 2, 10), closed_on=None
    )
    return world


def _links(page: str) -> list[str]:
    found = re.findall(r'href="(/cases/counted/\?[^"]*)"', page)
    return [link.replace("&amp;", "&") for link in found]


def _main(page: str) -> str:
    """The page's content, without the header (which names the user signed in)."""
    return page[page.index("<main") : page.index("</main>")]


def _rows(page: str) -> str:
    return page[page.index("<tbody>") : page.index("</tbody>")]


def _body(user: Any, url: str, **params: str) -> str:
    response = client_for(user).get(url, params)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_officer_drills_from_a_count_to_the_cases_without_their_names(in_q1: World) -> None:
    world = in_q1
    officer = world.a.users[Role.ME_OFFICER]
    page = _body(officer, reverse("dashboards:dashboard"), **Q1)
    links = _links(page)
    assert links, "the M&E dashboard's counts link to the list without names"
    assert 'href="/cases/?' not in page  # never to the case list, which they may not open
    total = next(link for link in links if "opened_from=2031-01-01" in link and "sex" not in link)
    body = _main(_body(officer, total))
    assert "2 cases" in body  # A's two: B's is never listed
    for case in (world.a.case, world.a.other_case, world.b.case):
        assert case.number not in body  # a number identifies a file
    for person in (world.a.case.person, world.a.other_case.person):
        assert person.family_name not in body and person.given_names not in body
    assert "1996" not in body  # no birth date
    rows = _rows(body)
    assert "Female" in rows and "Male" in rows and "18-59" in rows  # what the figure counts


def test_a_cell_by_age_group_or_sex_lists_its_own_cases_only(in_q1: World) -> None:
    world = in_q1
    officer = world.a.users[Role.ME_OFFICER]
    Person.objects.filter(pk=world.a.other_case.person_id).update(
        birth_date=datetime.date(2020, 1, 1), sex="male"
    )
    page = _body(officer, reverse("dashboards:dashboard"), **Q1)
    adults = next(link for link in _links(page) if "age_group=18-59" in link)
    children = next(link for link in _links(page) if "age_group=5-11" in link)
    adult_rows = _body(officer, adults)
    assert "1 case" in adult_rows and "Female" in _rows(adult_rows)
    assert "Aged 18–59 years on" in adult_rows  # the list says what it is narrowed to
    assert '<details class="card">' in adult_rows  # its rows first, the form folded
    chosen = _body(officer, reverse("cases:counted"), status="registered")
    assert '<details class="card" open>' in chosen
    child_rows = _body(officer, children)
    assert "1 case" in child_rows and "Male" in _rows(child_rows)
    women_link = next(link for link in _links(page) if "sex=female" in link)
    women = _body(officer, women_link)
    assert "1 case" in women and "Male" not in _rows(women)


def test_ages_are_told_at_a_quarters_end_never_a_day_of_ones_choosing(in_q1: World) -> None:
    """A day of one's choosing would find a birth date: the day a row moves up an age group."""
    officer = in_q1.a.users[Role.ME_OFFICER]
    url = reverse("cases:counted")
    body = _body(officer, url, opened_from="2031-01-01", opened_to="2031-02-17")
    assert "ages on 31/03/2031" not in body  # the period is past the current quarter
    today = timezone.localdate()
    end = today.month + (-today.month) % 3
    quarter_end = datetime.date(today.year, end, calendar.monthrange(today.year, end)[1])
    assert f"ages on {quarter_end:%d/%m/%Y}" in body
    past = _body(officer, url, opened_from="2020-01-01", opened_to="2020-05-17")
    assert "ages on 30/06/2020" in past


def test_the_list_narrows_to_a_region_or_district_never_a_village(in_q1: World) -> None:
    officer = in_q1.a.users[Role.ME_OFFICER]
    url = reverse("cases:counted")
    district = Location.objects.filter(level=2).first()
    assert district is not None
    village = Location.objects.create(
        parent=district, level=3, country_code=district.country_code, name_fr="Kër", name_en="Kër"
    )
    body = _body(officer, url, residence=str(village.pk))
    assert "it shows nothing rather than more than asked" in body
    assert "it shows nothing" not in _body(officer, url, residence=str(district.pk))


def test_who_drills_where(in_q1: World) -> None:
    """A case manager restricted to their own cases who also counts the organisation's lands on
    the list without names (the case list would show fewer than the figure); an indicator
    holder of no organisation counts nobody's cases and gets no link."""
    world = in_q1
    both = world.a.users[Role.CASE_MANAGER]
    both.roles = [Role.CASE_MANAGER, Role.ME_OFFICER]
    both.save()
    assert not world.a.organisation.case_managers_see_all_cases  # A restricts its managers
    page = _body(both, reverse("dashboards:dashboard"), **Q1)
    assert _links(page) and 'href="/cases/?' not in page
    alone = world.a.users[Role.ME_OFFICER]
    alone.organisation = None
    alone.save()
    assert not _links(_body(alone, reverse("dashboards:dashboard"), **Q1))


def test_a_programme_one_may_not_see_reads_as_one_that_does_not_exist(in_q1: World) -> None:
    """A link naming another organisation's programme lists nothing, exactly as one naming
    no programme at all: nobody learns that a programme exists."""
    world = in_q1
    officer = world.a.users[Role.ME_OFFICER]
    theirs = Programme.objects.create(organisation=world.b.organisation, name="Their programme")
    url = reverse("cases:counted")
    answers = []
    for programme in (str(theirs.pk), "00000000-0000-4000-8000-000000000000"):
        body = _body(officer, url, programme=programme, opened_from="2031-01-01")
        answers.append(_main(body).replace(programme, "<id>"))
        assert "0 cases" in body
        assert "it shows nothing rather than more than asked" in body
    assert answers[0] == answers[1]


def test_the_read_is_in_the_audit_log_and_others_are_refused(in_q1: World) -> None:
    world = in_q1
    officer = world.a.users[Role.ME_OFFICER]
    _body(officer, reverse("cases:counted"))
    entry = AuditEntry.objects.filter(actor=officer, action=Action.READ).latest("at")
    assert said(entry) == "cases without names list, page 1"
    _body(officer, reverse("cases:counted"), sex="female", opened_to="2031-03-31", q="Ndiaye")
    entry = AuditEntry.objects.filter(actor=officer, action=Action.READ).latest("at")
    # What narrowed the list is kept (a run of probes shows as such); nothing typed is.
    assert entry.changes == {"filters": {"sex": ["female"], "opened_to": ["2031-03-31"]}}
    for role in (Role.CASE_MANAGER, Role.COMMUNITY_MENTOR, Role.PROVIDER_AGENT):
        response = client_for(world.a.users[role]).get(reverse("cases:counted"))
        assert response.status_code == 403, role


def test_a_programme_manager_still_drills_to_the_case_list_by_sex(in_q1: World) -> None:
    world = in_q1
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    url = reverse("cases:list")
    body = _body(manager, url, opened_from="2031-01-01", opened_to="2031-03-31", sex="female")
    assert world.a.case.number in body and world.a.other_case.number not in body
    assert "Sex: Female" in body


@pytest.mark.parametrize("days", [-1, 0, 1])
def test_an_age_group_filter_agrees_with_the_count_on_birthdays(world: World, days: int) -> None:
    """`in_age_group` (the lists) and `age_group_expression` (the figures) put a person born
    on, the day before or the day after each band's edge in the same band."""
    on = datetime.date(2025, 3, 31)  # a band's first day after it: still no birth in the future
    person = Person.objects.get(pk=world.a.person.pk)
    for _code, low, _high in age_groups():
        edge = on.replace(year=on.year - low) + datetime.timedelta(days=days)
        Person.objects.filter(pk=person.pk).update(birth_date=edge)
        counted = (
            Person.objects.filter(pk=person.pk)
            .annotate(group=age_group_expression("birth_date", on))
            .values_list("group", flat=True)
            .get()
        )
        listed = [
            index
            for index, (code, _l, _h) in enumerate(age_groups())
            if Person.objects.filter(in_age_group("birth_date", code, on), pk=person.pk).exists()
        ]
        assert listed == ([counted] if counted >= 0 else []), (low, days)
