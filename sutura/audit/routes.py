"""A route of the site in words, for the log's refusals: "Answered 404: people:detail" is
read "Personnes › fiche" / "People › record page" — the section (the app that serves the
route) and the kind of page, from its name's last word. The route itself stays in the entry
(`detail_params`), so nothing is lost to whoever digs."""

from __future__ import annotations

import functools
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext, pgettext_lazy

# The last word of a route's name -> the kind of page it is.
KINDS = {
    "list": pgettext_lazy("kind of page", "list"),
    "detail": pgettext_lazy("kind of page", "record page"),
    "edit": pgettext_lazy("kind of page", "edit form"),
    "new": pgettext_lazy("kind of page", "form to add"),
    "create": pgettext_lazy("kind of page", "form to add"),
    "add": pgettext_lazy("kind of page", "form to add"),
    "register": pgettext_lazy("kind of page", "form to add"),
    "pdf": pgettext_lazy("kind of page", "PDF"),
    "xlsx": pgettext_lazy("kind of page", "spreadsheet"),
    "export": pgettext_lazy("kind of page", "export"),
    "download": pgettext_lazy("kind of page", "file"),
    "file": pgettext_lazy("kind of page", "file"),
}
PAGE = pgettext_lazy("kind of page", "page")
ENDPOINT = pgettext_lazy("kind of page", "endpoint")


def route_words(route: str) -> str | None:
    """The route's section and kind of page in the active language (None: no such route)."""
    view = _views().get(route)
    if view is None:
        return None
    module = getattr(view, "cls", None) or getattr(view, "view_class", None) or view
    app = apps.get_containing_app_config(getattr(module, "__module__", "") or "")
    section = str(app.verbose_name) if app is not None else route.split(":")[0]
    last = route.split(":")[-1]
    api = last.startswith("api-")
    word = last.split("-")[-1] if api else last.split("_")[-1]
    kind = str(KINDS.get(word, ENDPOINT if api else PAGE))
    if api:
        return gettext("%(section)s › %(page)s (API)") % {"section": section, "page": kind}
    return gettext("%(section)s › %(page)s") % {"section": section, "page": kind}


@functools.cache
def _views() -> dict[str, Any]:
    """Every named route of the site and its view (the URL map does not change while the
    process runs)."""
    found: dict[str, Any] = {}

    def walk(patterns: Any, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.setdefault(f"{namespace}{pattern.name}", pattern.callback)

    walk(get_resolver().url_patterns, "")
    return found
