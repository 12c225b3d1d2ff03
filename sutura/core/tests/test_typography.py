"""French typography: a colon takes a (no-break) space before it in French and none in
English, so the colon belongs inside the translated string, never after it in a template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.db import models
from django.template import Context, Template
from django.utils import translation

from sutura.core.text import STRAIGHT_APOSTROPHE
from sutura.geo.countries import country_name

SUTURA = Path(settings.BASE_DIR) / "sutura"
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
# `{% translate "Status" %}:` or `{% translate "Status" %} :` — right in one language only
COLON_AFTER_TRANSLATION = re.compile(r"\{% (?:translate|trans) \"[^\"]+\" %\} ?:")
# `{{ label }}: {{ value }}` or `{{ label }} : {{ value }}` outside a blocktranslate (whose
# body is a message id, where the English colon is right): `{% colon %}` says it per language
COLON_AFTER_A_VALUE = re.compile(r"(?:\}\}|%\})(?:</strong>|</a>)? ?:(?=\s|<)")
BLOCKTRANSLATE = re.compile(r"\{% blocktrans(?:late)?\b.*?\{% endblocktrans(?:late)? %\}", re.S)
# A colon glued to the word before it (not in a code sample such as `{code: valeur}`)
GLUED_COLON = re.compile(r"[^\s\u00a0\u202f{]:(?:\s|$)")


def test_no_template_puts_a_colon_after_a_translated_string() -> None:
    found = [
        f"{path.relative_to(SUTURA)}:{number}"
        for path in sorted(SUTURA.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COLON_AFTER_TRANSLATION.search(line)
    ]
    assert found == []


def outside_messages(pattern: re.Pattern[str]) -> list[str]:
    """The template lines (path:line) where `pattern` is found outside a blocktranslate's body
    (a message id, where the English punctuation is right)."""
    return [
        f"{path.relative_to(SUTURA)}:{number}"
        for path in sorted(SUTURA.rglob("*.html"))
        for number, line in enumerate(
            BLOCKTRANSLATE.sub("", path.read_text(encoding="utf-8")).splitlines(), 1
        )
        if pattern.search(line)
    ]


def test_no_template_writes_a_colon_after_a_value_by_hand() -> None:
    assert outside_messages(COLON_AFTER_A_VALUE) == []


@pytest.mark.parametrize(("language", "shown"), [("fr", "Femme\u00a0: 3"), ("en", "Female: 3")])
def test_the_colon_tag_writes_the_colon_of_the_language(language: str, shown: str) -> None:
    template = Template("{{ label }}{% colon %} {{ count }}")
    label = {"fr": "Femme", "en": "Female"}[language]
    with translation.override(language):
        assert template.render(Context({"label": label, "count": 3})) == shown


def french_translations() -> list[str]:
    """Every French translation of the catalogue (each plural form apart), the header left out."""
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle)
    found = []
    for message in catalogue:
        if not message.id:
            continue  # the header
        strings = [message.string] if isinstance(message.string, str) else message.string or []
        found += [str(text) for text in strings if text]
    return found


def test_no_french_translation_glues_a_colon_to_its_word() -> None:
    glued = [t for t in french_translations() if "{" not in t and GLUED_COLON.search(t)]
    assert glued == []


@pytest.mark.parametrize(
    ("language", "shown"), [("fr", "Statut\u00a0: ouvert"), ("en", "Status: ouvert")]
)
def test_a_label_and_its_colon_read_right_in_both_languages(language: str, shown: str) -> None:
    template = Template('{% load i18n %}{% translate "Status:" %} {{ value }}')
    with translation.override(language):
        assert template.render(Context({"value": "ouvert"})) == shown


def test_french_translations_write_one_apostrophe() -> None:
    assert [t for t in french_translations() if STRAIGHT_APOSTROPHE.search(t)] == []


def test_french_translations_quote_with_guillemets() -> None:
    assert [t for t in french_translations() if "“" in t or "”" in t] == []
    # Each guillemet keeps its word with a no-break space: « never ends a line, » never
    # starts one.
    assert [t for t in french_translations() if "« " in t or " »" in t] == []


# --- French words that come from data, not from the catalogue --------------------------------


def french_columns() -> list[tuple[type[models.Model], str]]:
    """Every French column of the project's models: a text field named `…_fr`."""
    return [
        (model, field.name)
        for model in apps.get_models()
        if model.__module__.startswith("sutura.")
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and field.name.endswith("_fr")
    ]


def straight_apostrophes_in(columns: list[tuple[type[models.Model], str]]) -> list[str]:
    found = []
    for model, name in columns:
        values = model._base_manager.filter(**{f"{name}__contains": "'"}).values_list(name)
        found += [
            f"{model._meta.label}.{name}: {value}"
            for (value,) in values
            if STRAIGHT_APOSTROPHE.search(value)
        ]
    return found


@pytest.mark.django_db
def test_reference_data_writes_french_with_one_apostrophe() -> None:
    """The rows data migrations load (complaint categories, checklists, the trafficking
    indicators, the best-interests form, training topics) read as the catalogue does."""
    assert french_columns()
    assert straight_apostrophes_in(french_columns()) == []


@pytest.mark.parametrize(("language", "name"), [("fr", "Côte d’Ivoire"), ("en", "Côte d'Ivoire")])
def test_a_country_is_named_with_the_apostrophe_of_the_language(language: str, name: str) -> None:
    assert country_name("CI", language) == name


# A percent sign after a value, with a space or none, outside a message id (whose French
# translation has its no-break space): "89 %" is French and "89%" English, so the sign is the
# `percent` filter's.
PERCENT_AFTER_A_VALUE = re.compile(r"(?:\}\}|%\}) ?%(?!\})")
PERCENT_IN_PYTHON = re.compile(r"""(?:\}|["']) %["']""")


def test_no_template_or_module_writes_a_percent_sign_by_hand() -> None:
    templates = outside_messages(PERCENT_AFTER_A_VALUE)
    modules = [
        f"{path.relative_to(SUTURA)}:{number}"
        for path in sorted(SUTURA.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PERCENT_IN_PYTHON.search(line)
    ]
    assert templates == [] and modules == []


@pytest.mark.parametrize(
    ("language", "shown"), [("fr", "(89\u00a0%) (1\u00a0250\u00a0%)"), ("en", "(89%) (1,250%)")]
)
def test_the_percent_filter_writes_the_sign_of_the_language(language: str, shown: str) -> None:
    template = Template("({{ share|percent }}) ({{ large|percent }})")
    with translation.override(language):
        assert template.render(Context({"share": 89, "large": 1250})) == shown
        # No figure: a dash, never "None%" nor a sign alone.
        assert (
            Template("{{ a|percent }} {{ b|percent }}").render(Context({"a": None, "b": "—"}))
            == "— —"
        )


def test_no_english_message_puts_a_space_before_a_percent_sign() -> None:
    with open(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po", "rb") as source:
        ids = [m.id for m in read_po(source) if m.id]
    spaced = [
        i
        for i in ids
        for text in ([i] if isinstance(i, str) else i)
        if re.search(r"\w %%(?!\w)", text)
    ]
    assert spaced == []


def test_french_translations_keep_the_percent_sign_with_its_number() -> None:
    assert [text for text in french_translations() if re.search(r"[\w)] %%(?!\w)", text)] == []
