"""API routes of the community app (the viewsets are in sutura/community/api/)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.community.api import register

router = SimpleRouter()
register(router)
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
