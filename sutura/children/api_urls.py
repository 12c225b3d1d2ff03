"""The children API's routes (viewsets in `api.py`), included under /api/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.children import api

router = SimpleRouter()
router.register("children/profiles", api.ProfileViewSet, basename="api-child-profile")
router.register("children/arrangements", api.ArrangementViewSet, basename="api-care-arrangement")
router.register("children/checks", api.CheckViewSet, basename="api-care-check")
router.register("children/assessments", api.AssessmentViewSet, basename="api-bia")
router.register("children/determinations", api.DeterminationViewSet, basename="api-bid")
urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
