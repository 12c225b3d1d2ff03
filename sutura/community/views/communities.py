"""Pages of communities, selection, diagnosis, diagnosis report (PDF)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
