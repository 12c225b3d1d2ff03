from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from sutura.accounts.forms import LoginForm
from sutura.accounts.services import password_changed, remember_language


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
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
    pass


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
    return render(request, "accounts/profile.html", {"profile_user": user, "areas": areas})
