"""Pages of risk analyses, their comparison, assets and the map, action plans."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
