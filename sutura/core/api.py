"""API conventions: every error has the same JSON shape.

{"error": {"code": "not_found", "message": "…", "fields": {"name": ["…"]}}}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        message = str(exceptions.ValidationError.default_detail)
        detail = exc.detail
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    elif isinstance(exc, Http404 | exceptions.NotFound):
        code, message = "not_found", str(exceptions.NotFound.default_detail)
    elif isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        # A refusal that explains itself (e.g. a missing consent) keeps its message; a bare
        # role refusal gets the generic one.
        code = "permission_denied"
        explained = isinstance(exc, PermissionDenied) and str(exc)
        message = str(exc) if explained else str(exceptions.PermissionDenied.default_detail)
    elif isinstance(exc, exceptions.APIException):
        code = str(exc.default_code)
        message = str(exc.detail) if isinstance(exc.detail, str) else str(exc.default_detail)
    else:  # pragma: no cover - DRF only handles the cases above
        code, message = "error", str(exc)
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response
