"""What people write on paper is read: a category, a sex or an age group in the singular or
the plural, either gender, any case or accents; an unknown value is answered with the values
to write; the template offers the meeting's own categories in a drop-down; and the words
around attendance agree (counts, the import's message, a meeting's and a participant's
status in French)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook

from sutura.meetings import sheets
from sutura.meetings.attendance import ImportResult
from sutura.meetings.models import (
    COMMUNITY_CATEGORIES,
    AgeGroup,
    MeetingStatus,
    ParticipantCategory,
)
from sutura.meetings.tests.helpers import raw_sheet
from sutura.meetings.views.attendance import import_message
from sutura.people.models import Sex

HEADERS = ["Nom et prénom", "Catégorie", "Sexe", "Tranche d'âge"]


def _read(*lines: list[Any]) -> sheets.Reading:
    return sheets.read(raw_sheet([HEADERS, *lines]))


@pytest.mark.django_db
def test_singular_plural_gendered_and_accented_spellings_are_read() -> None:
    reading = _read(
        ["A", "femme", "Femmes", "60 ans et plus"],
        ["B", "jeune", "HOMMES", "moins de 12 ans"],
        ["C", "Rapatriés", "homme", "18-24"],
        ["D", "rapatrié(e)", "Féminin", ""],
        ["E", "Rapatriée", "filles", "12–17"],
        ["F", "rapatrié·e·s", "garçons", ""],
        ["G", "Leader communautaire", "F", ""],
        ["H", "personne handicapée", "M", ""],
        ["I", "Déplacée interne", "f", ""],
        ["J", "JEUNES", "Masculine", ""],
    )
    assert reading.ok, [str(e) for e in reading.errors]
    assert [r.category for r in reading.rows] == [
        "women", "youth", "returnees", "returnees", "returnees", "returnees",
        "community_leaders", "disabilities", "displaced", "youth",
    ]  # fmt: skip
    assert [r.sex for r in reading.rows] == [
        "female", "male", "male", "female", "female", "male", "female", "male", "female", "male",
    ]  # fmt: skip
    assert [r.age_group for r in reading.rows[:5]] == [
        "60_plus", "0_11", "18_24", "unknown", "12_17",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("choices", "words"),
    [
        (ParticipantCategory.choices, sheets.CATEGORY_WORDS),
        (Sex.choices, sheets.SEX_WORDS),
        (AgeGroup.choices, sheets.AGE_WORDS),
    ],
)
def test_no_two_values_fold_to_the_same_spelling(choices: Any, words: Any) -> None:
    """Folding the gender and number away must not make two values one."""
    for code, spellings in words.items():
        for spelling in spellings:
            assert sheets._lookup(choices, words)[sheets._value_key(spelling)] == code, spelling
    for language in ("fr", "en"):
        with translation.override(language):
            for code, label in choices:
                assert sheets._lookup(choices, words)[sheets._value_key(str(label))] == code


@pytest.mark.django_db
def test_an_unknown_value_is_answered_with_the_values_to_write_in_the_users_language() -> None:
    with translation.override("fr"):
        reading = _read(["A", "cousins", "peut-être", "vieux"])
        messages = [str(error) for error in reading.errors]
    category, sex, age = messages
    assert "«\u00a0cousins\u00a0»" in category and "«\u00a0Femmes\u00a0»" in category
    assert "«\u00a0Jeunes\u00a0»" in category and "«\u00a0Personnes de retour\u00a0»" in category
    assert "«\u00a0Féminin\u00a0»" in sex and "«\u00a0Masculin\u00a0»" in sex
    assert "«\u00a018–24 ans\u00a0»" in age and "âge en années" in age
    with translation.override("en"):
        (english, *_rest) = [str(e) for e in _read(["A", "cousins", "", ""]).errors]
    assert "“Women”" in english and "“Youth”" in english


def test_the_templates_category_column_offers_the_meetings_own_categories() -> None:
    book = load_workbook(io.BytesIO(sheets.template("fr", COMMUNITY_CATEGORIES)))
    sheet, codes = book.worksheets
    rules = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert set(rules) == {"C2:C1000", "E2:E1000", "F2:F1000"}  # category, sex, age group
    first, last = (int(part.split("$")[-1]) for part in rules["C2:C1000"].split(":"))
    offered = [codes.cell(row=row, column=2).value for row in range(first, last + 1)]
    with translation.override("fr"):
        assert offered == [str(category.label) for category in COMMUNITY_CATEGORIES]
    assert "ONG nationale" not in offered and "Femmes" in offered
    # Without a meeting: every category.
    book = load_workbook(io.BytesIO(sheets.template("fr")))
    rule = next(
        r for r in book.worksheets[0].data_validations.dataValidation if str(r.sqref) == "C2:C1000"
    )
    first, last = (int(part.split("$")[-1]) for part in rule.formula1.split(":"))
    assert last - first + 1 == len(ParticipantCategory.choices)


def test_the_import_message_agrees_with_its_numbers() -> None:
    with translation.override("fr"):
        assert import_message(ImportResult(added=0, updated=10)) == (
            "Présence importée : 0 participant ajouté. "
            "10 participants déjà sur la liste ont été mis à jour."
        )
        assert import_message(ImportResult(added=3, updated=0)) == (
            "Présence importée : 3 participants ajoutés."
        )
    with translation.override("en"):
        assert import_message(ImportResult(added=1, updated=1)) == (
            "Attendance imported: 1 participant added. "
            "1 participant already on the list was updated."
        )


def test_a_meeting_and_a_participant_are_worded_in_french_as_they_agree() -> None:
    from sutura.meetings.forms import CountForm

    with translation.override("fr"):
        assert [str(label) for _c, label in MeetingStatus.choices] == [
            "Prévue",
            "Tenue",
            "Annulée",
        ]
        assert translation.pgettext("a participant's attendance", "Present") == "Présent·e"
        assert str(CountForm.base_fields["count"].label) == "Nombre"


@pytest.mark.django_db
def test_the_import_page_links_to_a_template_for_its_meeting(
    client: Any, manager_a: Any, meeting_a: Any
) -> None:
    from django.urls import reverse

    client.force_login(manager_a)
    page = client.get(reverse("meetings:import", args=[meeting_a.pk])).content.decode()
    url = f"{reverse('meetings:template', args=['fr'])}?meeting={meeting_a.pk}"
    assert url in page
    assert client.get(url).status_code == 200
    assert client.get(f"{reverse('meetings:template', args=['fr'])}?meeting=x").status_code == 404
