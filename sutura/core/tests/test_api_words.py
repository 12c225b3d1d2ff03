"""The API documentation speaks the reader's language: every operation's description (its
view's docstring) and the API's own description are translated; `core/api_texts.py` lists
them for makemessages and must follow the code."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sutura.core.api import SchemaView
from sutura.core.api_texts import TEXTS
from sutura.core.api_words import english_schema_texts

pytestmark = pytest.mark.django_db


def test_the_list_of_the_docs_prose_follows_the_code() -> None:
    """Stale? `manage.py api_texts`, then `make messages` and the French filled in."""
    assert english_schema_texts() == sorted(set(TEXTS))


def _operations(client: Client, language: str) -> dict[str, str]:
    SchemaView._rendered.clear()
    schema = client.get(reverse("api-schema"), {"format": "json", "lang": language}).json()
    found = {"info": schema["info"]["description"]}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            found[f"{method} {path}"] = operation.get("description", "")
    return found


def test_the_docs_describe_each_operation_in_the_readers_language(client: Client) -> None:
    french, english = _operations(client, "fr"), _operations(client, "en")
    people = "get /api/persons/"
    assert english[people] == "The people whose files the user's organisation holds."
    assert (
        french[people] == "Les personnes dont l’organisation de l’utilisateur détient les dossiers."
    )
    assert french["info"].startswith("Protection et réintégration des personnes migrantes")
    described = [name for name, text in english.items() if text]
    untranslated = [name for name in described if french[name] == english[name]]
    assert untranslated == []
