"""The demo's caseload with overdue work at AIM-SN: a second case manager holding cases given
to him, overdue and inactive cases, two supervision notes, a case conference."""

from __future__ import annotations

import pytest

from sutura.accounts.models import User
from sutura.meetings.models import Meeting
from sutura.supervision.models import SupervisionNote
from sutura.supervision.selectors import caseload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def test_aim_sn_shows_a_caseload_with_overdue_and_inactive_work() -> None:
    manager = User.objects.get(username="manager")
    rows = {row.manager.username: row for row in caseload(manager)}
    assert {"casemanager", "casemanager2"} <= set(rows)
    for name in ("casemanager", "casemanager2"):
        figures = {figure.code: figure.count for figure in rows[name].others}
        assert rows[name].open > 0 and figures["overdue"] > 0 and figures["inactive"] > 0, name
    notes = SupervisionNote.objects.filter(case__organisation=manager.organisation)
    assert notes.count() == 2 and {note.author for note in notes} == {manager}
    assert Meeting.objects.filter(context_kind="case_conference").count() == 1
