"""The API documentation in the reader's language.

drf-spectacular takes an operation's description from its view's docstring (and a summary
from `extend_schema`): English text that no `gettext` call holds. This postprocessing hook
puts each into the language the schema is asked in (`?lang=`: the site's language in
/api/docs/). makemessages cannot read docstrings, so `api_texts.py` lists them, marked for
translation; `manage.py api_texts` rewrites it from the schema, and a test fails when it is
stale (`core/tests/test_api_words.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

TEXTS_MODULE = Path(__file__).resolve().parent / "api_texts.py"
METHODS = frozenset({"get", "put", "post", "patch", "delete", "head", "options", "trace"})


def translate_descriptions(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS POSTPROCESSING_HOOKS)."""
    for holder, key in _described(result):
        holder[key] = gettext(holder[key])
    return result


def _described(result: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """Where the schema holds English prose: the API's description, and each operation's
    summary and description."""
    info = result.get("info", {})
    if info.get("description"):
        yield info, "description"
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS or not isinstance(operation, dict):
                continue
            for key in ("summary", "description"):
                if operation.get(key):
                    yield operation, key


def english_texts(result: dict[str, Any]) -> list[str]:
    """The prose of a schema generated in English (before the hook), sorted, once each."""
    return sorted({holder[key] for holder, key in _described(result)})


def texts_module(texts: list[str]) -> str:
    """The source of `api_texts.py` listing these texts for makemessages."""
    lines = [
        '"""Written by `manage.py api_texts`: the API documentation\'s prose (docstrings of the',
        "API's views, the schema's description), marked for translation so that makemessages",
        'finds it. Never edited by hand: change the docstring, then run the command."""',
        "# ruff: noqa: E501",
        "",
        "from django.utils.translation import gettext_noop",
        "",
        "TEXTS = (",
        *(f"    gettext_noop({text!r})," for text in texts),
        ")",
        "",
    ]
    return "\n".join(lines)


def english_schema_texts() -> list[str]:
    """Generate the schema in English and list its prose (in English the hook changes
    nothing: the English catalogue leaves message ids as they are)."""
    from drf_spectacular.generators import SchemaGenerator

    with translation.override("en"):
        return english_texts(SchemaGenerator().get_schema(request=None, public=True))
