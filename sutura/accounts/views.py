from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from sutura.accounts import signin, throttle, tokens, twofactor
from sutura.accounts.forms import (
    CodeForm,
    EnrolForm,
    LoginForm,
    ProofForm,
    ReplaceForm,
    TokenForm,
)
from sutura.accounts.middleware import LAST_SEEN_KEY
from sutura.accounts.services import password_changed, remember_language
from sutura.core import sections


def refused(request: HttpRequest, wait: int) -> HttpResponse:
    """429: too many failures from here or on this account; says how long to wait."""
    response = render(
        request,
        "accounts/locked_out.html",
        {"wait_seconds": wait, "wait_minutes": wait // 60 + 1},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        wait = getattr(self.request, throttle.WAIT_ATTRIBUTE, 0)
        if wait:
            return refused(self.request, wait)
        objection = getattr(self.request, signin.REFUSAL_ATTRIBUTE, None)
        if objection:  # the right password, refused by a rule: say why, not "wrong password"
            form.errors.pop("__all__", None)
            form.add_error(None, objection)
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        throttle.remember_device(response, user.get_username())
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in dict(settings.LANGUAGES):
            remember_language(actor=user, language=chosen)  # chosen on the login page
        else:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response


class LogoutView(auth_views.LogoutView):
    """Signing out of the pages also revokes every API token of the account."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            tokens.revoke_all(user=request.user, why="signed out", actor=request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_changed(actor=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, plus remembering the choice on the user's account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        remember_language(actor=request.user, language=language)
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    areas = user.areas.select_related("parent").order_by("level", "name_fr")  # type: ignore[union-attr]
    context = {
        "profile_user": user,
        "areas": areas,
        "has_two_factor": twofactor.has_second_factor(user),
        "token_count": tokens.tokens_of(user).count(),
        # What later apps keep about the account holder (the trainings they attended…).
        "sections": sections.for_page("account", user, user),
    }
    return render(request, "accounts/profile.html", context)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else str(reverse_lazy("core:home"))


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login: a code from the app or a recovery code."""
    if twofactor.session_state(request) != twofactor.VERIFY:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A code typed while django-otp still pauses after a wrong one is not checked (it would
        # be refused whatever it is): say to wait rather than call a right code wrong.
        wait = twofactor.seconds_before_next_try(request.user)
        if not wait and twofactor.check_code(request.user, form.cleaned_data["code"]):
            twofactor.mark_verified(request)
            return redirect(_next(request))
        form.add_error(
            "code",
            ngettext(
                "Too many tries: wait %(seconds)s second, then type the code again.",
                "Too many tries: wait %(seconds)s seconds, then type the code again.",
                wait,
            )
            % {"seconds": wait}
            if wait
            else _(
                "This code is not valid. Check the time on your phone, wait for the next "
                "code and try again."
            ),
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


def _proved(request: HttpRequest, form: Any) -> bool:
    """The current password or code in `form` (a ProofForm), or an error on it."""
    if twofactor.proves_identity(request, request.user, form.cleaned_data["proof"]):
        return True
    wait = getattr(request, throttle.WAIT_ATTRIBUTE, 0)
    message: Any
    if wait:
        message = _("Too many failed attempts: try again in %(minutes)d minute(s).") % {
            "minutes": wait // 60 + 1
        }
    else:
        message = _(
            "This is neither your password nor a valid code. Type your password, or a code "
            "from your authenticator app."
        )
    form.add_error("proof", message)
    return False


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app (QR code and secret), and renew recovery codes."""
    user = request.user
    enrolled = twofactor.has_second_factor(user)
    if twofactor.session_state(request) == twofactor.VERIFY:
        return redirect("accounts:two_factor_verify")
    if request.method == "GET" and (shown := request.session.pop(SHOW_ONCE_CODES, None)):
        return render(request, "accounts/recovery_codes.html", shown)
    action = request.POST.get("action") if request.method == "POST" else None
    proof_form = ProofForm(request.POST if action == "renew" else None)
    if action == "renew" and enrolled and proof_form.is_valid() and _proved(request, proof_form):
        codes = twofactor.renew_recovery_codes(actor=user)
        return _show_once(request, SHOW_ONCE_CODES, {"codes": codes}, "accounts:two_factor")
    form_class = ReplaceForm if enrolled else EnrolForm
    form = form_class(request.POST if action == "enrol" else None)
    if action == "enrol" and form.is_valid() and (not enrolled or _proved(request, form)):
        first_codes = twofactor.confirm_enrolment(actor=user, code=form.cleaned_data["code"])
        if first_codes is not None:
            twofactor.mark_verified(request)
            shown = {"codes": first_codes, "next": _next(request)}
            return _show_once(request, SHOW_ONCE_CODES, shown, "accounts:two_factor")
        form.add_error(
            "code",
            _("This code does not match. Check that the phone's time is right and try again."),
        )
    context: dict[str, Any] = {
        "enrolled": enrolled,
        "required": twofactor.required_for(user),
        "codes_left": twofactor.recovery_codes_left(user) if enrolled else 0,
        "form": form,
        "proof_form": proof_form,
        "next": _next(request) if request.GET.get("next") or request.POST.get("next") else "",
    }
    if not enrolled or request.GET.get("replace") or action == "enrol":
        device = twofactor.pending_device(user)
        context["setting_up"] = True
        context["qr"] = twofactor.qr_svg(device)
        context["secret"] = twofactor.secret_text(device)
    return render(request, "accounts/two_factor.html", context)


# Secrets shown once (recovery codes, a new token's key) travel to the next GET in the session and
# are removed as they are shown: reloading the page neither shows them again nor makes new ones.
SHOW_ONCE_CODES = "accounts.recovery_codes_once"
SHOW_ONCE_TOKEN = "accounts.token_once"  # noqa: S105 - a session key


def _show_once(request: HttpRequest, key: str, shown: dict[str, Any], to: str) -> HttpResponse:
    request.session[key] = shown
    return redirect(to)


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens: create one (its secret shown once), list, revoke."""
    form = TokenForm(request.POST or None)
    created = request.session.pop(SHOW_ONCE_TOKEN, None) if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        try:
            _token, key = tokens.create_token(actor=request.user, name=form.cleaned_data["name"])
        except tokens.TokenLimitReached as error:
            form.add_error(None, str(error))
        else:
            return _show_once(request, SHOW_ONCE_TOKEN, {"key": key}, "accounts:tokens")
    context = {
        "tokens": tokens.tokens_of(request.user),
        "form": form,
        "created": created,
        "ttl_days": tokens.ttl_days(),
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, prefix: str) -> HttpResponse:
    if tokens.revoke(actor=request.user, token_key=prefix):
        messages.success(request, _("The token was revoked: it no longer works."))
    return redirect("accounts:tokens")


@require_POST
def stay_signed_in(request: HttpRequest) -> HttpResponse:
    """The 'stay signed in' button of the inactivity warning (a request is activity)."""
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if not request.user.is_authenticated:
        if wants_json:
            return JsonResponse({"signed_in": False}, status=401)
        return redirect_to_login(_next(request))
    request.session[LAST_SEEN_KEY] = int(time.time())
    seconds = settings.SUTURA_SESSION_IDLE_MINUTES * 60
    if wants_json:
        return JsonResponse({"signed_in": True, "expires_in": seconds})
    return redirect(_next(request))
