"""The dashboards page as each role meets it: which dashboards, the filters and their errors,
the charts (valid SVG with their numbers), the drill-down links (only for those who may open
the list, never on "<5"), the page's weight. Records of the access world moved into 2031, a
year nothing else happens in; rolled back after each test."""

from __future__ import annotations

import datetime
import gzip
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.cases.models import Case, Programme
from sutura.dashboards.sets import sets_for
from sutura.programmes.models import Donor
from sutura.referrals.models import Referral
from tests.worlds import World

pytestmark = pytest.mark.django_db

Q1 = {"period": "2031-Q1"}
IN_Q1 = datetime.date(2031, 2, 10)
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


@pytest.fixture(autouse=True)
def _counted_in_the_request(settings: Any) -> None:
    # These tests change records between pages: no snapshot (test_snapshots.py tests them).
    settings.SUTURA_DASHBOARD_REFRESH_SECONDS = 0


def _get(user: Any, **params: str) -> Any:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(reverse("dashboards:dashboard"), params)


def _text(response: Any) -> str:
    return str(response.content.decode())


def _cases_in_q1(world: World) -> None:
    Case.objects.filter(pk__in=[world.a.case.pk, world.a.other_case.pk]).update(
        opened_on=IN_Q1, closed_on=None
    )


def test_each_role_has_the_dashboards_of_what_it_counts(world: World) -> None:
    codes = {role: [s.code for s in sets_for(user)] for role, user in world.a.users.items()}
    assert codes[Role.ME_OFFICER] == ["me", "nrm"]
    # Their own trade's first: the page opens on it.
    assert codes[Role.PROGRAMME_MANAGER] == ["programme", "me", "nrm"]
    assert codes[Role.NRM_COORDINATOR] == ["nrm"]
    assert codes[Role.PROTECTION_OFFICER] == ["community", "me"]
    for role in (Role.CASE_MANAGER, Role.COMMUNITY_MENTOR, Role.SYSTEM_ADMIN, Role.PROVIDER_AGENT):
        assert codes[role] == [], role


def test_those_without_a_dashboard_are_refused(world: World) -> None:
    assert _get(world.a.users[Role.CASE_MANAGER]).status_code == 403
    assert _get(world.a.users[Role.COMMUNITY_MENTOR]).status_code == 403


def test_every_chart_is_valid_svg_with_a_title_and_its_numbers(world: World) -> None:
    _cases_in_q1(world)
    response = _get(world.a.users[Role.PROGRAMME_MANAGER], set="programme", **Q1)
    assert response.status_code == 200
    charts = SVG.findall(_text(response))
    assert len(charts) >= 3
    for chart in charts:
        root = ET.fromstring(chart)  # noqa: S314 - our own page
        assert root.get("role") == "img"
        assert root.find("{http://www.w3.org/2000/svg}title") is not None
        assert root.get("aria-label")
    trend = next(c for c in charts if "chart-trend" in c)
    # Q1: weeks; the two cases' week shows 2 in the label read aloud
    assert "2" in ET.fromstring(trend).get("aria-label", "")  # noqa: S314


def test_the_page_weighs_less_than_100_kb_compressed(world: World) -> None:
    _cases_in_q1(world)
    for role in (Role.PROGRAMME_MANAGER, Role.ME_OFFICER, Role.NRM_COORDINATOR):
        for found in sets_for(world.a.users[role]):
            response = _get(world.a.users[role], set=found.code, period="2031")
            assert response.status_code == 200
            assert len(gzip.compress(response.content)) < 100_000, (role, found.code)


def test_a_programme_manager_drills_from_a_count_to_the_cases_behind_it(world: World) -> None:
    _cases_in_q1(world)
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    page = _text(_get(manager, set="programme", **Q1))
    links = re.findall(r'href="(/cases/\?[^"]*opened_from=2031-01-01[^"]*)"', page)
    assert links
    client = Client()
    client.force_login(manager)
    listed = client.get(links[0].replace("&amp;", "&"))
    assert listed.status_code == 200
    body = listed.content.decode()
    assert world.a.case.number in body and world.a.other_case.number in body
    assert world.b.case.number not in body


def test_the_case_list_narrowed_by_the_drill_down_filters(world: World) -> None:
    _cases_in_q1(world)
    Case.objects.filter(pk=world.a.other_case.pk).update(opened_on=datetime.date(2030, 5, 1))
    client = Client()
    client.force_login(world.a.users[Role.PROGRAMME_MANAGER])
    body = client.get(
        reverse("cases:list"), {"opened_from": "2031-01-01", "opened_to": "2031-03-31"}
    ).content.decode()
    assert world.a.case.number in body and world.a.other_case.number not in body


def test_an_me_officer_drills_to_the_list_without_names_only(world: World) -> None:
    _cases_in_q1(world)
    page = _text(_get(world.a.users[Role.ME_OFFICER], set="me", **Q1))
    assert "Cases registered" in page
    assert 'href="/cases/counted/?' in page  # test_drill_counted.py follows them
    assert 'href="/cases/?' not in page  # never the case list, which they may not open


def test_small_counts_of_the_mechanism_read_less_than_5_and_are_not_links(world: World) -> None:
    # A referral inside A, counted by B's coordinator (the whole mechanism): someone else's
    when = datetime.datetime(2031, 2, 10, 9, tzinfo=datetime.UTC)
    Referral.objects.filter(pk=world.internal_a.pk).update(sent_at=when)
    page = _text(_get(world.b.users[Role.NRM_COORDINATOR], set="nrm", **Q1))
    assert "&lt;5" in page
    assert not re.search(r"<a [^>]*>\s*<span class=\"suppressed\"", page)


def test_bad_filters_say_so_and_the_page_still_answers(world: World) -> None:
    user = world.a.users[Role.ME_OFFICER]
    other = Programme.objects.create(organisation=world.b.organisation, name="Their programme")
    cases = [
        ({"period": "2031-Q7"}, "The period is not understood"),
        ({"start": "2031-03-01", "end": "2031-01-01"}, "The period is not understood"),
        ({"start": "1900-01-01", "end": "2100-12-30"}, "A period of at most 10 years"),
        ({"admin1": "not-an-id"}, "That region is not known"),
        ({"programme": str(other.pk)}, "That programme is not one you follow"),
        ({"organisation": str(world.b.organisation.pk)}, "cannot be filtered by that organisation"),
    ]
    for params, message in cases:
        response = _get(user, **params)
        assert response.status_code == 200, params
        assert message in _text(response), params


def test_a_dashboard_that_is_not_ones_own_is_not_found(world: World) -> None:
    officer = world.a.users[Role.ME_OFFICER]  # "me" and "nrm", not "programme"
    assert _get(officer, set="programme").status_code == 404
    assert _get(officer, set="no-such-dashboard").status_code == 404
    assert _get(officer, set="nrm").status_code == 200
    assert _get(officer, set="").status_code == 200  # the first of one's own


def test_the_filters_line_names_the_period_and_the_places_in_the_readers_language(
    world: World,
) -> None:
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    programme = Programme.objects.filter(organisation=world.a.organisation).first()
    assert programme is not None
    params = {"set": "programme", "period": "2026-Q3", "programme": str(programme.pk)}
    english = _text(_get(manager, **params))
    assert f"Filters: Q3 2026 · {programme.name}</summary>" in english
    client = Client()
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = client.get(reverse("dashboards:dashboard"), params).content.decode()
    assert f"Filtres\u00a0: 3e trimestre 2026 · {programme.name}</summary>" in french
    assert "2026-Q3</summary>" not in french
    months = _text(_get(manager, period="2026-05"))
    assert "Filters: May 2026</summary>" in months


def test_a_custom_period_and_the_filters_stay_in_the_form(world: World) -> None:
    page = _text(_get(world.a.users[Role.ME_OFFICER], start="2031-01-01", end="2031-02-15"))
    assert 'value="2031-01-01"' in page and 'value="2031-02-15"' in page


def test_a_donor_funding_nothing_one_follows_counts_nothing(world: World) -> None:
    _cases_in_q1(world)
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    Donor.objects.create(organisation=world.a.organisation, name="Nobody's donor")
    donor = Donor.objects.get(name="Nobody's donor")
    page = _text(_get(manager, set="programme", donor=str(donor.pk), **Q1))
    # not one of the donors of the programmes the manager follows: refused, not ignored quietly
    assert "That donor funds no programme you follow" in page


def test_the_home_page_and_menu_show_the_dashboards_to_those_who_have_one(world: World) -> None:
    client = Client()
    client.force_login(world.a.users[Role.ME_OFFICER])
    assert reverse("dashboards:dashboard") in client.get(reverse("core:home")).content.decode()
    client.force_login(world.a.users[Role.CASE_MANAGER])
    assert reverse("dashboards:dashboard") not in client.get(reverse("core:home")).content.decode()
