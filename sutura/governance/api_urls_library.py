"""API routes of the governance library."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from sutura.governance.api.library import LibraryDocumentViewSet

router = SimpleRouter()
router.register("library/documents", LibraryDocumentViewSet, basename="api-library-document")
urlpatterns: list[URLPattern | URLResolver] = list(router.urls)
