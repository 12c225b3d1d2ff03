from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sutura.accounts.roles import role_intros
from sutura.core.registry import home_cards


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's home page: what this user can do next (each app adds its cards)."""
    user: Any = request.user
    context = {"cards": home_cards(user), "intros": role_intros(user.roles)}
    return render(request, "core/home.html", context)
