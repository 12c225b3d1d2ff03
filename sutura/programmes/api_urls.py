"""The programmes API's routes, under /api/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.programmes.api import (
    PeriodValueViewSet,
    ProgrammeViewSet,
    ResultIndicatorViewSet,
    ResultViewSet,
)

router = SimpleRouter()
router.register("programmes/results", ResultViewSet, basename="api-programme-result")
router.register("programmes/indicators", ResultIndicatorViewSet, basename="api-programme-indicator")
router.register("programmes/periods", PeriodValueViewSet, basename="api-programme-period")
router.register("programmes", ProgrammeViewSet, basename="api-programme")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
