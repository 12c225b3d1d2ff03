"""Programme reports: drafting, the narrative's versions, submitting (the figures freeze, a
second submit is one submission), corrections, the files (PDF and XLSX in French and
English, built from the snapshot), access per role, the API, bad input."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from sutura.accounts.roles import Role
from sutura.core import indicators
from sutura.core.concurrency import StaleVersionError
from sutura.people.models import Sex
from sutura.programmes.tests.helpers import case_of, programme_of
from sutura.reports import selectors, services, tasks
from sutura.reports.models import FileStatus, ReportFile, ReportStatus
from tests.worlds import World

pytestmark = pytest.mark.django_db

CASES = 6


@pytest.fixture
def setup(world: World) -> dict[str, Any]:
    users = world.a.users
    programme = programme_of(users[Role.PROGRAMME_MANAGER], name="Programme rapporté", code="PR-1")
    for number in range(CASES):
        case_of(programme, users[Role.CASE_MANAGER], name=f"Awa{number}")
    return {"programme": programme, "manager": users[Role.PROGRAMME_MANAGER], "world": world}


def _registered(snapshot: Any) -> Any:
    found = [i for i in snapshot["indicators"] if i["code"] == "cases.registered"]
    assert found, [i["code"] for i in snapshot["indicators"]]
    return found[0]


def _draft(setup: dict[str, Any], **kwargs: Any) -> Any:
    return services.create_report(
        actor=setup["manager"],
        programme=setup["programme"],
        period="2026-Q1",
        summary="Un trimestre calme.",
        **kwargs,
    )


def test_a_draft_shows_the_figures_of_now_with_their_tables(setup: dict[str, Any]) -> None:
    report = _draft(setup)
    figures = selectors.figures_of(setup["manager"], report)
    registered = _registered(figures)
    assert registered["total"] == CASES
    assert set(registered["tables"]) >= {"sex_age", "admin1"}
    assert figures["programme"]["name"] == "Programme rapporté"
    assert figures["period"] == {"code": "2026-Q1", "start": "2026-01-01", "end": "2026-03-31"}


def test_submitted_figures_never_move(setup: dict[str, Any]) -> None:
    report = services.submit(actor=setup["manager"], report=_draft(setup))
    assert report.status == ReportStatus.SUBMITTED
    assert _registered(report.snapshot)["total"] == CASES
    case_of(setup["programme"], setup["world"].a.users[Role.CASE_MANAGER], name="Tardive")
    report.refresh_from_db()
    assert _registered(report.snapshot)["total"] == CASES
    assert _registered(selectors.figures_of(setup["manager"], report))["total"] == CASES
    # A correction computes again until it is submitted in turn.
    corrected = services.correct(actor=setup["manager"], report=report)
    assert corrected.number == 2 and corrected.summary == report.summary
    assert _registered(selectors.figures_of(setup["manager"], corrected))["total"] == CASES + 1
    assert services.correct(actor=setup["manager"], report=report) == corrected


def test_a_double_submit_is_one_submission(setup: dict[str, Any]) -> None:
    draft = _draft(setup)
    first = services.submit(actor=setup["manager"], report=draft)
    second = services.submit(actor=setup["manager"], report=draft)
    assert second.submitted_at == first.submitted_at
    assert second.version == first.version
    assert ReportFile.objects.filter(report=draft).count() == 2  # PDF and XLSX, once


def test_a_submitted_report_is_read_only_and_stale_edits_are_refused(setup: dict[str, Any]) -> None:
    report = _draft(setup)
    services.edit_report(actor=setup["manager"], report=report, version=1, lessons="Écouter.")
    with pytest.raises(StaleVersionError):
        services.edit_report(actor=setup["manager"], report=report, version=1, lessons="Autre.")
    report.refresh_from_db()
    assert report.lessons == "Écouter." and report.version == 2
    with pytest.raises(StaleVersionError):
        services.submit(actor=setup["manager"], report=report, version=1)
    services.submit(actor=setup["manager"], report=report, version=2)
    with pytest.raises(ValidationError):
        services.edit_report(actor=setup["manager"], report=report, version=3, lessons="Non.")


@pytest.mark.parametrize(
    ("period", "language"),
    [("2026-13", "fr"), ("2026", "fr"), ("abc", "fr"), ("", "fr"), ("2026-Q1", "de")],
)
def test_bad_input_is_refused(setup: dict[str, Any], period: str, language: str) -> None:
    with pytest.raises(ValidationError):
        services.create_report(
            actor=setup["manager"], programme=setup["programme"], period=period, language=language
        )


def test_one_report_per_programme_and_period(setup: dict[str, Any]) -> None:
    _draft(setup)
    with pytest.raises(ValidationError):
        _draft(setup)


def _content(found: ReportFile) -> bytes:
    assert found.content is not None
    return bytes(found.content)


def _texts_of(book: Any) -> list[Any]:
    return [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]


@pytest.mark.parametrize(
    ("language", "sexes"),
    [("fr", {"Féminin", "Masculin", "Non précisé"}), ("en", {"Female", "Male", "Not stated"})],
)
def test_files_are_built_from_the_snapshot_in_each_language(
    setup: dict[str, Any], language: str, sexes: set[str]
) -> None:
    report = services.submit(actor=setup["manager"], report=_draft(setup))
    with translation.override(language):
        sheet = gettext("Indicators")
        name = str(indicators.get("cases.registered").name)
    case_of(setup["programme"], setup["world"].a.users[Role.CASE_MANAGER], name="Tardive")
    for file_format in ("pdf", "xlsx"):
        services.request_file(
            actor=setup["manager"], report=report, file_format=file_format, language=language
        )
    for found in ReportFile.objects.filter(report=report, language=language):
        tasks.build(found.pk)
    files = {f.format: f for f in ReportFile.objects.filter(report=report, language=language)}
    assert {f.status for f in files.values()} == {FileStatus.READY}
    assert all(f.from_snapshot for f in files.values())
    book = load_workbook(io.BytesIO(_content(files["xlsx"])))
    assert sheet in book.sheetnames
    rows = list(book[sheet].iter_rows(values_only=True))
    assert (name, rows[1][1], CASES) in [tuple(r[:3]) for r in rows]  # the frozen total
    assert not any(isinstance(c, str) and c.startswith("=") for c in _texts_of(book))
    cells = _registered(report.snapshot)["tables"]["sex_age"]["cells"]
    codes = {c["key"]["sex"] for c in cells}
    assert codes
    with translation.override(language):
        labels = {str(Sex(code).label) for code in codes}
    assert labels <= set(_texts_of(book)), labels  # the table's labels in the file's language
    assert labels <= sexes
    pdf = _content(files["pdf"])
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Programme rapporté" in text and name in text


def test_a_formula_in_the_narrative_stays_text(setup: dict[str, Any]) -> None:
    report = _draft(setup)
    services.edit_report(actor=setup["manager"], report=report, version=1, summary="=1+1")
    services.request_file(actor=setup["manager"], report=report, file_format="xlsx", language="fr")
    found = ReportFile.objects.get(report=report)
    tasks.build(found.pk)
    found.refresh_from_db()
    assert not found.from_snapshot
    book = load_workbook(io.BytesIO(_content(found)))
    assert "'=1+1" in _texts_of(book)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_submitted_report_names_who_submitted_it_never_their_login(
    setup: dict[str, Any],
) -> None:
    manager = setup["manager"]
    manager.first_name, manager.last_name = "Fatou", "Sarr"
    manager.save(update_fields=["first_name", "last_name"])
    report = services.submit(actor=manager, report=_draft(setup))
    page = _client(manager).get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "par Fatou Sarr" in page
    assert manager.username not in page


def test_who_reads_and_who_submits(setup: dict[str, Any]) -> None:
    world = setup["world"]
    report = _draft(setup)
    url = reverse("reports:detail", args=[report.pk])
    expected = {
        world.a.users[Role.PROGRAMME_MANAGER]: 200,
        world.a.users[Role.ME_OFFICER]: 200,
        world.a.users[Role.PROTECTION_OFFICER]: 403,
        world.a.users[Role.CASE_MANAGER]: 403,
        world.b.users[Role.PROGRAMME_MANAGER]: 404,
        world.b.users[Role.ME_OFFICER]: 404,
    }
    got = {user: _client(user).get(url).status_code for user in expected}
    assert got == expected
    me = world.a.users[Role.ME_OFFICER]
    with pytest.raises(PermissionDenied):
        services.submit(actor=me, report=report)
    response = _client(me).post(reverse("reports:submit", args=[report.pk]), {"version": "1"})
    assert response.status_code == 403
    response = _client(setup["manager"]).post(
        reverse("reports:submit", args=[report.pk]), {"version": "1"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.submitted
    page = _client(me).get(url)
    assert page.status_code == 200 and b'name="summary"' not in page.content


def test_the_api_lists_reads_and_gives_the_snapshot(setup: dict[str, Any]) -> None:
    world = setup["world"]
    report = services.submit(actor=setup["manager"], report=_draft(setup))
    me = _client(world.a.users[Role.ME_OFFICER])
    listed = me.get(reverse("api-programme-report-list")).json()
    assert str(report.pk) in {row["id"] for row in listed["results"]}
    assert me.get(reverse("api-programme-report-detail", args=[report.pk])).status_code == 200
    body = me.get(reverse("api-programme-report-snapshot", args=[report.pk])).json()
    assert body["frozen"] is True
    assert _registered(body["figures"])["total"] == CASES
    other = _client(world.b.users[Role.ME_OFFICER])
    assert other.get(reverse("api-programme-report-detail", args=[report.pk])).status_code == 404
    guard = _client(world.a.users[Role.PROTECTION_OFFICER])
    assert guard.get(reverse("api-programme-report-list")).status_code == 403


def test_amounts_are_written_without_exponents() -> None:
    from decimal import Decimal

    from sutura.reports.figures import plain

    assert plain(Decimal("150000.00")) == "150000"
    assert plain(Decimal("1.5E+5")) == "150000"
    assert plain(Decimal("12.50")) == "12.5"
