"""The XLSX attendance import: every line checked, nothing saved if one is wrong, no duplicate
on a re-import, both languages' templates, hostile files refused cleanly."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from sutura.meetings import attendance, sheets
from sutura.meetings.models import Meeting, Participant
from sutura.meetings.tests.helpers import GOOD_ROWS, raw_sheet, sheet

pytestmark = pytest.mark.django_db


def _post(client: Any, meeting: Meeting, upload: Any) -> Any:
    return client.post(reverse("meetings:import", args=[meeting.pk]), {"file": upload})


def test_a_sheet_with_one_bad_line_saves_nothing_and_names_the_line(
    manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    bad: list[dict[str, Any]] = [
        *GOOD_ROWS,
        {"name": "Ousmane Diallo", "sex": "peut-être", "age_group": 30},
    ]
    client.force_login(manager_a)
    answer = _post(client, meeting_a, sheet(bad))
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Ligne 5, colonne «\u00a0Sexe\u00a0»" in page  # no line break inside the quotes
    assert "peut-être" in page and "presence.xlsx" in page
    assert not Participant.objects.filter(meeting=meeting_a).exists()
    # the corrected sheet goes through
    bad[-1]["sex"] = "M"
    answer = _post(client, meeting_a, sheet(bad))
    assert answer.status_code == 302
    assert Participant.objects.filter(meeting=meeting_a).count() == 4


def test_reimporting_the_same_or_a_corrected_sheet_adds_nobody_twice(
    manager_a: Any, meeting_a: Meeting
) -> None:
    first = sheets.read(sheet(GOOD_ROWS))
    assert first.ok
    assert attendance.import_attendance(manager_a, meeting_a, rows=first.rows).added == 3
    again = sheets.read(sheet(GOOD_ROWS))
    result = attendance.import_attendance(manager_a, meeting_a, rows=again.rows)
    assert (result.added, result.updated) == (0, 3)
    corrected = [dict(row) for row in GOOD_ROWS]
    corrected[0]["function"] = "Maire adjointe"  # same name, organisation and phone
    corrected[1]["name"] = "  MOUSSA   kane "  # case and spacing do not make a new person
    result = attendance.import_attendance(
        manager_a, meeting_a, rows=sheets.read(sheet(corrected)).rows
    )
    assert (result.added, result.updated) == (0, 3)
    assert Participant.objects.filter(meeting=meeting_a).count() == 3
    assert (
        Participant.objects.get(meeting=meeting_a, name="Awa Ndiaye").function == "Maire adjointe"
    )


def test_values_are_read_in_either_language_with_their_variants() -> None:
    reading = sheets.read(sheet(GOOD_ROWS, language="en"))
    assert reading.ok, reading.errors
    awa, moussa, binta = reading.rows
    assert (awa.category, awa.sex, awa.age_group, awa.signed) == (
        "government",
        "female",
        "25_59",
        True,
    )
    assert (moussa.category, moussa.sex, moussa.age_group) == ("un_agency", "male", "25_59")
    assert (binta.category, binta.sex, binta.age_group) == ("national_ngo", "female", "18_24")
    assert binta.email == "binta@example.org" and not binta.signed


def test_headers_are_recognised_whatever_their_case_accents_or_language() -> None:
    reading = sheets.read(
        raw_sheet(
            [
                ["NOM ", "organization", "categorie", "SEXE", "age", "telephone"],
                ["Awa Ndiaye", "Mairie", "CBO", "f", "12 ans", "77 000 00 01"],
                ["Jean Diouf", "Privé SA", "Secteur privé", "H", "60 et plus", ""],
            ]
        )
    )
    assert reading.ok, reading.errors
    assert [(r.category, r.sex, r.age_group) for r in reading.rows] == [
        ("cbo", "female", "12_17"),
        ("private_sector", "male", "60_plus"),
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_template_has_its_languages_headers_and_a_sheet_of_codes(language: str) -> None:
    book = load_workbook(io.BytesIO(sheets.template(language)))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert headers[0] == ("Nom et prénom" if language == "fr" else "Full name")
    assert headers[4] == ("Sexe" if language == "fr" else "Sex")
    codes = [[c.value for c in row] for row in book.worksheets[1].iter_rows()]
    assert ["national_ngo" in row for row in codes].count(True) == 1
    label = {"fr": "ONG nationale", "en": "National NGO"}[language]
    assert any(label in row for row in codes)
    # round trip: the template filled in its own language's labels is read back
    filled = raw_sheet([headers, ["Awa", "X", label, "", "F", "25–59"]])
    reading = sheets.read(filled)
    assert reading.ok, reading.errors
    assert reading.rows[0].category == "national_ngo"


def test_errors_are_written_in_the_users_language() -> None:
    with translation.override("en"):
        reading = sheets.read(sheet([{"name": "", "sex": "F"}, {"name": "B", "email": "non"}]))
        messages = [str(error) for error in reading.errors]
    assert messages == [
        "Line 2, column “Full name”: The name is missing.",
        "Line 3, column “E-mail”: “non” is not an e-mail address.",
    ]


def test_the_same_person_twice_on_a_sheet_is_an_error() -> None:
    reading = sheets.read(sheet([GOOD_ROWS[0], GOOD_ROWS[0]]))
    assert not reading.ok and reading.errors[0].line == 3


def test_a_file_that_is_not_a_sheet_is_refused_cleanly(
    manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        sheets.read(SimpleUploadedFile("presence.xlsx", b"%PDF-1.4 not a sheet"))
    with pytest.raises(ValidationError):
        sheets.read(SimpleUploadedFile("presence.csv", b"nom,sexe\nAwa,F\n"))
    client.force_login(manager_a)
    answer = _post(client, meeting_a, SimpleUploadedFile("macro.xlsm", b"PK\x03\x04"))
    assert answer.status_code == 200 and "XLSX" in answer.content.decode()
    assert not Participant.objects.filter(meeting=meeting_a).exists()


def test_a_sheet_with_a_macro_is_refused() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = io.BytesIO(sheets.template("fr"))
    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    with pytest.raises(ValidationError):
        sheets.read(SimpleUploadedFile("presence.xlsx", out.getvalue()))


def test_size_and_row_limits_give_a_clear_error(settings: Any) -> None:
    settings.SUTURA_ATTENDANCE_MAX_ROWS = 3
    reading = sheets.read(sheet([{"name": f"Personne {n}"} for n in range(5)]))
    assert not reading.ok
    assert "3" in str(reading.errors[0]) and len(reading.errors) == 1
    settings.SUTURA_ATTENDANCE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        sheets.read(sheet(GOOD_ROWS))
    assert "file" in refused.value.message_dict
