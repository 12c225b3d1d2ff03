"""The feedback API's routes of one part (staff): included in `api_urls.py`."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
