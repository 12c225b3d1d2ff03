"""French first, English always: the switch, the memory of the choice, complete catalogues."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from sutura.accounts.roles import Role
from tests.factories import PASSWORD
from tests.machine import require

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])


@pytest.mark.django_db
def test_switching_to_english_changes_the_pages_and_is_remembered(client, users_a):
    user = users_a[Role.CASE_MANAGER]
    client.force_login(user)
    assert "Bienvenue" in client.get(reverse("core:home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("core:home")).content.decode()
    assert "Welcome" in page and '<html lang="en">' in page
    user.refresh_from_db()
    assert user.preferred_language == "en"


@pytest.mark.django_db
def test_the_saved_language_follows_the_user_to_a_new_device(client, users_a):
    user = users_a[Role.CASE_MANAGER]
    user.preferred_language = "en"
    user.save()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Welcome" in client.get(reverse("core:home")).content.decode()


def test_dates_and_numbers_are_localised():
    day = datetime.date(2026, 11, 25)
    with translation.override("fr"):
        assert formats.date_format(day) == "25 novembre 2026"
        assert formats.number_format(1234567, force_grouping=True) == "1\xa0234\xa0567"
    with translation.override("en"):
        assert formats.date_format(day) == "25 November 2026"
        assert formats.number_format(1234567, force_grouping=True) == "1,234,567"


@pytest.mark.parametrize("language", ["fr"])
def test_the_catalogue_is_complete(language):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle)
    missing = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert missing == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_catalogue_holds_a_fuzzy_guess(language):
    """msgmerge's fuzzy matches are guesses, often wrong: each is checked by hand and unmarked.
    (English entries may stay empty: the message id is the English text.)"""
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle)
    # A fuzzy header makes the compiler skip the whole catalogue.
    assert not catalogue.fuzzy
    fuzzy = [message.id for message in catalogue if message.id and message.fuzzy]
    assert fuzzy == []


def test_translations_are_compiled_without_fuzzy_guesses():
    makefile = (LOCALE_DIR.parents[1] / "Makefile").read_text(encoding="utf-8")
    compile_lines = [line for line in makefile.splitlines() if "pybabel compile" in line]
    assert compile_lines and not any("fuzzy" in line for line in compile_lines)


def test_english_catalogue_exists_for_every_french_message():
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        french = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        english = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert french == english


@pytest.mark.django_db
def test_an_english_browser_still_gets_french_until_the_user_chooses(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr">' in page.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in page.content.decode()


def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    """`make messages` would change nothing: no string was added without being translated."""
    require(shutil.which("xgettext") is not None, "GNU gettext (xgettext)", "apt install gettext")
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    root = LOCALE_DIR.parents[1]
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "fr",
            "--no-obsolete",
            "--ignore",
            ".venv/*",
            "--ignore",
            "var/*",
            "--ignore",
            ".tools/*",
            "--ignore",
            "tests/*",
            "--ignore",
            "locale",
        ],
        cwd=root,
        env={**os.environ, "SUTURA_LOCALE_DIR": str(tmp_path / "locale")},
        check=True,
        capture_output=True,
    )

    def ids(path: Path) -> set[str]:
        with path.open("rb") as handle:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}

    po = Path("fr") / "LC_MESSAGES" / "django.po"
    assert ids(tmp_path / "locale" / po) == ids(LOCALE_DIR / po)
