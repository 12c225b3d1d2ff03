"""The feedback desk's pages (thin: parse, call a service or a selector, render)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sutura.feedback import selectors


@login_required
def item(request: HttpRequest, pk: Any) -> HttpResponse:
    found = selectors.item_for(request.user, pk)
    return render(request, "feedback/item.html", found)
