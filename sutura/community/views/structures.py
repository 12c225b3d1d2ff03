"""Pages of protection committees, outreach volunteers, safe spaces, initiatives."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
