"""The generic counter of `core.indicators` on a small world: periods, the disaggregation
(sex, age groups at the period's end, admin1/admin2, vulnerability, programme), the scope, and
who counts what (one's own organisation; nobody without `view_indicators`)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.cases.models import Case, Programme
from sutura.core import indicators
from sutura.core.indicators import Period, Scope
from tests.factories import PersonFactory

D = datetime.date
Q3 = Period.parse("2026-Q3")
_numbers = itertools.count(1)


def case(
    org: Any, *, opened: datetime.date, born: datetime.date | None = None, **extra: Any
) -> Case:
    person_fields = {
        k: extra.pop(k) for k in ("sex", "current_location", "nationality") if k in extra
    }
    person = PersonFactory.create(organisation=org, birth_date=born, **person_fields)
    return Case.objects.create(
        person=person,
        organisation=org,
        number=f"T-{next(_numbers):06d}",
        case_type="return_reintegration",
        opened_on=opened,
        **extra,
    )


@pytest.fixture
def world(users_a: Any, users_b: Any, locations: Any) -> dict[str, Any]:
    org_a = users_a[Role.ME_OFFICER].organisation
    org_b = users_b[Role.ME_OFFICER].organisation
    mbour, thies = locations["Mbour"], locations["SN-TH"]
    prog = Programme.objects.create(organisation=org_a, name="Tekki", donor="EU")
    # In Q3 2026, organisation A: ages at 30 September 2026.
    case(
        org_a, opened=D(2026, 7, 1), born=D(2022, 9, 30), sex="female", current_location=mbour
    )  # 4
    case(
        org_a,
        opened=D(2026, 8, 1),
        born=D(2021, 10, 1),
        sex="female",
        current_location=mbour,
        flags=["uasc", "child"],
        programme=prog,
    )  # 4 (turns 5 the day after the end)
    case(
        org_a,
        opened=D(2026, 9, 30),
        born=D(2021, 9, 30),
        sex="male",
        current_location=thies,
        flags=["uasc"],
        programme=prog,
    )  # 5
    case(org_a, opened=D(2026, 9, 1), born=D(1966, 9, 30), sex="male")  # 60
    case(org_a, opened=D(2026, 9, 1), born=None, sex="male", flags=["medical"])  # unknown age
    # Outside the period, and another organisation's.
    case(org_a, opened=D(2026, 6, 30), born=D(1990, 1, 1), sex="female")
    case(org_a, opened=D(2026, 10, 1), born=D(1990, 1, 1), sex="female")
    case(org_b, opened=D(2026, 8, 1), born=D(1990, 1, 1), sex="female")
    return {"a": users_a, "b": users_b, "programme": prog, "mbour": mbour, "thies": thies}


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2026", D(2026, 1, 1), D(2026, 12, 31), "year"),
        ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31), "quarter"),
        ("2026-q4", D(2026, 10, 1), D(2026, 12, 31), "quarter"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("2026-W01", D(2025, 12, 29), D(2026, 1, 4), "week"),
        ("2026-W14", D(2026, 3, 30), D(2026, 4, 5), "week"),
        ("2026-01-15..2026-02-14", D(2026, 1, 15), D(2026, 2, 14), "custom"),
    ],
)
def test_periods_parse(text: str, start: datetime.date, end: datetime.date, kind: str) -> None:
    period = Period.parse(text)
    assert (period.start, period.end, period.kind) == (start, end, kind)
    assert Period.parse(period.code) == period


@pytest.mark.parametrize(
    "text", ["", "2026-Q5", "2026-13", "2026-W60", "26", "2026-03-01..2026-02-01", "last year"]
)
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Period.parse(text)


def test_counts_in_the_period_of_ones_own_organisation(world: dict[str, Any]) -> None:
    officer = world["a"][Role.ME_OFFICER]
    fig = indicators.get("cases.registered").value(officer, Q3)
    assert fig.total == 5
    assert fig.foreign is False
    assert (
        indicators.get("cases.registered").value(world["b"][Role.ME_OFFICER], "2026-08").total == 1
    )
    # No view_indicators, no figures.
    assert indicators.get("cases.registered").value(world["a"][Role.CASE_MANAGER], Q3).total == 0


def test_disaggregation_by_sex_and_age_group_at_the_period_end(world: dict[str, Any]) -> None:
    officer = world["a"][Role.ME_OFFICER]
    fig = indicators.get("cases.registered").value(officer, Q3, by=("sex", "age_group"))
    assert fig.cells == {
        ("female", "0-4"): 2,
        ("male", "5-11"): 1,
        ("male", "60+"): 1,
        ("male", "unknown"): 1,
    }
    assert fig.total == 5
    # A month earlier the boy was 4.
    fig = indicators.get("cases.registered").value(
        officer, "2026-07-01..2026-09-29", by=("age_group",)
    )
    assert fig.cells == {("0-4",): 2, ("59",): 1} or fig.cells == {
        ("0-4",): 2,
        ("18-59",): 1,
        ("unknown",): 1,
    }


def test_age_groups_come_from_the_settings(world: dict[str, Any], settings: Any) -> None:
    settings.SUTURA_INDICATOR_AGE_GROUPS = ((0, 17), (18, None))
    officer = world["a"][Role.ME_OFFICER]
    fig = indicators.get("cases.registered").value(officer, Q3, by=("age_group",))
    assert fig.cells == {("0-17",): 3, ("18+",): 1, ("unknown",): 1}


def test_places_vulnerability_programme_and_scope(world: dict[str, Any]) -> None:
    officer = world["a"][Role.ME_OFFICER]
    registered = indicators.get("cases.registered")
    mbour, thies = str(world["mbour"].pk), str(world["thies"].pk)
    assert registered.value(officer, Q3, by=("admin1",)).cells == {(thies,): 3, ("unknown",): 2}
    assert registered.value(officer, Q3, by=("admin2",)).cells == {(mbour,): 2, ("unknown",): 3}
    fig = registered.value(officer, Q3, by=("vulnerability",))
    assert fig.cells == {("uasc",): 2, ("child",): 1, ("medical",): 1}
    assert fig.total == 5 and fig.additive is False
    prog = str(world["programme"].pk)
    assert registered.value(officer, Q3, by=("programme",)).cells == {(prog,): 2, ("unknown",): 3}
    scope = Scope(programme_ids=(world["programme"].pk,))
    assert registered.value(officer, Q3, scope=scope).total == 2
    assert registered.value(officer, Q3, scope=Scope(admin1_ids=(world["thies"].pk,))).total == 3
    assert registered.value(officer, Q3, scope=Scope(admin2_ids=(world["thies"].pk,))).total == 0
    by_month = registered.value(officer, Q3, by=("month",))
    assert by_month.cells == {("2026-07",): 1, ("2026-08",): 1, ("2026-09",): 3}


def test_unknown_disaggregation_is_refused(world: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        indicators.get("people.registered").value(
            world["a"][Role.ME_OFFICER], Q3, by=("programme",)
        )


def test_people_registered(world: dict[str, Any]) -> None:
    officer = world["a"][Role.ME_OFFICER]
    today = timezone.localdate()
    fig = indicators.get("people.registered").value(officer, Period(today, today), by=("sex",))
    assert fig.cells == {("female",): 4, ("male",): 3}
