"""A downloaded file is named in words of the reader's language, ASCII only, with the day or
the period it covers — never an internal code or id (`core.downloads.download_name`)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from sutura.core.downloads import download_name


def test_a_file_is_named_in_the_readers_language_in_ascii() -> None:
    with translation.override("fr"):
        assert (
            download_name(_("NRM dashboard"), "2026-12-06", ext="xlsx")
            == "tableau-de-bord-du-mnr-2026-12-06.xlsx"
        )
        assert download_name(_("Monthly report"), "2026-05") == "rapport-mensuel-2026-05"
    with translation.override("en"):
        assert (
            download_name(_("NRM dashboard"), "2026-12-06", ext="xlsx")
            == "nrm-dashboard-2026-12-06.xlsx"
        )
    assert download_name("Kayes N’Di — Séméya", ext="pdf") == "kayes-ndi-semeya.pdf"
