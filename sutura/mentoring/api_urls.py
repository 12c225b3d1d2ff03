"""API routes of the mentoring app (the viewsets are in sutura/mentoring/api/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.mentoring.api import register

router = SimpleRouter()
register(router)
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
