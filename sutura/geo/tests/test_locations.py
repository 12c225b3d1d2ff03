"""The location hierarchy: seeded reference data, COD-AB import, the phone-friendly picker."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from sutura.accounts.roles import Role
from sutura.geo.gazetteer import normalise
from sutura.geo.models import Level, Location
from sutura.geo.reference import seed_locations

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    seed_locations(["SN", "ML", "CM"])


def count(country: str, level: Level) -> int:
    return Location.objects.filter(country_code=country, level=level).count()


def test_seed_creates_the_three_countries_with_french_and_english_names(reference):
    cameroon = Location.objects.get(iso_code="CM")
    assert (cameroon.name_fr, cameroon.name_en) == ("Cameroun", "Cameroon")
    far_north = Location.objects.get(iso_code="CM-EN")
    assert (far_north.name_fr, far_north.name_en) == ("Extrême-Nord", "Far North")


def test_cameroons_littoral_is_spelt_right_in_both_languages(reference):
    littoral = Location.objects.get(iso_code="CM-LT")
    assert (littoral.name_fr, littoral.name_en) == ("Littoral", "Littoral")
    assert not Location.objects.filter(name_fr__iexact="Litoral").exists()


def test_a_database_seeded_with_the_misspelt_littoral_is_put_right():
    correct_names = import_module("sutura.geo.migrations.0002_littoral").correct_names
    seed_locations(["CM"])
    Location.objects.filter(iso_code="CM-LT").update(name_fr="Litoral")
    correct_names(django_apps, None)
    assert Location.objects.get(iso_code="CM-LT").name_fr == "Littoral"


def test_seed_has_every_region_and_admin2_unit(reference):
    assert count("SN", Level.ADMIN1) == 14
    assert count("SN", Level.ADMIN2) == 46
    assert count("CM", Level.ADMIN1) == 10
    assert count("CM", Level.ADMIN2) == 58
    # Mali: the ten ISO regions and Bamako, plus the regions made operational since 2023.
    assert count("ML", Level.ADMIN1) == 20
    assert Location.objects.filter(country_code="ML", name_fr="Bougouni", level=1).exists()
    assert not Location.objects.filter(pcode__isnull=False).exists()  # no invented P-codes


def test_each_admin2_sits_under_its_region(reference):
    mbour = Location.objects.get(name_fr="Mbour", level=Level.ADMIN2)
    assert mbour.parent is not None and mbour.parent.iso_code == "SN-TH"
    assert mbour.path_names() == ["Sénégal", "Thiès", "Mbour"]


def test_seed_is_idempotent(reference):
    before = Location.objects.count()
    seed_locations(["SN", "ML", "CM"])
    assert Location.objects.count() == before


def test_names_are_matched_without_accents_case_or_punctuation():
    assert normalise("N'Djaména") == normalise("NDJAMENA") == "ndjamena"


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cod_ab.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_locations_fills_p_codes_and_adds_missing_units(reference, tmp_path):
    path = write_csv(
        tmp_path,
        "ADM0_PCODE,ADM0_FR,ADM1_PCODE,ADM1_FR,ADM2_PCODE,ADM2_FR\n"
        "SN,Sénégal,SN07,THIES,SN0703,Mbour\n"
        "SN,Sénégal,SN07,THIES,SN0799,Nouveau département\n",
    )
    call_command("import_locations", str(path))
    assert Location.objects.get(iso_code="SN-TH").pcode == "SN07"
    assert Location.objects.get(name_fr="Mbour").pcode == "SN0703"
    created = Location.objects.get(pcode="SN0799")
    assert created.parent is not None and created.parent.iso_code == "SN-TH"
    assert created.level == Level.ADMIN2


def test_import_reads_xlsx(reference, tmp_path):
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(["ADM0_PCODE", "ADM0_EN", "ADM1_PCODE", "ADM1_EN", "ADM1_FR"])
    sheet.append(["CM", "Cameroon", "CM004", "Far North", "Extrême-Nord"])
    path = tmp_path / "cmr.xlsx"
    book.save(path)
    call_command("import_locations", str(path))
    assert Location.objects.get(iso_code="CM-EN").pcode == "CM004"


def test_a_bad_file_imports_nothing_and_names_each_bad_line(reference, tmp_path):
    path = write_csv(
        tmp_path,
        "ADM0_PCODE,ADM1_PCODE,ADM1_FR\nSN,SN07,Thiès\nSN,,Dakar\nSN,SN07,Louga\nXX,XX01,Nowhere\n",
    )
    with pytest.raises(CommandError) as error:
        call_command("import_locations", str(path))
    message = str(error.value)
    assert "Line 3" in message or "Ligne 3" in message
    assert "Line 4" in message or "Ligne 4" in message
    assert not Location.objects.filter(pcode__isnull=False).exists()


def test_a_file_without_cod_ab_columns_is_refused(reference, tmp_path):
    path = write_csv(tmp_path, "name,code\nDakar,1\n")
    with pytest.raises(CommandError):
        call_command("import_locations", str(path))


def test_the_picker_offers_the_next_level(client, users_a, locations):
    client.force_login(users_a[Role.CASE_MANAGER])
    response = client.get(
        reverse("geo:picker"),
        {"field": "place", "place__0": locations["SN"].pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME="place__0",
    )
    html = response.content.decode()
    assert 'name="place__1"' in html and "Thiès" in html
    assert "Kayes" not in html


def test_changing_a_higher_level_resets_the_lower_ones(client, users_a, locations):
    client.force_login(users_a[Role.CASE_MANAGER])
    response = client.get(
        reverse("geo:picker"),
        {
            "field": "place",
            "place__0": locations["ML"].pk,
            "place__1": locations["SN-TH"].pk,
            "place__2": locations["Mbour"].pk,
        },
        HTTP_HX_TRIGGER_NAME="place__0",
    )
    html = response.content.decode()
    assert "Kayes" in html and "Mbour" not in html


def test_the_picker_needs_a_login(client, locations):
    assert client.get(reverse("geo:picker")).status_code == 302


def test_country_names_are_sorted_as_a_reader_would_accents_aside() -> None:
    from sutura.geo.countries import country_choices

    names = [name for _code, name in country_choices("fr")]
    assert names.index("Égypte") < names.index("Érythrée") < names.index("Espagne")
    assert names.index("Bénin") < names.index("Burundi")
    assert names.index("Sénégal") < names.index("Syrienne, République arabe")
    assert names.index("Îles Vierges britanniques") < names.index("Inde")
    assert names[-1] == "Zimbabwe"
