"""/api/schema/ is generated and rendered once per language, version and format, then served
from memory: the same bytes and headers for everyone, and each language its own."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sutura.core.api import SchemaView

pytestmark = pytest.mark.django_db


def test_the_schema_is_kept_per_language_and_format(client: Client) -> None:
    SchemaView._rendered.clear()
    url = reverse("api-schema")
    first = client.get(url, {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    assert len(SchemaView._rendered) == 1
    again = client.get(url, {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert again.json()["paths"] == first.json()["paths"]
    yaml = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert yaml.content != first.content and b"openapi:" in yaml.content
    french = client.get(url, {"format": "json"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert len(SchemaView._rendered) == 3
    assert french.content != first.content  # the descriptions are translated


def test_the_schema_asked_in_another_language_is_kept_under_that_language(
    client: Client,
) -> None:
    """`?lang=` (the API docs pass it on) decides the language, and nothing else is kept."""
    SchemaView._rendered.clear()
    url = reverse("api-schema")
    english = client.get(url, {"format": "json", "lang": "en"}, HTTP_ACCEPT_LANGUAGE="fr")
    french = client.get(url, {"format": "json"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert english.content != french.content
    assert {key[0] for key in SchemaView._rendered} == {"en", "fr"}
    again = client.get(url, {"format": "json", "lang": "en"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert again.content == english.content
    client.get(url, {"format": "json", "lang": "xx"})
    client.get(url, {"format": "json", "version": "anything"})
    assert len(SchemaView._rendered) == 2
