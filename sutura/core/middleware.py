from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# Swagger UI: a page for people, under /api/ only because it documents the API.
API_DOCS_PATH = "/api/docs/"


class ChosenLanguageMiddleware(LocaleMiddleware):
    """French unless the user chose English: the browser's Accept-Language is ignored.

    Shared and second-hand phones in West Africa often carry an English system language their
    users never chose; the choice made with the switcher (cookie, and the account's saved
    preference applied at login) is what counts.

    The API is different: a program that sends `Accept-Language` asks for that language on
    purpose, so under /api/ the header (French or English) wins over the cookie. A client
    that sends neither gets its account's preferred language once its token is read
    (`core.api.SuturaViewSet.initial`). The API's documentation (`/api/docs/`) is a page read
    in a browser, not a program: it follows the choice like the rest of the site, and asks
    the schema in that language (`core.api.DocsView`).
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        if request.path.startswith("/api/") and not request.path.startswith(API_DOCS_PATH):
            asked = api_language(request)
            language = asked or language
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def api_language(request: HttpRequest) -> str:
    """The supported language an API client asks for in Accept-Language ("" if none)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    supported = dict(settings.LANGUAGES)
    for code, _quality in parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return ""
