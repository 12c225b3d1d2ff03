"""Headers every dynamic answer carries."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on every answer the application itself makes: pages,
    API answers, downloads, errors. Any of them may show a person's data, and a shared phone,
    a cybercafé browser or a proxy must keep none of it. Static files are served (and cached
    for a year) by WhiteNoise before this middleware runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response
