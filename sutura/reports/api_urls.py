"""The reports API's routes, under /api/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.reports.api import ProgrammeReportViewSet

router = SimpleRouter()
router.register("programme-reports", ProgrammeReportViewSet, basename="api-programme-report")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
