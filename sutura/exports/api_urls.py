"""The exports API's routes, under /api/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.exports.api import ExportViewSet

router = SimpleRouter()
router.register("exports", ExportViewSet, basename="api-export")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
