"""Duplicate files, under /duplicates/: each part keeps its own list of routes."""

from django.urls import include, path

from sutura.dedup import urls_runs

app_name = "dedup"

urlpatterns = [
    path("runs/", include(urls_runs.urlpatterns)),
]
