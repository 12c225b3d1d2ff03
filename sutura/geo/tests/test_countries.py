"""A country written as people write it, in a file from elsewhere: its code."""

from __future__ import annotations

import pytest

from sutura.geo.countries import OTHER_NAMES, country_code, iso_codes_by_name, name_key


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("SN", "SN"),
        ("sen", "SN"),
        ("Senegal", "SN"),
        ("Sénégal", "SN"),
        ("SÉNÉGALAISE", "SN"),
        ("Côte d’Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("cote divoire", "CI"),
        ("Ivory Coast", "CI"),
        ("The Gambia", "GM"),
        ("Gambia, The", "GM"),
        ("Gambie", "GM"),
        ("Guinée", "GN"),
        ("Guinee-Conakry", "GN"),
        ("Guinée Bissau", "GW"),
        ("Congo, The Democratic Republic of the", "CD"),
        ("RDC", "CD"),
        ("Congo", "CG"),
        ("Cameroun", "CM"),
        ("Niger", "NE"),
        ("Nigérien", "NE"),
        ("Nigeria", "NG"),
        ("Nigerian", "NG"),
        ("Cap-Vert", "CV"),
        ("Royaume-Uni", "GB"),
        ("  Mali  ", "ML"),
        ("RCA", "CF"),
        ("CAR", "CF"),
        ("Soudanais", "SD"),
        ("Sudanese", "SD"),
        ("Tchadienne", "TD"),
    ],
)
def test_a_country_is_read_however_it_is_written(written: str, code: str) -> None:
    assert country_code(written) == code


@pytest.mark.parametrize("written", ["", "   ", "Atlantis", "Congolese", "xx"])
def test_what_names_no_country_reads_as_none(written: str) -> None:
    assert country_code(written) is None


def test_no_other_name_is_an_iso_name_of_another_country() -> None:
    """An other name or a nationality must not hide a name ISO gives another country."""
    iso = iso_codes_by_name()
    for code, names in OTHER_NAMES.items():
        for name in names:
            assert iso.get(name_key(name), code) == code, name
