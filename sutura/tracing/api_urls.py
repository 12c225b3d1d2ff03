"""The tracing API's routes, included under /api/ in `sutura/urls.py`."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.tracing.api import (
    FamilyAssessmentViewSet,
    ReunificationViewSet,
    ReunificationVisitViewSet,
    TracingRequestViewSet,
)

router = SimpleRouter()
router.register("tracing/requests", TracingRequestViewSet, basename="api-tracing-request")
router.register("tracing/assessments", FamilyAssessmentViewSet, basename="api-tracing-assessment")
router.register(
    "tracing/reunifications", ReunificationViewSet, basename="api-tracing-reunification"
)
router.register("tracing/visits", ReunificationVisitViewSet, basename="api-tracing-visit")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
