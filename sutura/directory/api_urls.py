"""API routes of the directory: published services and pathways, and proposals."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.directory.api.entries import PublicServiceViewSet
from sutura.directory.api.pathways import PublicPathwayViewSet
from sutura.directory.api.proposals import ProposalViewSet

router = SimpleRouter()
router.register("directory/services", PublicServiceViewSet, basename="api-directory-service")
router.register("directory/pathways", PublicPathwayViewSet, basename="api-directory-pathway")
router.register("directory/proposals", ProposalViewSet, basename="api-directory-proposal")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
