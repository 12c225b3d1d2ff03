"""Duplicate runs, under /duplicates/runs/ (included by `sutura/dedup/urls.py`)."""

from django.urls import path

from sutura.dedup.views import runs

urlpatterns = [
    path("", runs.run_list, name="runs"),
    path("start/", runs.run_start, name="run_start"),
    path("<uuid:pk>/", runs.run_detail, name="run"),
    path("<uuid:pk>/progress/", runs.run_progress, name="run_progress"),
]
