"""The desk's pages (intake, lists, export, designations, intake points): included in
`urls.py` under the namespace "feedback"."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
