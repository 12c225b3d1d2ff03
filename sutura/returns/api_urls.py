"""API routes of the return journey (the viewset is in sutura/returns/api.py)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.returns.api import ReturnViewSet

router = SimpleRouter()
router.register("returns", ReturnViewSet, basename="api-return")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
