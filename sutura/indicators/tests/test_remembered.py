"""`indicators.remembered()`: within one computation (a report), a figure asked twice — the
same indicator, user, dates, scope and disaggregation — is counted once; anything else that
differs is counted afresh, and nothing is remembered outside."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sutura.accounts.roles import Role
from sutura.cases.models import Case
from sutura.core import indicators
from sutura.core.indicators import Period, Scope
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

Q3 = Period.parse("2026-Q3")


@pytest.fixture
def officer(users_a: Any, locations: Any) -> Any:
    officer = users_a[Role.ME_OFFICER]
    for n in range(3):
        Case.objects.create(
            person=PersonFactory.create(organisation=officer.organisation, sex="female"),
            organisation=officer.organisation,
            number=f"R-{n}",
            case_type="return_reintegration",
            opened_on=datetime.date(2026, 8, 1),
        )
    return officer


def _asked(call: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        found = call()
    return found, len(queries)


def test_a_figure_asked_twice_is_counted_once(officer: Any) -> None:
    indicator = indicators.get("cases.registered")
    with indicators.remembered():
        first, asked = _asked(lambda: indicator.value(officer, Q3, by=("sex",)))
        again, asked_again = _asked(lambda: indicator.value(officer, Q3, by=("sex",)))
    assert asked >= 1 and asked_again == 0
    assert again == first and first.total == 3


def test_the_sets_asked_together_answer_each_alone_later(officer: Any) -> None:
    indicator = indicators.get("cases.registered")
    sets = [(), ("sex", "age_group"), ("admin1",)]
    with indicators.remembered():
        together = indicator.values(officer, Q3, sets=sets)
        alone, asked = _asked(lambda: [indicator.value(officer, Q3, by=by) for by in sets])
        # Only the set not yet asked is counted.
        more, asked_more = _asked(lambda: indicator.values(officer, Q3, sets=[(), ("sex",)]))
    assert asked == 0 and alone == together
    assert asked_more >= 1 and more[0] == together[0]
    assert more[1] == indicator.value(officer, Q3, by=("sex",))


def test_the_same_dates_under_another_kind_of_period_keep_the_period_asked(officer: Any) -> None:
    indicator = indicators.get("cases.registered")
    custom = Period(Q3.start, Q3.end)
    with indicators.remembered():
        indicator.value(officer, Q3)
        found, asked = _asked(lambda: indicator.value(officer, custom))
    assert asked == 0
    assert found.period == custom and found == indicator.value(officer, custom)


def test_another_user_scope_period_or_table_is_counted_afresh(officer: Any, users_b: Any) -> None:
    indicator = indicators.get("cases.registered")
    other = users_b[Role.ME_OFFICER]
    with indicators.remembered():
        indicator.value(officer, Q3)
        for call in (
            lambda: indicator.value(other, Q3),
            lambda: indicator.value(officer, Q3, scope=Scope(programme_ids=(uuid.uuid4(),))),
            lambda: indicator.value(officer, Period.parse("2026-Q2")),
            lambda: indicator.value(officer, Q3, by=("sex",)),
        ):
            _found, asked = _asked(call)
            assert asked >= 1
        assert indicators.get("cases.active").value(officer, Q3).total == 3
    assert indicator.value(other, Q3).total == 0


def test_nothing_is_remembered_outside(officer: Any) -> None:
    indicator = indicators.get("cases.registered")
    with indicators.remembered():
        indicator.value(officer, Q3)
    _found, asked = _asked(lambda: indicator.value(officer, Q3))
    assert asked >= 1


def test_a_scope_given_as_lists_is_remembered_too(officer: Any) -> None:
    indicator = indicators.get("cases.registered")
    programme = uuid.uuid4()
    with indicators.remembered():
        first = indicator.value(officer, Q3, scope=Scope(programme_ids=[programme]))  # type: ignore[arg-type]
        again, asked = _asked(
            lambda: indicator.value(officer, Q3, scope=Scope(programme_ids=(programme,)))
        )
    assert asked == 0 and again == first
