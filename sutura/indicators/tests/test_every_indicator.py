"""Every registered indicator, on the access world: it computes for each role, alone and by
each disaggregation it declares (one query each, whatever the size), its cells add up to its
total where they partition it, and those without `view_indicators` count nothing of people."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sutura.accounts.roles import Role
from sutura.core import indicators
from sutura.core.indicators import Period
from tests.worlds import World

pytestmark = pytest.mark.django_db

WIDE = Period.parse("2000-01-01..2099-12-31")
CODES = [indicator.code for indicator in indicators.all_indicators()]


def test_the_standard_indicators_are_registered() -> None:
    assert {
        "people.registered",
        "cases.registered",
        "cases.active",
        "cases.vulnerable",
        "cases.plans_approved",
        "cases.assistance_committed",
        "cases.assistance_disbursed",
        "referrals.made",
        "referrals.accepted",
        "referrals.declined",
        "referrals.completed",
        "referrals.overdue",
        "referrals.days_to_acknowledgement",
        "referrals.days_to_acceptance",
        "referrals.feedback_rate",
        "mentoring.sessions",
        "mentoring.people_supported",
        "meetings.participants",
        "meetings.training_participants",
        "community.action_plans_validated",
        "feedback.received",
        # kept from before the registry's rewrite
        "returns.departed",
        "returns.arrivals",
        "returns.days_to_case",
        "trafficking.victims_identified",
        "children.bia_completed",
        "children.bid_decided",
        "tracing.families_traced",
        "tracing.children_reunified",
        "tracing.visits_done",
    } <= set(CODES)
    for indicator in indicators.all_indicators():
        assert str(indicator.name) and str(indicator.definition)
        assert set(indicator.split_by) <= set(indicator.dimensions)


@pytest.mark.parametrize("code", CODES)
def test_each_indicator_computes_by_each_of_its_disaggregations(world: World, code: str) -> None:
    indicator = indicators.get(code)
    officer = world.a.users[Role.ME_OFFICER]
    whole = indicator.value(officer, WIDE)
    with CaptureQueriesContext(connection) as asked:
        parts = len(indicator.rows(officer, WIDE))  # the access rule may ask a question or two
    for name in indicator.dimensions:
        with CaptureQueriesContext(connection) as queries:
            figure = indicator.value(officer, WIDE, by=(name,))
        assert len(queries) <= len(asked) + 2 * parts, [q["sql"] for q in queries]
        assert all(len(key) == len(figure.by) for key in figure.cells)
        if indicator.unit == "count" and figure.additive and figure.by == (name,):
            distinct = any(rows.distinct for rows in indicator.rows(officer, WIDE))
            if not distinct or name not in ("month", "week", "quarter", "year"):
                assert sum(int(v or 0) for v in figure.cells.values()) == figure.total
            assert figure.total == whole.total
        figure.display()
        figure.display(suppress=True)


@pytest.mark.parametrize("code", CODES)
def test_nothing_of_people_without_view_indicators(world: World, code: str) -> None:
    """A case manager or a provider's agent counts none of the organisation's people (the
    mentor's own activities and the meetings one sees are theirs to count)."""
    if code.split(".")[0] in ("meetings", "community", "mentoring"):
        return
    for role in (Role.CASE_MANAGER, Role.PROVIDER_AGENT, Role.COMMUNITY_MENTOR):
        figure = indicators.get(code).value(world.a.users[role], WIDE)
        assert figure.base == 0, role


def test_the_world_counts_what_it_holds(world: World) -> None:
    officer = world.a.users[Role.ME_OFFICER]

    def total(code: str, **kwargs: Any) -> Any:
        return indicators.get(code).value(officer, WIDE, **kwargs).total

    assert total("cases.registered") >= 2
    assert total("people.registered") >= 3
    made = indicators.get("referrals.made").value(officer, WIDE, by=("provider",))
    assert made.total and made.total >= 5
    assert str(world.b.organisation.pk) in {key[0] for key in made.cells}
    assert total("referrals.declined") >= 1 and total("referrals.completed") >= 1
    disbursed = indicators.get("cases.assistance_disbursed").value(officer, WIDE)
    assert disbursed.by == ("currency",)
    assert disbursed.cells == {(world.a.item.currency,): world.a.delivery.amount}
    assert disbursed.total == world.a.delivery.amount


@pytest.mark.parametrize("code", CODES)
def test_several_disaggregations_at_once_give_what_each_gives_alone(
    world: World, code: str
) -> None:
    """`values` (one GROUPING SETS query) against `value` asked once per set, for every role
    whose figure may differ: totals, cells, bases, people and the foreign flag alike."""
    indicator = indicators.get(code)
    wanted = [("sex", "age_group"), ("admin1",), ("organisation",), ("month",)]
    sets = [(), *[by for by in wanted if set(by) <= set(indicator.dimensions)]]
    for role in (Role.ME_OFFICER, Role.CASE_MANAGER, Role.NRM_COORDINATOR):
        for user in (world.a.users[role], world.b.users[role]):
            together = indicator.values(user, WIDE, sets=sets)
            alone = [indicator.value(user, WIDE, by=by) for by in sets]
            assert together == alone, (user.username, sets)
            if len(sets) > 1 and not any(name in indicators.MULTIPLE for by in sets for name in by):
                with CaptureQueriesContext(connection) as queries:
                    indicator.values(user, WIDE, sets=sets)
                with CaptureQueriesContext(connection) as asked:
                    parts = len(indicator.rows(user, WIDE))
                assert len(queries) <= len(asked) + parts


def test_several_disaggregations_of_nothing_give_zeros(world: World) -> None:
    indicator = indicators.get("cases.registered")
    empty = Period.parse("1901")
    officer = world.a.users[Role.ME_OFFICER]
    together = indicator.values(officer, empty, sets=[(), ("sex",), ("admin1",)])
    assert together == [
        indicator.value(officer, empty, by=by) for by in [(), ("sex",), ("admin1",)]
    ]
    assert together[0].total == 0 and together[1].cells == {}


def test_a_set_asked_twice_in_another_order_counts_each_row_once(world: World) -> None:
    indicator = indicators.get("cases.registered")
    officer = world.a.users[Role.ME_OFFICER]
    sets = [("sex", "age_group"), ("age_group", "sex"), ()]
    together = indicator.values(officer, WIDE, sets=sets)
    assert together == [indicator.value(officer, WIDE, by=by) for by in sets]
    assert sum(int(v or 0) for v in together[0].cells.values()) == together[2].total
