from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sutura.accounts.client import client_ip as accounts_client_ip
from sutura.audit.context import AuditContext, current
from sutura.audit.services import record_refused


def client_ip(request: HttpRequest) -> str | None:
    """The client address, read through trusted proxies only (`SUTURA_TRUSTED_PROXIES`)."""
    return accounts_client_ip(request)


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current.set(AuditContext(user=request.user, ip_address=client_ip(request)))
        try:
            response = self.get_response(request)
            if response.status_code in REFUSALS:
                _record_refusal(request, response.status_code)
            return response
        finally:
            current.reset(token)


# A signed-in user refused a page or endpoint of the app: the trace of someone looking for
# records that are not theirs. (Addresses that match no route are not logged: they name no
# record, and scanners would fill the log.)
REFUSALS = frozenset({403, 404})


def _record_refusal(request: HttpRequest, status: int) -> None:
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None or not match.view_name:
        return
    record_refused(user, route=match.view_name, ids=match.kwargs, status=status)
