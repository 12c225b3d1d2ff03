"""API routes of the governance library, the roadmap and the assessments."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.governance.api.library import LibraryDocumentViewSet
from sutura.governance.api.roadmap import AssessmentViewSet, RoadmapViewSet

router = SimpleRouter()
router.register("library/documents", LibraryDocumentViewSet, basename="api-library-document")
router.register("roadmaps", RoadmapViewSet, basename="api-roadmap")
router.register("governance/assessments", AssessmentViewSet, basename="api-nrm-assessment")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
