"""Each list, for every user of the access world (two organisations, every role, an outside
agent, an account without an organisation): a user who may export a list gets exactly the
rows its app's selector gives them, and nothing of a file they do not work on."""

from __future__ import annotations

from typing import Any

import pytest

from sutura.access import visible
from sutura.access.cases import works_on
from sutura.access.exports import owns, refusal
from sutura.access.tests.conftest import world  # noqa: F401 - the module's world fixture
from sutura.cases.models import Case
from sutura.exports import registry
from sutura.exports.models import Export
from sutura.mentoring.selectors.activities import ActivityFilters, activities_for
from sutura.referrals.selectors import referrals_for

pytestmark = pytest.mark.django_db


def _exported(user: Any, code: str) -> list[dict[str, Any]] | None:
    export_list = registry.get(code)
    assert export_list is not None
    if refusal(user, export_list):
        return None
    return list(export_list.rows(user, {}))


def test_every_user_exports_exactly_the_rows_they_may_read(world: Any) -> None:  # noqa: F811
    checked = 0
    for user in world.users():
        cases = _exported(user, "cases")
        if cases is not None:
            team = {case.number for case in visible(user, Case) if works_on(user, case)}
            assert {row["case.number"] for row in cases} == team, user.username
            checked += 1
        referrals = _exported(user, "referrals")
        if referrals is not None:
            assert sorted(row["number"] for row in referrals) == sorted(
                referral.number for referral in referrals_for(user)
            ), user.username
        activities = _exported(user, "mentoring_activities")
        if activities is not None:
            assert len(activities) == activities_for(user, ActivityFilters(period="all")).count()
        attendance = _exported(user, "attendance")
        if attendance is not None:
            assert all(set(row) >= {"meeting", "name"} for row in attendance)
    assert checked >= 4  # programme and case managers of both sides, their colleagues


def test_no_list_with_names_for_me_officers(world: Any) -> None:  # noqa: F811
    for side in world.sides:
        for user in side.users.values():
            if "me_officer" in user.roles:
                for code in ("cases", "attendance", "mentoring_activities"):
                    assert _exported(user, code) is None


def test_owning_an_export_and_the_export_scope_agree(world: Any) -> None:  # noqa: F811
    exports = list(world.parts["exports"].values())
    for user in world.users():
        for export in exports:
            seen = visible(user, Export).filter(pk=export.pk).exists()
            assert owns(user, export) == seen, (user.username, export.pk)
    assert sum(owns(user, export) for user in world.users() for export in exports) == 2
