"""Periodic reports: the figures of a month for a partner or an area, cut by programme, built
once and shown the same on the page, in the PDF and in the XLSX (French or English); and the
standing of progress rows and visit answers agrees with the filters in the access world."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sutura.access import visible
from sutura.access.community import sees_visit, workplan_standing
from sutura.accounts.roles import Role
from sutura.cases.models import Programme
from sutura.community.models import (
    ActivityProgress,
    ChecklistAnswer,
    ProgressParticipantCount,
)
from sutura.community.selectors.periodic import ReportRequest, report_figures, report_period
from sutura.community.services import communities, visits, workplans
from tests.world_fixture import SharedWorlds
from tests.worlds import World, build_world

MARCH = datetime.date(2026, 3, 15)


def test_the_periods_are_the_week_month_and_quarter_holding_the_day() -> None:
    assert report_period("weekly", MARCH) == (datetime.date(2026, 3, 9), datetime.date(2026, 3, 15))
    assert report_period("monthly", MARCH) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 3, 31),
    )
    assert report_period("quarterly", MARCH) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )


@pytest.fixture
def setting(users_a: dict[Role, Any], users_b: dict[Role, Any], locations: Any) -> dict[str, Any]:
    officer = users_a[Role.PROTECTION_OFFICER]
    echo = Programme.objects.create(organisation=officer.organisation, name="ECHO", donor="ECHO")
    mopti = communities.create_community(
        actor=officer, name="Mopti", location=locations["ML-1"], programmes=[echo]
    )
    other = communities.create_community(actor=officer, name="Dakar", location=locations["SN"])
    partner = users_b[Role.PROTECTION_OFFICER].organisation
    plan = workplans.create_workplan(
        actor=officer,
        partner=partner,
        title="AJPM 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        programmes=[echo],
    )
    activity = workplans.add_activity(
        actor=officer, workplan=plan, community=mopti, description="Dialogues", target=12,
        unit="séances",
    )  # fmt: skip
    workplans.report_progress(
        actor=users_b[Role.PROTECTION_OFFICER],
        activity=activity,
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 31),
        achieved=3,
        participants={("female", "25_59"): 21, ("male", "25_59"): 26},
    )
    visit = visits.record_visit(
        actor=officer, visited_on=MARCH, community=mopti, workplan=plan, findings="Bien"
    )
    visits.add_recommendation(actor=officer, visit=visit, text="Supports visuels")
    return {"officer": officer, "echo": echo, "mopti": mopti, "other": other, "partner": partner}


@pytest.mark.django_db
def test_a_partners_monthly_report_holds_its_workplan_visit_and_communities(
    setting: dict[str, Any],
) -> None:
    officer = setting["officer"]
    figures = report_figures(officer, ReportRequest("monthly", MARCH, partner=setting["partner"]))
    assert [c.name for c in figures.communities] == ["Mopti"]
    (workplan,) = figures.workplans
    (line,) = workplan.activities
    assert (line.in_period, line.to_date, line.percent) == (3, 3, 25)
    assert workplan.people.total == 47
    (visit,) = figures.visits
    assert visit.findings == "Bien" and visit.recommendations[0].text == "Supports visuels"
    assert len(figures.trends) == 1 and figures.trends[0].total == 0  # no case: none hidden
    # April holds no progress and no visit.
    april = report_figures(officer, ReportRequest("monthly", datetime.date(2026, 4, 2)))
    assert april.visits == [] and april.workplans[0].activities[0].in_period == 0


@pytest.mark.django_db
def test_an_area_report_cut_by_programme_keeps_only_the_tagged_communities(
    setting: dict[str, Any], locations: Any
) -> None:
    officer = setting["officer"]
    area = report_figures(officer, ReportRequest("monthly", MARCH, area=locations["ML"]))
    assert [c.name for c in area.communities] == ["Mopti"]
    everywhere = report_figures(officer, ReportRequest("monthly", MARCH))
    assert {c.name for c in everywhere.communities} == {"Mopti", "Dakar"}
    echo = report_figures(officer, ReportRequest("quarterly", MARCH, programme=setting["echo"]))
    assert [c.name for c in echo.communities] == ["Mopti"]
    assert len(echo.trends[0].rows) == 1  # case trends come by calendar quarter only


@pytest.mark.django_db
def test_the_pdf_and_the_spreadsheet_say_the_same_in_french_or_english(
    client: Any, setting: dict[str, Any]
) -> None:
    client.force_login(setting["officer"])
    url = reverse("community:report_file", args=["xlsx"])
    answer = client.get(url, {"frequency": "monthly", "day": "2026-03-15", "language": "en"})
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames[0] == "Report" and "Workplans" in book.sheetnames
    rows = list(book["Workplans"].iter_rows(values_only=True))
    assert rows[1][:3] == ("AJPM 2026", setting["partner"].name, "Dialogues")
    assert rows[1][6:8] == (3, 3)
    pdf = client.get(
        reverse("community:report_file", args=["pdf"]),
        {"frequency": "monthly", "day": "2026-03-15", "language": "fr"},
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = client.get(reverse("community:reports"), {"frequency": "monthly", "day": "2026-03-15"})
    assert "AJPM 2026" in page.content.decode()


# --- the standing of progress rows and answers agrees with the filters ------------------------


@pytest.fixture(scope="module")
def world(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_worlds.use("world", build_world, django_db_blocker)


def test_progress_and_answers_are_seen_by_who_sees_their_workplan_or_visit(world: World) -> None:
    progress = list(ActivityProgress.objects.select_related("activity__workplan"))
    answers = list(ChecklistAnswer.objects.filter(visit__isnull=False).select_related("visit"))
    assert progress and answers
    for user in world.users():
        seen = set(visible(user, ActivityProgress).values_list("pk", flat=True))
        for row in progress:
            assert workplan_standing(user, row.activity.workplan).sees == (row.pk in seen), user
        seen = set(visible(user, ProgressParticipantCount).values_list("progress_id", flat=True))
        assert seen <= {r.pk for r in progress if workplan_standing(user, r.activity.workplan).sees}
        seen = set(visible(user, ChecklistAnswer).values_list("pk", flat=True))
        for answer in answers:
            visit = answer.visit
            assert visit is not None
            assert sees_visit(user, visit) == (answer.pk in seen), user


def test_no_label_colon_is_written_outside_the_translations_of_the_partners_pages() -> None:
    """French puts a space before ':' (« Rapport mensuel : … »): a colon glued to a value in a
    template ("{{ label }}: …") escapes the translation, so none may be there."""
    import re
    from pathlib import Path

    folder = Path(__file__).parents[1] / "templates" / "community"
    templates = [*folder.glob("partners/*.html"), *folder.glob("pdf/partners*.html")]
    outside = re.compile(r"(\}\}|</\w+>)\s?:")
    glued = [str(path.name) for path in templates if outside.search(_without_blocks(path))]
    assert templates and not glued


def _without_blocks(path: Any) -> str:
    import re

    text = path.read_text()
    return re.sub(r"\{% blocktranslate.*?\{% endblocktranslate %\}", "", text, flags=re.S)
