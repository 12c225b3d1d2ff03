"""The grouping-sets query counted per person first (`core.indicators._by_person`): when every
asked dimension is a fact of the person (sex, age group, nationality, place), the rows are
grouped by person before the sets, and the figures are exactly those each set gives alone —
people with two cases counted once, unknown sexes and ages, places at every depth, another
organisation's rows. A set with another dimension keeps the one-level query."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sutura.accounts.roles import Role
from sutura.cases.models import Case, Programme
from sutura.core import indicators
from sutura.core.indicators import Period, Scope
from sutura.geo.models import Location
from tests.factories import PersonFactory
from tests.worlds import World

pytestmark = pytest.mark.django_db

D = datetime.date
Q3 = Period.parse("2026-Q3")
WIDE = Period.parse("2000-01-01..2099-12-31")
PERSON_SETS = [(), ("sex", "age_group"), ("admin1",), ("nationality",), ("admin2", "sex")]
_numbers = itertools.count(1)


def _case(org: Any, person: Any, opened: datetime.date, **extra: Any) -> Case:
    return Case.objects.create(
        person=person,
        organisation=org,
        number=f"P-{next(_numbers):06d}",
        case_type="return_reintegration",
        opened_on=opened,
        **extra,
    )


@pytest.fixture
def people(users_a: Any, users_b: Any, locations: Any) -> dict[str, Any]:
    org_a = users_a[Role.ME_OFFICER].organisation
    org_b = users_b[Role.ME_OFFICER].organisation
    programme = Programme.objects.create(organisation=org_a, name="Tekki", donor="EU")
    village = Location.objects.create(
        parent=locations["Mbour"], level=3, country_code="SN", name_fr="Saly", name_en="Saly"
    )
    places = [village, locations["Mbour"], locations["SN-TH"], locations["SN"], None]
    for n, place in enumerate(places * 3):
        person = PersonFactory.create(
            organisation=org_a,
            sex=["female", "male", ""][n % 3],
            birth_date=[D(1990, 5, 1), D(2015, 9, 30), None, D(1960, 1, 1)][n % 4],
            current_location=place,
            nationality=["SN", "ML", ""][n % 3],
        )
        # One person, several cases (of different statuses): counted once among the people
        # of each cell.
        for k in range(1 + n % 3):
            _case(
                org_a,
                person,
                D(2026, 7 + k, 1),
                programme=programme if n % 2 else None,
                flags=["medical"] if k else [],
                status=["registered", "closed", "plan"][k],
                closed_on=D(2026, 9, 1) if k == 1 else None,
            )
        if n % 4 == 0:  # the same person's case at another organisation
            _case(org_b, person, D(2026, 8, 15))
    return {"a": users_a, "b": users_b, "programme": programme}


def _both_ways(
    code: str, user: Any, period: Period, sets: list[tuple[str, ...]], scope: Scope | None = None
) -> tuple[list[Any], list[Any], list[str]]:
    indicator = indicators.get(code)
    with CaptureQueriesContext(connection) as queries:
        together = indicator.values(user, period, scope=scope, sets=sets)
    alone = [indicator.value(user, period, scope=scope, by=by) for by in sets]
    return together, alone, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("code", ["cases.registered", "cases.active", "cases.vulnerable"])
def test_counted_per_person_gives_what_each_set_gives_alone(
    people: dict[str, Any], code: str
) -> None:
    officer = people["a"][Role.ME_OFFICER]
    for scope in (None, Scope(programme_ids=(people["programme"].pk,))):
        together, alone, sql = _both_ways(code, officer, Q3, PERSON_SETS, scope)
        assert together == alone
        assert len(sql) == 1 and '"_per_person"' in sql[0]
        # The cells in the same order too: the small-number rule's secondary suppression
        # walks them in order, so the tables shown are the same. (Not the last set: asked
        # alone as ("admin2", "sex") it is sorted by admin2 first, by the one-level query too.)
        assert [list(f.cells) for f in together[:4]] == [list(f.cells) for f in alone[:4]]
        assert [f.display(suppress=True) for f in together] == [
            f.display(suppress=True) for f in alone
        ]
    whole = together[0]
    assert whole.base > 0 and whole.people_total is not None
    assert whole.people_total < whole.base  # people with two cases are one person


def test_people_with_cases_in_two_organisations_count_once_each(
    people: dict[str, Any],
) -> None:
    """Whoever asks (each organisation's officer, manager, case manager): the people and the
    foreign flag are those of each set alone."""
    for users in (people["a"], people["b"]):
        for role in (Role.ME_OFFICER, Role.PROGRAMME_MANAGER, Role.CASE_MANAGER):
            together, alone, _sql = _both_ways("cases.active", users[role], WIDE, PERSON_SETS)
            assert together == alone, (users[role].username, role)


def test_a_set_with_a_fact_of_the_case_keeps_the_one_level_query(people: dict[str, Any]) -> None:
    officer = people["a"][Role.ME_OFFICER]
    sets = [(), ("sex",), ("status",)]
    together, alone, sql = _both_ways("cases.active", officer, Q3, sets)
    assert together == alone
    assert len(sql) == 1 and '"_per_person"' not in sql[0]


def test_nothing_counted_per_person_gives_zeros(people: dict[str, Any]) -> None:
    officer = people["a"][Role.ME_OFFICER]
    together, alone, _sql = _both_ways("cases.active", officer, Period.parse("1901"), PERSON_SETS)
    assert together == alone
    assert together[0].total == 0 and together[0].people_total == 0 and together[1].cells == {}


def test_every_indicator_on_the_access_world(world: World) -> None:
    """Each indicator's sets of the person's facts it declares, for each role whose figure may
    differ (referrals: the other organisation's rows, the mechanism's coordinators)."""
    for indicator in indicators.all_indicators():
        sets = [(), *[by for by in PERSON_SETS[1:] if set(by) <= set(indicator.dimensions)]]
        if len(sets) < 2:
            continue
        for role in (Role.ME_OFFICER, Role.PROGRAMME_MANAGER, Role.NRM_COORDINATOR):
            for user in (world.a.users[role], world.b.users[role]):
                together = indicator.values(user, WIDE, sets=sets)
                alone = [indicator.value(user, WIDE, by=by) for by in sets]
                assert together == alone, (indicator.code, user.username)
                same_order = [i for i, by in enumerate(sets) if by != ("admin2", "sex")]
                shown = [together[i].display(suppress=True) for i in same_order]
                assert shown == [alone[i].display(suppress=True) for i in same_order]
