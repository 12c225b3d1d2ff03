from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sutura.accounts import twofactor

LAST_SEEN_KEY = "sutura_seen"
SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute for this


def _always_open() -> set[str]:
    return {reverse("accounts:logout"), reverse("set_language")}


class PasswordChangeRequiredMiddleware:
    """After an administrator resets a password, the user must choose their own first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {
                reverse("accounts:password_change"),
                reverse("accounts:two_factor_verify"),  # the second factor comes first
                reverse("accounts:two_factor"),
                *_always_open(),
            }
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("accounts:password_change")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Sign out a session idle for `SUTURA_SESSION_IDLE_MINUTES` (the page warns before:
    static/js/session.js)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(LAST_SEEN_KEY)
            if seen is not None and now - int(seen) > settings.SUTURA_SESSION_IDLE_MINUTES * 60:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # answers as to anyone signed out
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
            if seen is None or now - int(seen) >= SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A session that has not given its second factor reaches only the code page (or, when
    the policy requires a second factor it does not have yet, the enrolment page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith("/static/"):
            return self.get_response(request)
        state = twofactor.session_state(request)
        if state == twofactor.DONE:
            return self.get_response(request)
        target = (
            "accounts:two_factor_verify" if state == twofactor.VERIFY else "accounts:two_factor"
        )
        if request.path in {reverse(target), *_always_open()}:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            message = _("Give your two-factor code on the login page first.")
            return JsonResponse(
                {"error": {"code": "two_factor_required", "message": message, "fields": {}}},
                status=403,
            )
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
