"""Errors outside the views' own answers: the API's JSON shape for every error under /api/,
and a 503 with Retry-After, not a 500, while the database is unreachable.

DRF views already answer their errors in the shape (`core.api.exception_handler`); what
reaches Django itself (a URL that matches nothing, a refused host, a CSRF failure, an
exception no view handled) is turned into the same shape here, so an API client never has to
parse an HTML page.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework.response import Response

API_PREFIX = "/api/"

# Django's and psycopg's own: a refused connection, a server that went away mid-request.
DATABASE_DOWN = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def database_is_down(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, DATABASE_DOWN):
            return True
        error = error.__cause__ or error.__context__
    return False


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("The request could not be understood.")),
        401: ("not_authenticated", _("Log in first.")),
        403: ("permission_denied", _("You do not have permission to perform this action.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("too_large", _("The request is too large.")),
        429: ("throttled", _("Too many attempts. Wait a little and try again.")),
        500: ("error", _("Something went wrong; nothing was saved. Try again later.")),
        503: ("unavailable", _("The service is briefly unavailable; try again in a moment.")),
    }


def error_json(status: int) -> JsonResponse:
    code, message = _messages().get(status, ("error", _("The request failed.")))
    body = {"error": {"code": code, "message": message, "fields": {}}}
    return JsonResponse(body, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it inside the `except` of the unhandled exception."""
    if not database_is_down(sys.exc_info()[1]):
        return defaults.server_error(request)
    # Rendered without the request: the context processors would ask the database again.
    retry_after = str(settings.SUTURA_RETRY_AFTER_SECONDS)
    if is_api(request):
        response: HttpResponse = error_json(503)
    else:
        html = loader.get_template("503.html").render({"retry_after": retry_after})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = retry_after
    return response


class ApiErrorShapeMiddleware:
    """Under /api/, any error answer that is not already the API's (a DRF Response, already in
    the shape) becomes the JSON error shape; its headers (Allow, Retry-After) are kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not is_api(request)
            or isinstance(response, Response)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        shaped = error_json(response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary", "Cache-Control"):
            if header in response:
                shaped[header] = response[header]
        shaped.cookies = response.cookies
        return shaped
