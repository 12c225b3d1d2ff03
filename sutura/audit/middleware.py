from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sutura.accounts.client import client_ip as accounts_client_ip
from sutura.audit.context import AuditContext, current


def client_ip(request: HttpRequest) -> str | None:
    """The client address, read through trusted proxies only (`SUTURA_TRUSTED_PROXIES`)."""
    return accounts_client_ip(request)


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current.set(AuditContext(user=request.user, ip_address=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
