"""Pages of workplans, monitoring visits, periodic reports, case trends."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
