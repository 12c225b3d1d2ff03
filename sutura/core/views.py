from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sutura.core.home import home_cards, role_intros


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's home page: what this user can do next."""
    context = {"cards": home_cards(request.user), "intros": role_intros(request.user)}
    return render(request, "core/home.html", context)
